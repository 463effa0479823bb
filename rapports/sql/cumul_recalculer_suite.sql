-- Recompute a situation's follow-up and number of referrals, and move its counts in the
-- follow-ups and repeated-referrals tables.
CREATE OR REPLACE FUNCTION cumul_recalculer_suite(p_situation bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ancien rapports_suitesituation%ROWTYPE;
    n_poste bigint;
    n_mois date;
    n_suite text;
    n_saisines text;
BEGIN
    -- The post of the situation, and the post its follow-up was counted on (if it moved).
    PERFORM cumul_verrouiller(poste_id) FROM (
        SELECT poste_id FROM accueil_situation WHERE id = p_situation
        UNION SELECT poste_id FROM rapports_suitesituation WHERE situation_id = p_situation
        ORDER BY 1
    ) postes;
    SELECT s.poste_id, date_trunc('month', s.date_ouverture)::date, cumul_suite(s.id),
           cumul_code_saisines(s.id)
      INTO n_poste, n_mois, n_suite, n_saisines
      FROM accueil_situation s WHERE s.id = p_situation;
    SELECT * INTO ancien FROM rapports_suitesituation WHERE situation_id = p_situation;
    IF FOUND THEN
        IF ancien.suite = n_suite AND ancien.saisines = n_saisines
           AND ancien.poste_id = n_poste AND ancien.mois = n_mois THEN
            RETURN;
        END IF;
        PERFORM cumul_ajouter(ancien.poste_id, ancien.mois, 'suite', ancien.suite, -1);
        PERFORM cumul_ajouter(ancien.poste_id, ancien.mois, 'repetition', ancien.saisines, -1);
        DELETE FROM rapports_suitesituation WHERE situation_id = p_situation;
    END IF;
    IF n_suite IS NOT NULL THEN
        INSERT INTO rapports_suitesituation (situation_id, poste_id, mois, suite, saisines)
        VALUES (p_situation, n_poste, n_mois, n_suite, n_saisines);
        PERFORM cumul_ajouter(n_poste, n_mois, 'suite', n_suite, 1);
        PERFORM cumul_ajouter(n_poste, n_mois, 'repetition', n_saisines, 1);
    END IF;
END $$;
