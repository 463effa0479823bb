-- Trigger of accueil_saisine: its origin, state and site, and the delay and number of
-- referrals of the situation it belongs to.
CREATE OR REPLACE FUNCTION cumul_saisine_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.poste_id, OLD.date_saisine, OLD.origine, OLD.situation_id,
                             OLD.etat, OLD.site_id)
        IS NOT DISTINCT FROM (NEW.poste_id, NEW.date_saisine, NEW.origine, NEW.situation_id,
                              NEW.etat, NEW.site_id)
    THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM cumul_ajouter(OLD.poste_id, OLD.date_saisine, 'origine', OLD.origine, -1);
        PERFORM cumul_ajouter(OLD.poste_id, OLD.date_saisine, 'etat', OLD.etat, -1);
        PERFORM cumul_ajouter(OLD.poste_id, OLD.date_saisine, 'site', cumul_code_site(OLD.site_id),
                              -1);
        IF OLD.situation_id IS NOT NULL THEN
            PERFORM cumul_recalculer_delai(OLD.situation_id);
            PERFORM cumul_recalculer_suite(OLD.situation_id);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM cumul_ajouter(NEW.poste_id, NEW.date_saisine, 'origine', NEW.origine, 1);
        PERFORM cumul_ajouter(NEW.poste_id, NEW.date_saisine, 'etat', NEW.etat, 1);
        PERFORM cumul_ajouter(NEW.poste_id, NEW.date_saisine, 'site', cumul_code_site(NEW.site_id),
                              1);
        IF NEW.situation_id IS NOT NULL AND (TG_OP = 'INSERT'
                OR NEW.situation_id IS DISTINCT FROM OLD.situation_id
                OR NEW.date_saisine <> OLD.date_saisine) THEN
            PERFORM cumul_recalculer_delai(NEW.situation_id);
            IF TG_OP = 'INSERT' OR NEW.situation_id IS DISTINCT FROM OLD.situation_id THEN
                PERFORM cumul_recalculer_suite(NEW.situation_id);
            END IF;
        END IF;
    END IF;
    RETURN NULL;
END $$;
