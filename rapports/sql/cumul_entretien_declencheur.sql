-- Trigger of accueil_entretien: its mode, its length (interviews that reached someone),
-- the person's months met, the situation's months in the file active, its delay and
-- follow-up.
CREATE OR REPLACE FUNCTION cumul_entretien_declencheur() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ancienne record;
    nouvelle record;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.situation_id, OLD.date, OLD.mode, OLD.duree_minutes)
        IS NOT DISTINCT FROM (NEW.situation_id, NEW.date, NEW.mode, NEW.duree_minutes) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT * INTO ancienne FROM cumul_situation_verrouillee(OLD.situation_id);
        PERFORM cumul_ajouter(ancienne.o_poste, OLD.date, 'mode', OLD.mode, -1);
        IF OLD.mode <> 'sans_reponse' THEN
            PERFORM cumul_ajouter(ancienne.o_poste, OLD.date, 'duree_entretien',
                                  cumul_code_duree_entretien(OLD.duree_minutes), -1);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT * INTO nouvelle FROM cumul_situation_verrouillee(NEW.situation_id);
        PERFORM cumul_ajouter(nouvelle.o_poste, NEW.date, 'mode', NEW.mode, 1);
        IF NEW.mode <> 'sans_reponse' THEN
            PERFORM cumul_ajouter(nouvelle.o_poste, NEW.date, 'duree_entretien',
                                  cumul_code_duree_entretien(NEW.duree_minutes), 1);
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.mode <> 'sans_reponse' THEN
        PERFORM cumul_recalculer_masque(ancienne.o_poste, ancienne.o_personne,
                                        extract(year FROM OLD.date)::integer);
        PERFORM cumul_recalculer_file_active(OLD.situation_id,
                                             extract(year FROM OLD.date)::integer);
        PERFORM cumul_recalculer_delai(OLD.situation_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.mode <> 'sans_reponse' THEN
        PERFORM cumul_recalculer_masque(nouvelle.o_poste, nouvelle.o_personne,
                                        extract(year FROM NEW.date)::integer);
        PERFORM cumul_recalculer_file_active(NEW.situation_id,
                                             extract(year FROM NEW.date)::integer);
        PERFORM cumul_recalculer_delai(NEW.situation_id);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM cumul_recalculer_suite(OLD.situation_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE'
                           AND NEW.situation_id IS DISTINCT FROM OLD.situation_id) THEN
        PERFORM cumul_recalculer_suite(NEW.situation_id);
    END IF;
    RETURN NULL;
END $$;
