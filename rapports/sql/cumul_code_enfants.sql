-- The code a situation counts in the children table: 'nr' (not filled in), 'aucun' (none
-- at home), 'au_moins_un'.
CREATE OR REPLACE FUNCTION cumul_code_enfants(s accueil_situation)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN s.enfants_au_foyer IS NULL THEN 'nr'
                WHEN s.enfants_au_foyer = 0 THEN 'aucun'
                ELSE 'au_moins_un' END
$$;
