-- What a situation counts by itself (its residue), in or out (p_signe 1 or -1).
CREATE OR REPLACE FUNCTION cumul_situation_propre(s accueil_situation, p_signe integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    p text;
BEGIN
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'sexe', s.sexe, p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'mineur',
        CASE s.mineur WHEN true THEN 'mineur' WHEN false THEN 'majeur' ELSE 'inconnu' END,
        p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'tranche_age', s.tranche_age, p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'statut', s.statut_affaire, p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'connu_ss', s.connu_service_social,
                          p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'enfants', cumul_code_enfants(s),
                          p_signe);
    IF s.sexe = 'F' AND s.mineur IS false THEN
        PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'femme_majeure', 'oui', p_signe);
    END IF;
    IF s.date_cloture IS NOT NULL THEN  -- counted on the month it was closed
        PERFORM cumul_ajouter(s.poste_id, s.date_cloture, 'cloture', cumul_code_duree(s),
                              p_signe);
    END IF;
    FOREACH p IN ARRAY coalesce(s.problematiques, '{}') LOOP
        IF p IS NOT NULL THEN
            PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'problematique', p, p_signe);
        END IF;
    END LOOP;
END $$;
