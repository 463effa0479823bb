-- The code a referral counts in the sites table: its site's force and id ('police-12'), so
-- that the forces table is a grouping of the sites' codes.
CREATE OR REPLACE FUNCTION cumul_code_site(p_site bigint)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT force || '-' || id FROM intervenants_site WHERE id = p_site
$$;
