-- rapports/sql/ as of migration 0016: the yearly running totals are kept beside the monthly ones.
-- Add p_delta to one counter: a post, the month of p_jour, a dimension and a code; and to
-- the same counter of the year (rapports_cumulannuel, the sum of the months).
-- The post's lock comes first, before the counters' row locks.
CREATE OR REPLACE FUNCTION cumul_ajouter(p_poste bigint, p_jour date, p_dimension text,
                                         p_code text, p_delta integer)
RETURNS void LANGUAGE sql AS $$
    SELECT cumul_verrouiller(p_poste);
    INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
    VALUES (p_poste, date_trunc('month', p_jour)::date, p_dimension, coalesce(p_code, ''),
            p_delta)
    ON CONFLICT (poste_id, mois, dimension, code)
    DO UPDATE SET n = rapports_cumul.n + EXCLUDED.n;
    INSERT INTO rapports_cumulannuel (poste_id, annee, dimension, code, n)
    VALUES (p_poste, extract(year FROM p_jour)::smallint, p_dimension, coalesce(p_code, ''),
            p_delta)
    ON CONFLICT (poste_id, annee, dimension, code)
    DO UPDATE SET n = rapports_cumulannuel.n + EXCLUDED.n
$$;
-- Everything a situation's interviews, acts, orientations and transmissions count, moved
-- in or out of a post (a situation changing post), in the months and in the years.
CREATE OR REPLACE FUNCTION cumul_situation_enfants(p_situation bigint, p_poste bigint, p_signe integer)
RETURNS void LANGUAGE sql AS $$
    WITH enfants AS (
        SELECT date_trunc('month', date)::date mois, 'mode' dimension, mode code, count(*) n
          FROM accueil_entretien WHERE situation_id = p_situation GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'duree_entretien',
               cumul_code_duree_entretien(duree_minutes), count(*)
          FROM accueil_entretien WHERE situation_id = p_situation AND mode <> 'sans_reponse'
         GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'acte', type, count(*)
          FROM accueil_acte WHERE situation_id = p_situation GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'partenaire', type_partenaire, count(*)
          FROM accueil_orientation WHERE situation_id = p_situation GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'issue', issue, count(*)
          FROM accueil_orientation WHERE situation_id = p_situation GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'transmission', nature, count(*)
          FROM accueil_transmission WHERE situation_id = p_situation GROUP BY 1, 3
    ), mensuels AS (
        INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
        SELECT p_poste, mois, dimension, code, p_signe * n FROM enfants
        ON CONFLICT (poste_id, mois, dimension, code)
        DO UPDATE SET n = rapports_cumul.n + EXCLUDED.n
    )
    INSERT INTO rapports_cumulannuel (poste_id, annee, dimension, code, n)
    SELECT p_poste, extract(year FROM mois)::smallint, dimension, code,
           (p_signe * sum(n))::integer
      FROM enfants GROUP BY 2, 3, 4
    ON CONFLICT (poste_id, annee, dimension, code)
    DO UPDATE SET n = rapports_cumulannuel.n + EXCLUDED.n
$$;
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
-- The years already counted: the sum of their months.
INSERT INTO rapports_cumulannuel (poste_id, annee, dimension, code, n)
SELECT poste_id, extract(year FROM mois)::smallint, dimension, code, sum(n)::integer
  FROM rapports_cumul GROUP BY 1, 2, 3, 4;
-- The planner's estimates of the new rows (a scope's years: index-only scan, hash aggregate).
ANALYZE rapports_cumulannuel;
