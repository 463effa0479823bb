-- rapports_contactssituation computed afresh from the raw tables (read only: the nightly
-- check compares it with the kept rows, cumul_reconstruire() stores it).
CREATE OR REPLACE FUNCTION cumul_calcul_file_active()
RETURNS TABLE (situation_id bigint, poste_id bigint, annee integer, masque integer)
LANGUAGE sql STABLE AS $$
    SELECT e.situation_id, s.poste_id, extract(year FROM e.date)::integer,
           bit_or(1 << (extract(month FROM e.date)::integer - 1))::integer
      FROM accueil_entretien e JOIN accueil_situation s ON s.id = e.situation_id
     WHERE e.mode <> 'sans_reponse'
     GROUP BY 1, 2, 3
$$;
