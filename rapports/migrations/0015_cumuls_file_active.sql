-- 0015: the file active kept as running totals (rapports/sql/ on 2026-12-05).
-- cumul_masque_lignes takes the population it counts: the one-argument form goes.
DROP FUNCTION cumul_masque_lignes(integer);
-- The (month, dimension) counts the months of one year in which a person was met (the
-- population 'personnes') or a situation had an interview ('file_active') contribute:
-- every month with a contact, the first such month of each quarter, the first of the year.
CREATE OR REPLACE FUNCTION cumul_masque_lignes(p_masque integer, p_population text)
RETURNS TABLE (mois integer, dimension text) LANGUAGE sql IMMUTABLE AS $$
    SELECT m, p_population || '_mois' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0
    UNION ALL
    SELECT min(m), p_population || '_trimestre' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0 GROUP BY (m - 1) / 3
    UNION ALL
    SELECT min(m), p_population || '_annee' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0 HAVING count(*) > 0
$$;
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
-- Everything again from the raw tables (data generation, repair). Needs the tables'
-- owner (TRUNCATE); the nightly check reads the cumul_calcul* functions instead.
CREATE OR REPLACE FUNCTION cumul_reconstruire() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE rapports_cumul, rapports_contactsannuels, rapports_contactssituation,
             rapports_delaisituation, rapports_suitesituation;
    INSERT INTO rapports_contactsannuels (poste_id, personne_id, annee, masque)
    SELECT * FROM cumul_calcul_contacts();
    INSERT INTO rapports_contactssituation (situation_id, poste_id, annee, masque)
    SELECT * FROM cumul_calcul_file_active();
    INSERT INTO rapports_delaisituation (situation_id, poste_id, mois, delai)
    SELECT * FROM cumul_calcul_delais();
    INSERT INTO rapports_suitesituation (situation_id, poste_id, mois, suite, saisines)
    SELECT * FROM cumul_calcul_suites();
    INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
    SELECT * FROM cumul_calcul();
END $$;
-- Trigger of accueil_entretien: its mode, its length (interviews that reached someone),
-- the person's months met, the situation's months in the file active, its delay and
-- follow-up.
CREATE OR REPLACE FUNCTION cumul_entretien_declencheur() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ancienne record;
    nouvelle record;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.situation_id, OLD.date, OLD.mode, OLD.duree_minutes)
        IS NOT DISTINCT FROM (NEW.situation_id, NEW.date, NEW.mode, NEW.duree_minutes) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT * INTO ancienne FROM cumul_situation_verrouillee(OLD.situation_id);
        PERFORM cumul_ajouter(ancienne.o_poste, OLD.date, 'mode', OLD.mode, -1);
        IF OLD.mode <> 'sans_reponse' THEN
            PERFORM cumul_ajouter(ancienne.o_poste, OLD.date, 'duree_entretien',
                                  cumul_code_duree_entretien(OLD.duree_minutes), -1);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT * INTO nouvelle FROM cumul_situation_verrouillee(NEW.situation_id);
        PERFORM cumul_ajouter(nouvelle.o_poste, NEW.date, 'mode', NEW.mode, 1);
        IF NEW.mode <> 'sans_reponse' THEN
            PERFORM cumul_ajouter(nouvelle.o_poste, NEW.date, 'duree_entretien',
                                  cumul_code_duree_entretien(NEW.duree_minutes), 1);
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.mode <> 'sans_reponse' THEN
        PERFORM cumul_recalculer_masque(ancienne.o_poste, ancienne.o_personne,
                                        extract(year FROM OLD.date)::integer);
        PERFORM cumul_recalculer_file_active(OLD.situation_id,
                                             extract(year FROM OLD.date)::integer);
        PERFORM cumul_recalculer_delai(OLD.situation_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.mode <> 'sans_reponse' THEN
        PERFORM cumul_recalculer_masque(nouvelle.o_poste, nouvelle.o_personne,
                                        extract(year FROM NEW.date)::integer);
        PERFORM cumul_recalculer_file_active(NEW.situation_id,
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
-- Trigger of accueil_situation: its residue and follow-up, and, when it changes post or
-- person (or is deleted), what its records count.
CREATE OR REPLACE FUNCTION cumul_situation_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    annee integer;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.poste_id, OLD.personne_id, OLD.date_ouverture, OLD.sexe,
            OLD.tranche_age, OLD.mineur, OLD.statut_affaire, OLD.problematiques,
            OLD.connu_service_social, OLD.enfants_au_foyer, OLD.date_cloture)
        IS NOT DISTINCT FROM (NEW.poste_id, NEW.personne_id, NEW.date_ouverture, NEW.sexe,
            NEW.tranche_age, NEW.mineur, NEW.statut_affaire, NEW.problematiques,
            NEW.connu_service_social, NEW.enfants_au_foyer, NEW.date_cloture) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM cumul_situation_propre(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM cumul_situation_propre(NEW, 1);
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.poste_id <> NEW.poste_id OR OLD.personne_id <> NEW.personne_id)
    THEN
        IF OLD.poste_id <> NEW.poste_id THEN
            PERFORM cumul_situation_enfants(OLD.id, OLD.poste_id, -1);
            PERFORM cumul_situation_enfants(NEW.id, NEW.poste_id, 1);
        END IF;
        FOR annee IN SELECT DISTINCT extract(year FROM date)::integer FROM accueil_entretien
                      WHERE situation_id = NEW.id AND mode <> 'sans_reponse' LOOP
            PERFORM cumul_recalculer_masque(OLD.poste_id, OLD.personne_id, annee);
            PERFORM cumul_recalculer_masque(NEW.poste_id, NEW.personne_id, annee);
            IF OLD.poste_id <> NEW.poste_id THEN
                PERFORM cumul_recalculer_file_active(NEW.id, annee);
            END IF;
        END LOOP;
    END IF;
    IF TG_OP = 'DELETE' THEN
        -- Its interviews are deleted first (nothing left to count): a safety net.
        FOR annee IN SELECT c.annee FROM rapports_contactssituation c
                      WHERE c.situation_id = OLD.id LOOP
            PERFORM cumul_recalculer_file_active(OLD.id, annee);
        END LOOP;
        PERFORM cumul_recalculer_delai(OLD.id);
        PERFORM cumul_recalculer_suite(OLD.id);
    ELSIF TG_OP = 'UPDATE' AND (OLD.poste_id <> NEW.poste_id
                                OR OLD.date_ouverture <> NEW.date_ouverture) THEN
        PERFORM cumul_recalculer_delai(NEW.id);
        PERFORM cumul_recalculer_suite(NEW.id);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM cumul_recalculer_suite(NEW.id);
    END IF;
    RETURN NULL;
END $$;
-- The situations already seen: their months, and the counters they make.
INSERT INTO rapports_contactssituation (situation_id, poste_id, annee, masque)
SELECT * FROM cumul_calcul_file_active();
INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
SELECT f.poste_id, make_date(f.annee, l.mois, 1), l.dimension, '', count(*)::integer
  FROM rapports_contactssituation f
  CROSS JOIN LATERAL cumul_masque_lignes(f.masque, 'file_active') l
 GROUP BY 1, 2, 3
ON CONFLICT (poste_id, mois, dimension, code) DO UPDATE SET n = EXCLUDED.n;
