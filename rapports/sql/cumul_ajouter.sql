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
