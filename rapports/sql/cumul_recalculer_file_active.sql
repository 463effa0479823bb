-- Recompute the months of one year in which a situation had an interview that reached
-- someone, and move the file active counters from the old months (and post, if it moved)
-- to the new ones.
CREATE OR REPLACE FUNCTION cumul_recalculer_file_active(p_situation bigint, p_annee integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ancien rapports_contactssituation%ROWTYPE;
    n_poste bigint;
    nouveau integer;
BEGIN
    -- The post of the situation, and the post its months were counted on (if it moved).
    PERFORM cumul_verrouiller(poste_id) FROM (
        SELECT poste_id FROM accueil_situation WHERE id = p_situation
        UNION SELECT poste_id FROM rapports_contactssituation
               WHERE situation_id = p_situation AND annee = p_annee
        ORDER BY 1
    ) postes;
    SELECT s.poste_id,
           (SELECT bit_or(1 << (extract(month FROM e.date)::integer - 1))
              FROM accueil_entretien e
             WHERE e.situation_id = s.id AND e.mode <> 'sans_reponse'
               AND e.date >= make_date(p_annee, 1, 1) AND e.date < make_date(p_annee + 1, 1, 1))
      INTO n_poste, nouveau
      FROM accueil_situation s WHERE s.id = p_situation;
    nouveau := coalesce(nouveau, 0);  -- no interview that year, or the situation is gone
    SELECT * INTO ancien FROM rapports_contactssituation
     WHERE situation_id = p_situation AND annee = p_annee;
    IF FOUND THEN
        IF ancien.masque = nouveau AND ancien.poste_id = n_poste THEN
            RETURN;
        END IF;
        PERFORM cumul_ajouter(ancien.poste_id, make_date(p_annee, l.mois, 1), l.dimension, '', -1)
           FROM cumul_masque_lignes(ancien.masque, 'file_active') l;
        DELETE FROM rapports_contactssituation
         WHERE situation_id = p_situation AND annee = p_annee;
    END IF;
    IF nouveau <> 0 THEN
        INSERT INTO rapports_contactssituation (situation_id, poste_id, annee, masque)
        VALUES (p_situation, n_poste, p_annee, nouveau);
        PERFORM cumul_ajouter(n_poste, make_date(p_annee, l.mois, 1), l.dimension, '', 1)
           FROM cumul_masque_lignes(nouveau, 'file_active') l;
    END IF;
END $$;
