-- rapports_delaisituation computed afresh from the raw tables (read only).
CREATE OR REPLACE FUNCTION cumul_calcul_delais()
RETURNS TABLE (situation_id bigint, poste_id bigint, mois date, delai integer)
LANGUAGE sql STABLE AS $$
    SELECT s.id, s.poste_id, date_trunc('month', s.date_ouverture)::date,
           greatest(c.premier - a.premiere, 0)
      FROM accueil_situation s
      JOIN (SELECT situation_id, min(date_saisine) premiere FROM accueil_saisine
             WHERE situation_id IS NOT NULL GROUP BY 1) a ON a.situation_id = s.id
      JOIN (SELECT situation_id, min(date) premier FROM accueil_entretien
             WHERE mode <> 'sans_reponse' GROUP BY 1) c ON c.situation_id = s.id
$$;
