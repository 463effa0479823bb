# Why, from a review of 0004-0006 with two concurrent connections:
# - The nightly check (`verifier_cumuls`) rebuilt the totals inside a rolled-back
#   transaction: TRUNCATE needs the tables' owner (the application role is not) and held
#   an exclusive lock on them for the whole recomputation (44 s nationally), and a write
#   committing meanwhile showed as a false gap. The fresh totals are now set-returning
#   functions that only read: the check compares them with the kept totals in one
#   REPEATABLE READ snapshot, with no lock and no privilege beyond SELECT.
# - A trigger read the situation's post before taking its lock: a situation moved to
#   another post by a transaction committing while the trigger waited was counted on the
#   old post. The post (and person) are now read again once the lock is held.
# - A NULL element in `problematiques` (not possible through the forms) was counted by the
#   trigger under the code '' but broke the rebuild; NULL elements are ignored by both.

from django.db import migrations

SQL = """
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

-- The three sets the triggers keep, computed from the raw tables (read only).
CREATE OR REPLACE FUNCTION cumul_calcul_contacts()
RETURNS TABLE (poste_id bigint, personne_id bigint, annee integer, masque integer)
LANGUAGE sql STABLE AS $$
    SELECT s.poste_id, s.personne_id, extract(year FROM e.date)::integer,
           bit_or(1 << (extract(month FROM e.date)::integer - 1))::integer
      FROM accueil_entretien e JOIN accueil_situation s ON s.id = e.situation_id
     WHERE e.mode <> 'sans_reponse'
     GROUP BY 1, 2, 3
$$;

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
"""


class Migration(migrations.Migration):
    dependencies = [("rapports", "0006_cumuls_verrou_par_poste")]

    # Going back keeps these definitions, which work with 0006's; 0004's reversal drops
    # them with the rest.
    operations = [migrations.RunSQL(SQL, migrations.RunSQL.noop)]
