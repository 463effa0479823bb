-- Trigger of acts, orientations, transmissions: the trigger's arguments are (dimension,
-- column) pairs, counted on the month of the record's date in its situation's post. An
-- orientation or a transmission also changes its situation's follow-up.
CREATE OR REPLACE FUNCTION cumul_enfant_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ancien jsonb;
    nouveau jsonb;
    poste bigint;
    i integer;
    colonnes text[] := ARRAY['situation_id', 'date'];
BEGIN
    FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
        colonnes := colonnes || TG_ARGV[i + 1];
    END LOOP;
    IF TG_OP <> 'INSERT' THEN
        ancien := to_jsonb(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        nouveau := to_jsonb(NEW);
    END IF;
    IF TG_OP = 'UPDATE' AND NOT EXISTS (
        SELECT 1 FROM unnest(colonnes) c WHERE ancien -> c IS DISTINCT FROM nouveau -> c) THEN
        RETURN NULL;
    END IF;
    IF ancien IS NOT NULL THEN
        SELECT o_poste INTO poste
          FROM cumul_situation_verrouillee((ancien ->> 'situation_id')::bigint);
        FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
            PERFORM cumul_ajouter(poste, (ancien ->> 'date')::date, TG_ARGV[i],
                                  ancien ->> TG_ARGV[i + 1], -1);
        END LOOP;
        IF TG_TABLE_NAME IN ('accueil_orientation', 'accueil_transmission') THEN
            PERFORM cumul_recalculer_suite((ancien ->> 'situation_id')::bigint);
        END IF;
    END IF;
    IF nouveau IS NOT NULL THEN
        SELECT o_poste INTO poste
          FROM cumul_situation_verrouillee((nouveau ->> 'situation_id')::bigint);
        FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
            PERFORM cumul_ajouter(poste, (nouveau ->> 'date')::date, TG_ARGV[i],
                                  nouveau ->> TG_ARGV[i + 1], 1);
        END LOOP;
        IF TG_TABLE_NAME IN ('accueil_orientation', 'accueil_transmission')
           AND (ancien IS NULL OR ancien -> 'situation_id' <> nouveau -> 'situation_id') THEN
            PERFORM cumul_recalculer_suite((nouveau ->> 'situation_id')::bigint);
        END IF;
    END IF;
    RETURN NULL;
END $$;
