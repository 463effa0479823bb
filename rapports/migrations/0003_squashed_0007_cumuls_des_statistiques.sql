-- Add p_delta to one counter: a post, the month of p_jour, a dimension and a code.
-- The post's lock comes first, before the counter's row lock.
CREATE OR REPLACE FUNCTION cumul_ajouter(p_poste bigint, p_jour date, p_dimension text,
                                         p_code text, p_delta integer)
RETURNS void LANGUAGE sql AS $$
    SELECT cumul_verrouiller(p_poste);
    INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
    VALUES (p_poste, date_trunc('month', p_jour)::date, p_dimension, coalesce(p_code, ''),
            p_delta)
    ON CONFLICT (poste_id, mois, dimension, code)
    DO UPDATE SET n = rapports_cumul.n + EXCLUDED.n
$$;

-- The (month, dimension) counts a person's months of one year contribute: every month
-- with a contact, the first such month of each quarter, the first of the year.
CREATE OR REPLACE FUNCTION cumul_masque_lignes(p_masque integer)
RETURNS TABLE (mois integer, dimension text) LANGUAGE sql IMMUTABLE AS $$
    SELECT m, 'personnes_mois' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0
    UNION ALL
    SELECT min(m), 'personnes_trimestre' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0 GROUP BY (m - 1) / 3
    UNION ALL
    SELECT min(m), 'personnes_annee' FROM generate_series(1, 12) m
     WHERE p_masque & (1 << (m - 1)) <> 0 HAVING count(*) > 0
$$;

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
    PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'sexe_tranche',
        s.sexe || '|' || s.tranche_age, p_signe);
    FOREACH p IN ARRAY coalesce(s.problematiques, '{}') LOOP
        IF p IS NOT NULL THEN
            PERFORM cumul_ajouter(s.poste_id, s.date_ouverture, 'problematique', p, p_signe);
        END IF;
    END LOOP;
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
       FROM cumul_masque_lignes(ancien) l;
    PERFORM cumul_ajouter(p_poste, make_date(p_annee, l.mois, 1), l.dimension, '', 1)
       FROM cumul_masque_lignes(nouveau) l;
    IF nouveau = 0 THEN
        DELETE FROM rapports_contactsannuels
         WHERE poste_id = p_poste AND personne_id = p_personne AND annee = p_annee;
    ELSE
        INSERT INTO rapports_contactsannuels (poste_id, personne_id, annee, masque)
        VALUES (p_poste, p_personne, p_annee, nouveau)
        ON CONFLICT (personne_id, poste_id, annee) DO UPDATE SET masque = EXCLUDED.masque;
    END IF;
END $$;

-- Recompute a situation's delay from its first referral to its first contact, and move
-- its count in the delay histogram.
CREATE OR REPLACE FUNCTION cumul_recalculer_delai(p_situation bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ancien rapports_delaisituation%ROWTYPE;
    n_poste bigint;
    n_mois date;
    n_delai integer;
BEGIN
    -- The post of the situation, and the post its delay was counted on (if it moved).
    PERFORM cumul_verrouiller(poste_id) FROM (
        SELECT poste_id FROM accueil_situation WHERE id = p_situation
        UNION SELECT poste_id FROM rapports_delaisituation WHERE situation_id = p_situation
        ORDER BY 1
    ) postes;
    SELECT s.poste_id, date_trunc('month', s.date_ouverture)::date,
           (SELECT min(e.date) FROM accueil_entretien e
             WHERE e.situation_id = s.id AND e.mode <> 'sans_reponse')
           - (SELECT min(a.date_saisine) FROM accueil_saisine a WHERE a.situation_id = s.id)
      INTO n_poste, n_mois, n_delai
      FROM accueil_situation s WHERE s.id = p_situation;
    IF n_delai < 0 THEN
        n_delai := 0;  -- met before the referral: the person came on their own first
    END IF;
    SELECT * INTO ancien FROM rapports_delaisituation WHERE situation_id = p_situation;
    IF FOUND THEN
        IF n_delai IS NOT NULL AND ancien.delai = n_delai AND ancien.poste_id = n_poste
           AND ancien.mois = n_mois THEN
            RETURN;
        END IF;
        PERFORM cumul_ajouter(ancien.poste_id, ancien.mois, 'delai', ancien.delai::text, -1);
        DELETE FROM rapports_delaisituation WHERE situation_id = p_situation;
    END IF;
    IF n_delai IS NOT NULL THEN
        INSERT INTO rapports_delaisituation (situation_id, poste_id, mois, delai)
        VALUES (p_situation, n_poste, n_mois, n_delai);
        PERFORM cumul_ajouter(n_poste, n_mois, 'delai', n_delai::text, 1);
    END IF;
END $$;

-- Trigger of accueil_situation: its residue, and, when it changes post or person, what
-- its records count.
CREATE OR REPLACE FUNCTION cumul_situation_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    annee integer;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.poste_id, OLD.personne_id, OLD.date_ouverture, OLD.sexe,
            OLD.tranche_age, OLD.mineur, OLD.statut_affaire, OLD.problematiques)
        IS NOT DISTINCT FROM (NEW.poste_id, NEW.personne_id, NEW.date_ouverture, NEW.sexe,
            NEW.tranche_age, NEW.mineur, NEW.statut_affaire, NEW.problematiques) THEN
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
    ELSIF TG_OP = 'UPDATE' AND (OLD.poste_id <> NEW.poste_id
                                OR OLD.date_ouverture <> NEW.date_ouverture) THEN
        PERFORM cumul_recalculer_delai(NEW.id);
    END IF;
    RETURN NULL;
