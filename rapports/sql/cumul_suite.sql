-- The follow-up given to a situation, as the framework names it (III.6), from what is
-- recorded, whatever its date; the first that applies: 'transmission' (a transmission),
-- 'orientation_urgence' (an orientation to an emergency social structure: 115 / SIAO),
-- 'orientation' (another orientation), 'entretien' (an interview that reached the person,
-- nothing more), 'aucune' (no contact yet).
CREATE OR REPLACE FUNCTION cumul_suite(p_situation bigint)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM accueil_transmission WHERE situation_id = p_situation)
            THEN 'transmission'
        WHEN EXISTS (SELECT 1 FROM accueil_orientation WHERE situation_id = p_situation
                        AND type_partenaire = '115_siao')
            THEN 'orientation_urgence'
        WHEN EXISTS (SELECT 1 FROM accueil_orientation WHERE situation_id = p_situation)
            THEN 'orientation'
        WHEN EXISTS (SELECT 1 FROM accueil_entretien WHERE situation_id = p_situation
                        AND mode <> 'sans_reponse')
            THEN 'entretien'
        ELSE 'aucune' END
$$;
