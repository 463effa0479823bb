-- Everything again from the raw tables (data generation, repair). Needs the tables'
-- owner (TRUNCATE); the nightly check reads the cumul_calcul* functions instead.
CREATE OR REPLACE FUNCTION cumul_reconstruire() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE rapports_cumul, rapports_cumulannuel, rapports_contactsannuels,
             rapports_contactssituation, rapports_delaisituation, rapports_suitesituation;
    INSERT INTO rapports_contactsannuels (poste_id, personne_id, annee, masque)
    SELECT * FROM cumul_calcul_contacts();
    INSERT INTO rapports_contactssituation (situation_id, poste_id, annee, masque)
    SELECT * FROM cumul_calcul_file_active();
    INSERT INTO rapports_delaisituation (situation_id, poste_id, mois, delai)
    SELECT * FROM cumul_calcul_delais();
    INSERT INTO rapports_suitesituation (situation_id, poste_id, mois, suite, saisines)
    SELECT * FROM cumul_calcul_suites();
    INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
    SELECT * FROM cumul_calcul();
    INSERT INTO rapports_cumulannuel (poste_id, annee, dimension, code, n)
    SELECT poste_id, extract(year FROM mois)::smallint, dimension, code, sum(n)::integer
      FROM rapports_cumul GROUP BY 1, 2, 3, 4;
END $$;
