-- rapports_cumul computed afresh from the raw tables (read only): the same counts the
-- triggers keep, by post, month, dimension and code.
CREATE OR REPLACE FUNCTION cumul_calcul()
RETURNS TABLE (poste_id bigint, mois date, dimension text, code text, n integer)
LANGUAGE sql STABLE AS $$
    SELECT s.poste_id, date_trunc('month', s.date_ouverture)::date, d.dimension, d.code,
           count(*)::integer
      FROM accueil_situation s
      CROSS JOIN LATERAL (VALUES
            ('sexe', s.sexe::text),
            ('mineur', CASE s.mineur WHEN true THEN 'mineur' WHEN false THEN 'majeur'
                       ELSE 'inconnu' END),
            ('tranche_age', s.tranche_age::text),
            ('statut', s.statut_affaire::text),
            ('connu_ss', s.connu_service_social::text),
            ('enfants', cumul_code_enfants(s)),
            ('femme_majeure', CASE WHEN s.sexe = 'F' AND s.mineur IS false THEN 'oui' END)
        ) d (dimension, code)
     WHERE d.code IS NOT NULL
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT s.poste_id, date_trunc('month', s.date_ouverture)::date, 'problematique', p,
           count(*)::integer
      FROM accueil_situation s CROSS JOIN LATERAL unnest(s.problematiques) p
     WHERE p IS NOT NULL
     GROUP BY 1, 2, 4
    UNION ALL
    SELECT x.poste_id, date_trunc('month', x.date_saisine)::date, d.dimension, d.code,
           count(*)::integer
      FROM accueil_saisine x JOIN intervenants_site i ON i.id = x.site_id
      CROSS JOIN LATERAL (VALUES ('origine', x.origine::text), ('etat', x.etat::text),
                                 ('site', i.force || '-' || i.id)) d (dimension, code)
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT s.poste_id, date_trunc('month', e.date)::date, 'mode', e.mode, count(*)::integer
      FROM accueil_entretien e JOIN accueil_situation s ON s.id = e.situation_id
     GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.poste_id, date_trunc('month', e.date)::date, 'duree_entretien',
           cumul_code_duree_entretien(e.duree_minutes), count(*)::integer
      FROM accueil_entretien e JOIN accueil_situation s ON s.id = e.situation_id
     WHERE e.mode <> 'sans_reponse'
     GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.poste_id, date_trunc('month', a.date)::date, 'acte', a.type, count(*)::integer
      FROM accueil_acte a JOIN accueil_situation s ON s.id = a.situation_id
     GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.poste_id, date_trunc('month', o.date)::date, d.dimension, d.code,
           count(*)::integer
      FROM accueil_orientation o JOIN accueil_situation s ON s.id = o.situation_id
      CROSS JOIN LATERAL (VALUES ('partenaire', o.type_partenaire::text),
                                 ('issue', o.issue::text)) d (dimension, code)
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT s.poste_id, date_trunc('month', t.date)::date, 'transmission', t.nature,
           count(*)::integer
      FROM accueil_transmission t JOIN accueil_situation s ON s.id = t.situation_id
     GROUP BY 1, 2, 4
    UNION ALL
    SELECT r.poste_id, date_trunc('month', r.date)::date, 'requisition', r.reponse,
           count(*)::integer
      FROM accueil_requisition r GROUP BY 1, 2, 4
    UNION ALL
    SELECT c.poste_id, make_date(c.annee, l.mois, 1), l.dimension, '', count(*)::integer
      FROM cumul_calcul_contacts() c
      CROSS JOIN LATERAL cumul_masque_lignes(c.masque, 'personnes') l
     GROUP BY 1, 2, 3
    UNION ALL
    SELECT f.poste_id, make_date(f.annee, l.mois, 1), l.dimension, '', count(*)::integer
      FROM cumul_calcul_file_active() f
      CROSS JOIN LATERAL cumul_masque_lignes(f.masque, 'file_active') l
     GROUP BY 1, 2, 3
    UNION ALL
    SELECT d.poste_id, d.mois, 'delai', d.delai::text, count(*)::integer
      FROM cumul_calcul_delais() d GROUP BY 1, 2, 4
    UNION ALL
    SELECT s.poste_id, date_trunc('month', s.date_cloture)::date, 'cloture',
           cumul_code_duree(s), count(*)::integer
      FROM accueil_situation s WHERE s.date_cloture IS NOT NULL
     GROUP BY 1, 2, 4
    UNION ALL
    SELECT x.poste_id, x.mois, d.dimension, d.code, count(*)::integer
      FROM cumul_calcul_suites() x
      CROSS JOIN LATERAL (VALUES ('suite', x.suite), ('repetition', x.saisines)) d (dimension, code)
     GROUP BY 1, 2, 3, 4
$$;
