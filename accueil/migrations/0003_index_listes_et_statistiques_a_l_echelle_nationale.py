"""Indexes found by the national benchmark (make bench, docs/performance.md).

At 600 posts (1 M situations, 3 M interviews) the statistics of a site, an employer or a
département reached their interviews, acts and orientations through the foreign-key index
on ``situation_id`` and then read each row from the table to test its date: thousands of
random heap reads per figure, about forty figures per dashboard. With (situation_id, date)
and the grouped column in INCLUDE, each figure is an index-only scan.

The caseload of closed situations and the count of referrals waiting in the inbox (shown on
every caseload page) had no index of their own and read all the post's rows.

Plain SQL (``CREATE INDEX CONCURRENTLY``): on a populated production database the indexes
are built without locking writes; the models do not declare them (see docs/decisions.md).
"""

from django.db import migrations

INDEX = [
    (
        "entretien_situation_date",
        "accueil_entretien (situation_id, date) INCLUDE (mode, id)",
    ),
    (
        "acte_situation_date",
        "accueil_acte (situation_id, date) INCLUDE (type, id)",
    ),
    (
        "orientation_situation_date",
        "accueil_orientation (situation_id, date) INCLUDE (type_partenaire, issue, id)",
    ),
    (
        "transmission_situation_date",
        "accueil_transmission (situation_id, date) INCLUDE (nature, id)",
    ),
    (
        "saisine_poste_date",
        "accueil_saisine (poste_id, date_saisine) INCLUDE (origine, id)",
    ),
    (
        "saisine_a_qualifier",
        "accueil_saisine (poste_id) WHERE situation_id IS NULL OR etat = 'recue'",
    ),
    (
        "situation_close_activite",
        "accueil_situation (poste_id, derniere_activite DESC, id DESC) "
        "WHERE date_cloture IS NOT NULL",
    ),
]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accueil", "0002_personne_anonymisee_le"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {nom} ON {definition}",
            reverse_sql=f"DROP INDEX CONCURRENTLY IF EXISTS {nom}",
        )
        for nom, definition in INDEX
    ]
