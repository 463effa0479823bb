-- The per-post write lock (a transaction advisory lock). Every accueil service takes it
-- first (accueil/services.py) and every trigger of the statistics' running totals takes it
-- before touching a post's counters (rapports/sql/): writes on one post queue, writes on
-- different posts never wait, and no two transactions take the same locks in two orders.
CREATE OR REPLACE FUNCTION cumul_verrouiller(p_poste bigint) RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(51020, (p_poste % 2147483647)::integer)
$$;
