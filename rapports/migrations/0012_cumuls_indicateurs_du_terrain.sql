-- The code a situation counts in the children table: 'nr' (not filled in), 'aucun' (none
-- at home), 'au_moins_un'.
CREATE OR REPLACE FUNCTION cumul_code_enfants(s accueil_situation)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN s.enfants_au_foyer IS NULL THEN 'nr'
                WHEN s.enfants_au_foyer = 0 THEN 'aucun'
                ELSE 'au_moins_un' END
$$;
-- The code a referral counts in the sites table: its site's force and id ('police-12'), so
-- that the forces table is a grouping of the sites' codes.
CREATE OR REPLACE FUNCTION cumul_code_site(p_site bigint)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT force || '-' || id FROM intervenants_site WHERE id = p_site
$$;
-- The code a closed situation counts in the follow-up length table, by days from opening to
-- closing: 'moins_1_mois' (0 to 30), '1_3_mois' (31 to 91), '3_12_mois' (92 to 365),
-- 'plus_1_an' (366 and more).
CREATE OR REPLACE FUNCTION cumul_code_duree(s accueil_situation)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN s.date_cloture - s.date_ouverture <= 30 THEN 'moins_1_mois'
                WHEN s.date_cloture - s.date_ouverture <= 91 THEN '1_3_mois'
                WHEN s.date_cloture - s.date_ouverture <= 365 THEN '3_12_mois'
                ELSE 'plus_1_an' END
$$;
-- How many referrals a situation received, as the repeated-referrals table codes it:
-- 'aucune', 'une', 'plusieurs' (the same person referred again).
CREATE OR REPLACE FUNCTION cumul_code_saisines(p_situation bigint)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE count(*) WHEN 0 THEN 'aucune' WHEN 1 THEN 'une' ELSE 'plusieurs' END
      FROM accueil_saisine WHERE situation_id = p_situation
$$;
-- The follow-up given to a situation, as the framework names it (III.6), from what is
-- recorded, whatever its date; the first that applies: 'transmission' (a transmission),
-- 'orientation_urgence' (an orientation to an emergency social structure: 115 / SIAO),
-- 'orientation' (another orientation), 'entretien' (an interview that reached the person,
-- nothing more), 'aucune' (no contact yet).
CREATE OR REPLACE FUNCTION cumul_suite(p_situation bigint)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM accueil_transmission WHERE situation_id = p_situation)
            THEN 'transmission'
        WHEN EXISTS (SELECT 1 FROM accueil_orientation WHERE situation_id = p_situation
                        AND type_partenaire = '115_siao')
            THEN 'orientation_urgence'
        WHEN EXISTS (SELECT 1 FROM accueil_orientation WHERE situation_id = p_situation)
            THEN 'orientation'
        WHEN EXISTS (SELECT 1 FROM accueil_entretien WHERE situation_id = p_situation
                        AND mode <> 'sans_reponse')
            THEN 'entretien'
        ELSE 'aucune' END
$$;
-- rapports_suitesituation computed afresh from the raw tables (read only).
CREATE OR REPLACE FUNCTION cumul_calcul_suites()
RETURNS TABLE (situation_id bigint, poste_id bigint, mois date, suite text, saisines text)
LANGUAGE sql STABLE AS $$
    SELECT s.id, s.poste_id, date_trunc('month', s.date_ouverture)::date, cumul_suite(s.id),
           cumul_code_saisines(s.id)
      FROM accueil_situation s
