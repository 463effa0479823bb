-- Everything a situation's interviews, acts, orientations and transmissions count, moved
-- in or out of a post (a situation changing post), in the months and in the years.
CREATE OR REPLACE FUNCTION cumul_situation_enfants(p_situation bigint, p_poste bigint, p_signe integer)
RETURNS void LANGUAGE sql AS $$
    WITH enfants AS (
        SELECT date_trunc('month', date)::date mois, 'mode' dimension, mode code, count(*) n
          FROM accueil_entretien WHERE situation_id = p_situation GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'duree_entretien',
               cumul_code_duree_entretien(duree_minutes), count(*)
          FROM accueil_entretien WHERE situation_id = p_situation AND mode <> 'sans_reponse'
         GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'acte', type, count(*)
          FROM accueil_acte WHERE situation_id = p_situation GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'partenaire', type_partenaire, count(*)
          FROM accueil_orientation WHERE situation_id = p_situation GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'issue', issue, count(*)
          FROM accueil_orientation WHERE situation_id = p_situation GROUP BY 1, 3
        UNION ALL
        SELECT date_trunc('month', date)::date, 'transmission', nature, count(*)
          FROM accueil_transmission WHERE situation_id = p_situation GROUP BY 1, 3
    ), mensuels AS (
        INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
        SELECT p_poste, mois, dimension, code, p_signe * n FROM enfants
        ON CONFLICT (poste_id, mois, dimension, code)
        DO UPDATE SET n = rapports_cumul.n + EXCLUDED.n
    )
    INSERT INTO rapports_cumulannuel (poste_id, annee, dimension, code, n)
    SELECT p_poste, extract(year FROM mois)::smallint, dimension, code,
           (p_signe * sum(n))::integer
      FROM enfants GROUP BY 2, 3, 4
    ON CONFLICT (poste_id, annee, dimension, code)
    DO UPDATE SET n = rapports_cumulannuel.n + EXCLUDED.n
$$;
