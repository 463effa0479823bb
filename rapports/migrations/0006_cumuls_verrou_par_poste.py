# Why: the counters of one post are rows that every write on that post updates, each
# transaction in its own order (a referral's origin then a delay, an interview's mode then
# a person's months...). Two workers of a shared post saving at the same moment could each
# hold a row the other needs: PostgreSQL would then abort one of them with a deadlock
# error, an error page for the worker. Every change to a post's running totals now first
# takes a transaction advisory lock on that post, always before any other lock of the
# totals: writes on one post queue behind each other (a few milliseconds), writes on
# different posts never wait, and no two transactions take the same locks in two orders.
# The person and situation locks of 0004 are replaced by the lock of their post (a person
# and a situation belong to one post).

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION cumul_verrouiller(p_poste bigint) RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(51020, (p_poste % 2147483647)::integer)
$$;

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
"""

ANNULER = """
CREATE OR REPLACE FUNCTION cumul_verrouiller(p_poste bigint) RETURNS void LANGUAGE sql AS $$
    SELECT NULL::void
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("rapports", "0005_cumuls_lus_par_l_index")]

    # Going back: the functions keep calling cumul_verrouiller, which then takes no lock
    # (0004's reversal drops it).
    operations = [migrations.RunSQL(SQL, ANNULER)]
