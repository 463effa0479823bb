-- The code a closed situation counts in the follow-up length table, by days from opening to
-- closing: 'moins_1_mois' (0 to 30), '1_3_mois' (31 to 91), '3_12_mois' (92 to 365),
-- 'plus_1_an' (366 and more).
CREATE OR REPLACE FUNCTION cumul_code_duree(s accueil_situation)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN s.date_cloture - s.date_ouverture <= 30 THEN 'moins_1_mois'
                WHEN s.date_cloture - s.date_ouverture <= 91 THEN '1_3_mois'
                WHEN s.date_cloture - s.date_ouverture <= 365 THEN '3_12_mois'
                ELSE 'plus_1_an' END
$$;
