-- Trigger of intervenants_site: a site whose force is corrected moves its referrals' counts
-- to its new code (posts locked in ascending order, as everywhere).
CREATE OR REPLACE FUNCTION cumul_site_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.force IS NOT DISTINCT FROM NEW.force THEN
        RETURN NULL;
    END IF;
    PERFORM cumul_ajouter(x.poste_id, x.date_saisine, 'site', OLD.force || '-' || OLD.id, -1),
            cumul_ajouter(x.poste_id, x.date_saisine, 'site', NEW.force || '-' || NEW.id, 1)
       FROM (SELECT poste_id, date_saisine FROM accueil_saisine WHERE site_id = NEW.id
              ORDER BY poste_id) x;
    RETURN NULL;
END $$;