$$;
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
-- What a situation counts by itself (its residue), in or out (p_signe 1 or -1).
CREATE OR REPLACE FUNCTION cumul_situation_propre(s accueil_situation, p_signe integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    p text;
BEGIN
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'sexe', s.sexe, p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'mineur',
        CASE s.mineur WHEN true THEN 'mineur' WHEN false THEN 'majeur' ELSE 'inconnu' END,
        p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'tranche_age', s.tranche_age, p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'statut', s.statut_affaire, p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'connu_ss', s.connu_service_social,
                          p_signe);
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'enfants', cumul_code_enfants(s),
                          p_signe);
    IF s.sexe = 'F' AND s.mineur IS false THEN
        PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'femme_majeure', 'oui', p_signe);
    END IF;
    IF s.date_cloture IS NOT NULL THEN  -- counted on the month it was closed
        PERFORM cumul_ajouter(s.poste_id, s.date_cloture, 'cloture', cumul_code_duree(s),
                              p_signe);
    END IF;
    FOREACH p IN ARRAY coalesce(s.problematiques, '{}') LOOP
        IF p IS NOT NULL THEN
            PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'problematique', p, p_signe);
        END IF;
    END LOOP;
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
-- Everything again from the raw tables (data generation, repair). Needs the tables'
-- owner (TRUNCATE); the nightly check reads the cumul_calcul* functions instead.
CREATE OR REPLACE FUNCTION cumul_reconstruire() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE rapports_cumul, rapports_contactsannuels, rapports_delaisituation,
             rapports_suitesituation;
    INSERT INTO rapports_contactsannuels (poste_id, personne_id, annee, masque)
    SELECT * FROM cumul_calcul_contacts();
    INSERT INTO rapports_delaisituation (situation_id, poste_id, mois, delai)
    SELECT * FROM cumul_calcul_delais();
    INSERT INTO rapports_suitesituation (situation_id, poste_id, mois, suite, saisines)
    SELECT * FROM cumul_calcul_suites();
    INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
    SELECT * FROM cumul_calcul();
END $$;
-- Trigger of accueil_saisine: its origin, state and site, and the delay and number of
-- referrals of the situation it belongs to.
CREATE OR REPLACE FUNCTION cumul_saisine_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.poste_id, OLD.date_saisine, OLD.origine, OLD.situation_id,
                             OLD.etat, OLD.site_id)
        IS NOT DISTINCT FROM (NEW.poste_id, NEW.date_saisine, NEW.origine, NEW.situation_id,
                              NEW.etat, NEW.site_id)
    THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM cumul_ajouter(OLD.poste_id, OLD.date_saisine, 'origine', OLD.origine, -1);
        PERFORM cumul_ajouter(OLD.poste_id, OLD.date_saisine, 'etat', OLD.etat, -1);
        PERFORM cumul_ajouter(OLD.poste_id, OLD.date_saisine, 'site', cumul_code_site(OLD.site_id),
                              -1);
        IF OLD.situation_id IS NOT NULL THEN
            PERFORM cumul_recalculer_delai(OLD.situation_id);
            PERFORM cumul_recalculer_suite(OLD.situation_id);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM cumul_ajouter(NEW.poste_id, NEW.date_saisine, 'origine', NEW.origine, 1);
        PERFORM cumul_ajouter(NEW.poste_id, NEW.date_saisine, 'etat', NEW.etat, 1);
        PERFORM cumul_ajouter(NEW.poste_id, NEW.date_saisine, 'site', cumul_code_site(NEW.site_id),
                              1);
        IF NEW.situation_id IS NOT NULL AND (TG_OP = 'INSERT'
                OR NEW.situation_id IS DISTINCT FROM OLD.situation_id
                OR NEW.date_saisine <> OLD.date_saisine) THEN
            PERFORM cumul_recalculer_delai(NEW.situation_id);
            IF TG_OP = 'INSERT' OR NEW.situation_id IS DISTINCT FROM OLD.situation_id THEN
                PERFORM cumul_recalculer_suite(NEW.situation_id);
            END IF;
        END IF;
    END IF;
    RETURN NULL;
END $$;
-- Trigger of accueil_situation: its residue and follow-up, and, when it changes post or
-- person, what its records count.
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
        END LOOP;
    END IF;
    IF TG_OP = 'DELETE' THEN
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
-- Trigger of acts, orientations, transmissions: the trigger's arguments are (dimension,
-- column) pairs, counted on the month of the record's date in its situation's post. An
-- orientation or a transmission also changes its situation's follow-up.
CREATE OR REPLACE FUNCTION cumul_enfant_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ancien jsonb;
    nouveau jsonb;
    poste bigint;
    i integer;
    colonnes text[] := ARRAY['situation_id', 'date'];