END $$;

-- Trigger of accueil_saisine: its origin, and the delay of the situation it belongs to.
CREATE OR REPLACE FUNCTION cumul_saisine_declencheur() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.poste_id, OLD.date_saisine, OLD.origine, OLD.situation_id)
        IS NOT DISTINCT FROM (NEW.poste_id, NEW.date_saisine, NEW.origine, NEW.situation_id)
    THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM cumul_ajouter(OLD.poste_id, OLD.date_saisine, 'origine', OLD.origine, -1);
        IF OLD.situation_id IS NOT NULL THEN
            PERFORM cumul_recalculer_delai(OLD.situation_id);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM cumul_ajouter(NEW.poste_id, NEW.date_saisine, 'origine', NEW.origine, 1);
        IF NEW.situation_id IS NOT NULL AND (TG_OP = 'INSERT'
                OR NEW.situation_id IS DISTINCT FROM OLD.situation_id
                OR NEW.date_saisine <> OLD.date_saisine) THEN
            PERFORM cumul_recalculer_delai(NEW.situation_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- Trigger of accueil_entretien: its mode, the person's months met, the situation's delay.
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
    RETURN NULL;
END $$;

-- Trigger of acts, orientations, transmissions: the trigger's arguments are (dimension,
-- column) pairs, counted on the month of the record's date in its situation's post.
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
    END IF;
    IF nouveau IS NOT NULL THEN
        SELECT o_poste INTO poste
          FROM cumul_situation_verrouillee((nouveau ->> 'situation_id')::bigint);
        FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
            PERFORM cumul_ajouter(poste, (nouveau ->> 'date')::date, TG_ARGV[i],
                                  nouveau ->> TG_ARGV[i + 1], 1);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;

-- rapports_contactsannuels computed afresh from the raw tables (read only: the nightly
-- check compares it with the kept rows, cumul_reconstruire() stores it).
CREATE OR REPLACE FUNCTION cumul_calcul_contacts()
RETURNS TABLE (poste_id bigint, personne_id bigint, annee integer, masque integer)
LANGUAGE sql STABLE AS $$
    SELECT s.poste_id, s.personne_id, extract(year FROM e.date)::integer,
           bit_or(1 << (extract(month FROM e.date)::integer - 1))::integer
      FROM accueil_entretien e JOIN accueil_situation s ON s.id = e.situation_id
     WHERE e.mode <> 'sans_reponse'
     GROUP BY 1, 2, 3
$$;

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
            ('sexe_tranche', s.sexe || '|' || s.tranche_age)
        ) d (dimension, code)
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT s.poste_id, date_trunc('month', s.date_ouverture)::date, 'problematique', p,
           count(*)::integer
      FROM accueil_situation s CROSS JOIN LATERAL unnest(s.problematiques) p
     WHERE p IS NOT NULL
     GROUP BY 1, 2, 4
    UNION ALL
    SELECT x.poste_id, date_trunc('month', x.date_saisine)::date, 'origine', x.origine,
           count(*)::integer
      FROM accueil_saisine x GROUP BY 1, 2, 4
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
$$;

-- Everything again from the raw tables (data generation, repair). Needs the tables'
-- owner (TRUNCATE); the nightly check reads the cumul_calcul* functions instead.
CREATE OR REPLACE FUNCTION cumul_reconstruire() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE rapports_cumul, rapports_contactsannuels, rapports_delaisituation;
    INSERT INTO rapports_contactsannuels (poste_id, personne_id, annee, masque)
    SELECT * FROM cumul_calcul_contacts();
    INSERT INTO rapports_delaisituation (situation_id, poste_id, mois, delai)
    SELECT * FROM cumul_calcul_delais();
    INSERT INTO rapports_cumul (poste_id, mois, dimension, code, n)
    SELECT * FROM cumul_calcul();
END $$;

-- The triggers keeping the statistics' running totals, one per accueil table. Their
-- names are listed in rapports/cumuls.py (DECLENCHEURS), which turns them off for bulk
-- loading.
CREATE OR REPLACE TRIGGER cumul_situation
    AFTER INSERT OR DELETE OR UPDATE OF poste_id, personne_id, date_ouverture, sexe,
        tranche_age, mineur, statut_affaire, problematiques
    ON accueil_situation FOR EACH ROW EXECUTE FUNCTION cumul_situation_declencheur();
CREATE OR REPLACE TRIGGER cumul_saisine
    AFTER INSERT OR DELETE OR UPDATE OF poste_id, date_saisine, origine, situation_id
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

