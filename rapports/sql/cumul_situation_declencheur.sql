-- Trigger of accueil_situation: its residue and follow-up, and, when it changes post or
-- person (or is deleted), what its records count.
CREATE OR REPLACE FUNCTION cumul_situation_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    annee integer;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.poste_id, OLD.personne_id, OLD.date_ouverture, OLD.sexe,
            OLD.tranche_age, OLD.mineur, OLD.statut_affaire, OLD.problematiques,
            OLD.connu_service_social, OLD.enfants_au_foyer, OLD.date_cloture)
        IS NOT DISTINCT FROM (NEW.poste_id, NEW.personne_id, NEW.date_ouverture, NEW.sexe,
            NEW.tranche_age, NEW.mineur, NEW.statut_affaire, NEW.problematiques,
            NEW.connu_service_social, NEW.enfants_au_foyer, NEW.date_cloture) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM cumul_situation_propre(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM cumul_situation_propre(NEW, 1);
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.poste_id <> NEW.poste_id OR OLD.personne_id <> NEW.personne_id)
    THEN
        IF OLD.poste_id <> NEW.poste_id THEN
            PERFORM cumul_situation_enfants(OLD.id, OLD.poste_id, -1);
            PERFORM cumul_situation_enfants(NEW.id, NEW.poste_id, 1);
        END IF;
        FOR annee IN SELECT DISTINCT extract(year FROM date)::integer FROM accueil_entretien
                      WHERE situation_id = NEW.id AND mode <> 'sans_reponse' LOOP
            PERFORM cumul_recalculer_masque(OLD.poste_id, OLD.personne_id, annee);
            PERFORM cumul_recalculer_masque(NEW.poste_id, NEW.personne_id, annee);
            IF OLD.poste_id <> NEW.poste_id THEN
                PERFORM cumul_recalculer_file_active(NEW.id, annee);
            END IF;
        END LOOP;
    END IF;
    IF TG_OP = 'DELETE' THEN
        -- Its interviews are deleted first (nothing left to count): a safety net.
        FOR annee IN SELECT c.annee FROM rapports_contactssituation c
                      WHERE c.situation_id = OLD.id LOOP
            PERFORM cumul_recalculer_file_active(OLD.id, annee);
        END LOOP;
        PERFORM cumul_recalculer_delai(OLD.id);
        PERFORM cumul_recalculer_suite(OLD.id);
    ELSIF TG_OP = 'UPDATE' AND (OLD.poste_id <> NEW.poste_id
                                OR OLD.date_ouverture <> NEW.date_ouverture) THEN
        PERFORM cumul_recalculer_delai(NEW.id);
        PERFORM cumul_recalculer_suite(NEW.id);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM cumul_recalculer_suite(NEW.id);
    END IF;
    RETURN NULL;
END $$;
