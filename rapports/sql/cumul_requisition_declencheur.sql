-- Trigger of accueil_requisition (issue 17, item 5): its answer, counted on the month it
-- was received in its post (a requisition belongs to a post, with or without a situation).
CREATE OR REPLACE FUNCTION cumul_requisition_declencheur() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.poste_id, OLD.date, OLD.reponse)
        IS NOT DISTINCT FROM (NEW.poste_id, NEW.date, NEW.reponse)
    THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM cumul_ajouter(OLD.poste_id, OLD.date, 'requisition', OLD.reponse, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM cumul_ajouter(NEW.poste_id, NEW.date, 'requisition', NEW.reponse, 1);
    END IF;
    RETURN NULL;
END $$;
