-- A situation's post and person, read once the post's lock is held: a move committed
-- while we waited is counted on the new post.
CREATE OR REPLACE FUNCTION cumul_situation_verrouillee(
    p_situation bigint, OUT o_poste bigint, OUT o_personne bigint)
LANGUAGE plpgsql AS $$
DECLARE
    verrouille bigint;
BEGIN
    SELECT s.poste_id, s.personne_id INTO o_poste, o_personne
      FROM accueil_situation s WHERE s.id = p_situation;
    LOOP
        PERFORM cumul_verrouiller(o_poste);
        verrouille := o_poste;
        -- A move committed while we waited is visible to this new statement.
        SELECT s.poste_id, s.personne_id INTO o_poste, o_personne
          FROM accueil_situation s WHERE s.id = p_situation;
        EXIT WHEN o_poste IS NOT DISTINCT FROM verrouille;
    END LOOP;
END $$;
