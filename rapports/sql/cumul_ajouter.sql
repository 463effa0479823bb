-- Add p_delta to one counter: a post, the month of p_jour, a dimension and a code.
-- The post's lock comes first, before the counter's row lock.
CREATE OR REPLACE FUNCTION cumul_ajouter(p_poste bigint, p_jour date, p_dimension text,
                                         p_code text, p_delta integer)
RETURNS void LANGUAGE sql AS $$
    SELECT cumul_verrouiller(p_poste);
    INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
    VALUES (p_poste, date_trunc('month', p_jour)::date, p_dimension, coalesce(p_code, ''),
            p_delta)
    ON CONFLICT (poste_id, mois, dimension, code)
    DO UPDATE SET n = rapports_cumul.n + EXCLUDED.n
$$;
