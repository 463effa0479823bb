-- Going back from 0014: the definitions of 0013 (HEAD before the interviews' length).
-- Trigger of accueil_entretien: its mode, the person's months met, the situation's delay
-- and follow-up.
CREATE OR REPLACE FUNCTION cumul_entretien_declencheur() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ancienne record;
    nouvelle record;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.situation_id, OLD.date, OLD.mode)
        IS NOT DISTINCT FROM (NEW.situation_id, NEW.date, NEW.mode) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT * INTO ancienne FROM cumul_situation_verrouillee(OLD.situation_id);
        PERFORM cumul_ajouter(ancienne.o_poste, OLD.date, 'mode', OLD.mode, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT * INTO nouvelle FROM cumul_situation_verrouillee(NEW.situation_id);
        PERFORM cumul_ajouter(nouvelle.o_poste, NEW.date, 'mode', NEW.mode, 1);
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.mode <> 'sans_reponse' THEN
        PERFORM cumul_recalculer_masque(ancienne.o_poste, ancienne.o_personne,
                                        extract(year FROM OLD.date)::integer);
        PERFORM cumul_recalculer_delai(OLD.situation_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.mode <> 'sans_reponse' THEN
        PERFORM cumul_recalculer_masque(nouvelle.o_poste, nouvelle.o_personne,
                                        extract(year FROM NEW.date)::integer);
        PERFORM cumul_recalculer_delai(NEW.situation_id);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM cumul_recalculer_suite(OLD.situation_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE'
                           AND NEW.situation_id IS DISTINCT FROM OLD.situation_id) THEN
        PERFORM cumul_recalculer_suite(NEW.situation_id);
    END IF;
    RETURN NULL;
END $$;
-- Everything a situation's interviews, acts, orientations and transmissions count, moved
-- in or out of a post (a situation changing post).
CREATE OR REPLACE FUNCTION cumul_situation_enfants(p_situation bigint, p_poste bigint, p_signe integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
    SELECT p_poste, mois, dimension, code, p_signe * n FROM (
        SELECT date_trunc('month', date)::date mois, 'mode' dimension, mode code, count(*) n
          FROM accueil_entretien WHERE situation_id = p_situation GROUP BY 1, 3
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
    ) enfants
    ON CONFLICT (poste_id, mois, dimension, code)
    DO UPDATE SET n = rapports_cumul.n + EXCLUDED.n
$$;
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
      FROM cumul_calcul_contacts() c CROSS JOIN LATERAL cumul_masque_lignes(c.masque) l
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
CREATE OR REPLACE TRIGGER cumul_entretien
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, mode
    ON accueil_entretien FOR EACH ROW EXECUTE FUNCTION cumul_entretien_declencheur();
DELETE FROM rapports_cumul WHERE dimension = 'duree_entretien';
DROP FUNCTION cumul_code_duree_entretien(integer);