BEGIN
    FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
        colonnes := colonnes || TG_ARGV[i + 1];
    END LOOP;
    IF TG_OP <> 'INSERT' THEN
        ancien := to_jsonb(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        nouveau := to_jsonb(NEW);
    END IF;
    IF TG_OP = 'UPDATE' AND NOT EXISTS (
        SELECT 1 FROM unnest(colonnes) c WHERE ancien -> c IS DISTINCT FROM nouveau -> c) THEN
        RETURN NULL;
    END IF;
    IF ancien IS NOT NULL THEN
        SELECT o_poste INTO poste
          FROM cumul_situation_verrouillee((ancien ->> 'situation_id')::bigint);
        FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
            PERFORM cumul_ajouter(poste, (ancien ->> 'date')::date, TG_ARGV[i],
                                  ancien ->> TG_ARGV[i + 1], -1);
        END LOOP;
        IF TG_TABLE_NAME IN ('accueil_orientation', 'accueil_transmission') THEN
            PERFORM cumul_recalculer_suite((ancien ->> 'situation_id')::bigint);
        END IF;
    END IF;
    IF nouveau IS NOT NULL THEN
        SELECT o_poste INTO poste
          FROM cumul_situation_verrouillee((nouveau ->> 'situation_id')::bigint);
        FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
            PERFORM cumul_ajouter(poste, (nouveau ->> 'date')::date, TG_ARGV[i],
                                  nouveau ->> TG_ARGV[i + 1], 1);
        END LOOP;
        IF TG_TABLE_NAME IN ('accueil_orientation', 'accueil_transmission')
           AND (ancien IS NULL OR ancien -> 'situation_id' <> nouveau -> 'situation_id') THEN
            PERFORM cumul_recalculer_suite((nouveau ->> 'situation_id')::bigint);
        END IF;
    END IF;
    RETURN NULL;
END $$;
-- Trigger of intervenants_site: a site whose force is corrected moves its referrals' counts
-- to its new code (posts locked in ascending order, as everywhere).
CREATE OR REPLACE FUNCTION cumul_site_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.force IS NOT DISTINCT FROM NEW.force THEN
        RETURN NULL;
    END IF;
    PERFORM cumul_ajouter(x.poste_id, x.date_saisine, 'site', OLD.force || '-' || OLD.id, -1),
            cumul_ajouter(x.poste_id, x.date_saisine, 'site', NEW.force || '-' || NEW.id, 1)
       FROM (SELECT poste_id, date_saisine FROM accueil_saisine WHERE site_id = NEW.id
              ORDER BY poste_id) x;
    RETURN NULL;
END $$;
-- The triggers keeping the statistics' running totals, one per accueil table (and one on
-- the sites, whose force codes the referrals' site counts). Their
-- names are listed in rapports/cumuls.py (DECLENCHEURS), which turns them off for bulk
-- loading.
CREATE OR REPLACE TRIGGER cumul_situation
    AFTER INSERT OR DELETE OR UPDATE OF poste_id, personne_id, date_ouverture, sexe,
        tranche_age, mineur, statut_affaire, problematiques, connu_service_social,
        enfants_au_foyer, date_cloture
    ON accueil_situation FOR EACH ROW EXECUTE FUNCTION cumul_situation_declencheur();
CREATE OR REPLACE TRIGGER cumul_saisine
    AFTER INSERT OR DELETE OR UPDATE OF poste_id, date_saisine, origine, situation_id, etat,
        site_id
    ON accueil_saisine FOR EACH ROW EXECUTE FUNCTION cumul_saisine_declencheur();
CREATE OR REPLACE TRIGGER cumul_entretien
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, mode
    ON accueil_entretien FOR EACH ROW EXECUTE FUNCTION cumul_entretien_declencheur();
CREATE OR REPLACE TRIGGER cumul_acte
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, type
    ON accueil_acte FOR EACH ROW EXECUTE FUNCTION cumul_enfant_declencheur('acte', 'type');
CREATE OR REPLACE TRIGGER cumul_orientation
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, type_partenaire, issue
    ON accueil_orientation FOR EACH ROW
    EXECUTE FUNCTION cumul_enfant_declencheur('partenaire', 'type_partenaire', 'issue', 'issue');
CREATE OR REPLACE TRIGGER cumul_transmission
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, nature
    ON accueil_transmission FOR EACH ROW
    EXECUTE FUNCTION cumul_enfant_declencheur('transmission', 'nature');
CREATE OR REPLACE TRIGGER cumul_site
    AFTER UPDATE OF force ON intervenants_site FOR EACH ROW
    EXECUTE FUNCTION cumul_site_declencheur();
