-- How many referrals a situation received, as the repeated-referrals table codes it:
-- 'aucune', 'une', 'plusieurs' (the same person referred again).
CREATE OR REPLACE FUNCTION cumul_code_saisines(p_situation bigint)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE count(*) WHEN 0 THEN 'aucune' WHEN 1 THEN 'une' ELSE 'plusieurs' END
      FROM accueil_saisine WHERE situation_id = p_situation
$$;
