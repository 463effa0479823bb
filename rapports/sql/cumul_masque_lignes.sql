-- The (month, dimension) counts a person's months of one year contribute: every month
-- with a contact, the first such month of each quarter, the first of the year.
CREATE OR REPLACE FUNCTION cumul_masque_lignes(p_masque integer)
RETURNS TABLE (mois integer, dimension text) LANGUAGE sql IMMUTABLE AS $$
    SELECT m, 'personnes_mois' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0
    UNION ALL
    SELECT min(m), 'personnes_trimestre' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0 GROUP BY (m - 1) / 3
    UNION ALL
    SELECT min(m), 'personnes_annee' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0 HAVING count(*) > 0
$$;
