-- rapports_suitesituation computed afresh from the raw tables (read only).
CREATE OR REPLACE FUNCTION cumul_calcul_suites()
RETURNS TABLE (situation_id bigint, poste_id bigint, mois date, suite text, saisines text)
LANGUAGE sql STABLE AS $$
    SELECT s.id, s.poste_id, date_trunc('month', s.date_ouverture)::date, cumul_suite(s.id),
           cumul_code_saisines(s.id)
      FROM accueil_situation s
$$;
