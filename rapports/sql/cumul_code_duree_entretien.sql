-- The code an interview that reached someone counts in the interviews-by-length table
-- (issue 19, time spent), by its minutes: 'moins_30' (0 to 29), '30_59', '60_119',
-- '120_plus' (two hours and more), 'nr' (length not noted).
CREATE OR REPLACE FUNCTION cumul_code_duree_entretien(p_minutes integer)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_minutes IS NULL THEN 'nr'
                WHEN p_minutes < 30 THEN 'moins_30'
                WHEN p_minutes < 60 THEN '30_59'
                WHEN p_minutes < 120 THEN '60_119'
                ELSE '120_plus' END
$$;
