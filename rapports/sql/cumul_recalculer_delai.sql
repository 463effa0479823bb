-- Recompute a situation's delay from its first referral to its first contact, and move
-- its count in the delay histogram.
CREATE OR REPLACE FUNCTION cumul_recalculer_delai(p_situation bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ancien rapports_delaisituation%ROWTYPE;
    n_poste bigint;
    n_mois date;
    n_delai integer;
BEGIN
    -- The post of the situation, and the post its delay was counted on (if it moved).
    PERFORM cumul_verrouiller(poste_id) FROM (
        SELECT poste_id FROM accueil_situation WHERE id = p_situation
        UNION SELECT poste_id FROM rapports_delaisituation WHERE situation_id = p_situation
        ORDER BY 1
    ) postes;
    SELECT s.poste_id, date_trunc('month', s.date_ouverture)::date,
           (SELECT min(e.date) FROM accueil_entretien e
             WHERE e.situation_id = s.id AND e.mode <> 'sans_reponse')
           - (SELECT min(a.date_saisine) FROM accueil_saisine a WHERE a.situation_id = s.id)
      INTO n_poste, n_mois, n_delai
      FROM accueil_situation s WHERE s.id = p_situation;
    IF n_delai < 0 THEN
        n_delai := 0;  -- met before the referral: the person came on their own first
    END IF;
    SELECT * INTO ancien FROM rapports_delaisituation WHERE situation_id = p_situation;
    IF FOUND THEN
        IF n_delai IS NOT NULL AND ancien.delai = n_delai AND ancien.poste_id = n_poste
           AND ancien.mois = n_mois THEN
            RETURN;
        END IF;
        PERFORM cumul_ajouter(ancien.poste_id, ancien.mois, 'delai', ancien.delai::text, -1);
        DELETE FROM rapports_delaisituation WHERE situation_id = p_situation;
    END IF;
    IF n_delai IS NOT NULL THEN
        INSERT INTO rapports_delaisituation (situation_id, poste_id, mois, delai)
        VALUES (p_situation, n_poste, n_mois, n_delai);
        PERFORM cumul_ajouter(n_poste, n_mois, 'delai', n_delai::text, 1);
    END IF;
END $$;
