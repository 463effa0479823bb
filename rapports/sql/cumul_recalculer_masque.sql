-- Recompute the months in which a person was met by a post in one year, and move the
-- people-met counters from the old months to the new ones.
CREATE OR REPLACE FUNCTION cumul_recalculer_masque(p_poste bigint, p_personne bigint,
                                                   p_annee integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ancien integer;
    nouveau integer;
BEGIN
    PERFORM cumul_verrouiller(p_poste);
    SELECT coalesce(bit_or(1 << (extract(month FROM e.date)::integer - 1)), 0) INTO nouveau
      FROM accueil_entretien e JOIN accueil_situation s ON s.id = e.situation_id
     WHERE s.personne_id = p_personne AND s.poste_id = p_poste
       AND e.mode <> 'sans_reponse'
       AND e.date >= make_date(p_annee, 1, 1) AND e.date < make_date(p_annee + 1, 1, 1);
    SELECT masque INTO ancien FROM rapports_contactsannuels
     WHERE poste_id = p_poste AND personne_id = p_personne AND annee = p_annee;
    ancien := coalesce(ancien, 0);
    IF ancien = nouveau THEN
        RETURN;
    END IF;
    PERFORM cumul_ajouter(p_poste, make_date(p_annee, l.mois, 1), l.dimension, '', -1)
       FROM cumul_masque_lignes(ancien, 'personnes') l;
    PERFORM cumul_ajouter(p_poste, make_date(p_annee, l.mois, 1), l.dimension, '', 1)
       FROM cumul_masque_lignes(nouveau, 'personnes') l;
    IF nouveau = 0 THEN
        DELETE FROM rapports_contactsannuels
         WHERE poste_id = p_poste AND personne_id = p_personne AND annee = p_annee;
    ELSE
        INSERT INTO rapports_contactsannuels (poste_id, personne_id, annee, masque)
        VALUES (p_poste, p_personne, p_annee, nouveau)
        ON CONFLICT (personne_id, poste_id, annee) DO UPDATE SET masque = EXCLUDED.masque;
    END IF;
END $$;
