-- The (month, dimension) counts the months of one year in which a person was met (the
-- population 'personnes') or a situation had an interview ('file_active') contribute:
-- every month with a contact, the first such month of each quarter, the first of the year.
CREATE OR REPLACE FUNCTION cumul_masque_lignes(p_masque integer, p_population text)
RETURNS TABLE (mois integer, dimension text) LANGUAGE sql IMMUTABLE AS $$
    SELECT m, p_population || '_mois' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0
    UNION ALL
    SELECT min(m), p_population || '_trimestre' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0 GROUP BY (m - 1) / 3
    UNION ALL
    SELECT min(m), p_population || '_annee' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0 HAVING count(*) > 0
$$;
