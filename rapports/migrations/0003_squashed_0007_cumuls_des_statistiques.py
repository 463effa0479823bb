"""The statistics' running totals: their tables, functions and triggers.

Why: at national scale (600 posts, a million situations) every statistic used to
aggregate a year of raw rows at each display: 9 s for France, 285 ms for one site's
dashboard. Triggers on the accueil tables keep monthly counts per post of every dimension
the statistics read (rapports_cumul), so a report reads a few thousand rows instead of
millions; two counts that are not sums of months keep their own memory (people met:
rapports_contactsannuels; delay to a first contact: rapports_delaisituation). Triggers
rather than a nightly job: the counts are exact at every commit, whatever writes to the
accueil tables. ``n`` is included in the unique index: a scope's months are then an
index-only scan (a département: 198 -> 20 ms of SQL). See docs/performance.md.

This migration squashes 0003-0007 (0003_cumuls_mensuels ... 0007_cumuls_verification_sans_
verrou), which copied the same functions from one to the next. It creates the same state
as they did, except for the per-post lock, now created by accueil 0005. Its SQL is the
dated copy next to this file (same name, ``.sql``): the definitions of ``rapports/sql/``
on the day of the squash. The current definitions live in ``rapports/sql/``; a later
change copies the changed files into a new migration (docs/architecture.md), and
tests/rapports/test_cumuls_sql.py fails when the database and ``rapports/sql/`` differ.

Databases built with 0003-0007 (development, benchmark) count this migration as applied
(``replaces``) and go on with the next ones.
"""

from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")

ANNULER = """
DROP TRIGGER cumul_situation ON accueil_situation;
DROP TRIGGER cumul_saisine ON accueil_saisine;
DROP TRIGGER cumul_entretien ON accueil_entretien;
DROP TRIGGER cumul_acte ON accueil_acte;
DROP TRIGGER cumul_orientation ON accueil_orientation;
DROP TRIGGER cumul_transmission ON accueil_transmission;
DROP FUNCTION cumul_reconstruire();
DROP FUNCTION cumul_calcul();
DROP FUNCTION cumul_calcul_delais();
DROP FUNCTION cumul_calcul_contacts();
DROP FUNCTION cumul_enfant_declencheur();
DROP FUNCTION cumul_entretien_declencheur();
DROP FUNCTION cumul_saisine_declencheur();
DROP FUNCTION cumul_situation_declencheur();
DROP FUNCTION cumul_recalculer_delai(bigint);
DROP FUNCTION cumul_recalculer_masque(bigint, bigint, integer);
DROP FUNCTION cumul_situation_enfants(bigint, bigint, integer);
DROP FUNCTION cumul_situation_propre(accueil_situation, integer);
DROP FUNCTION cumul_situation_verrouillee(bigint);
DROP FUNCTION cumul_masque_lignes(integer);
DROP FUNCTION cumul_ajouter(bigint, date, text, text, integer);
"""


class Migration(migrations.Migration):
    replaces = [
        ("rapports", "0003_cumuls_mensuels"),
        ("rapports", "0004_cumuls_tenus_par_la_base"),
        ("rapports", "0005_cumuls_lus_par_l_index"),
        ("rapports", "0006_cumuls_verrou_par_poste"),
        ("rapports", "0007_cumuls_verification_sans_verrou"),
    ]

    dependencies = [
        ("accueil", "0005_verrou_par_poste"),
        ("intervenants", "0002_journal_ajout_seulement"),
        ("rapports", "0002_rapports_figes_dans_la_base"),
    ]

    operations = [
        migrations.CreateModel(
            name="DelaiSituation",
            fields=[
                (
                    "situation",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="accueil.situation",
                    ),
                ),
                ("mois", models.DateField(verbose_name="mois d'ouverture")),
                ("delai", models.IntegerField(verbose_name="délai en jours")),
                (
                    "poste",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="intervenants.poste",
                    ),
                ),
            ],
            options={
                "verbose_name": "délai du premier contact",
            },
        ),
        migrations.CreateModel(
            name="ContactsAnnuels",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("annee", models.SmallIntegerField(verbose_name="année")),
                ("masque", models.IntegerField(verbose_name="mois avec un contact")),
                (
                    "personne",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accueil.personne",
                    ),
                ),
                (
                    "poste",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="intervenants.poste",
                    ),
                ),
            ],
            options={
                "verbose_name": "contacts d'une année",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("personne", "poste", "annee"), name="contacts_annuels_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Cumul",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("mois", models.DateField(verbose_name="mois")),
                ("dimension", models.CharField(max_length=24, verbose_name="dimension")),
                ("code", models.CharField(blank=True, max_length=80, verbose_name="code")),
                ("n", models.IntegerField(verbose_name="nombre")),
                (
                    "poste",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="intervenants.poste",
                    ),
                ),
            ],
            options={
                "verbose_name": "cumul mensuel",
                "verbose_name_plural": "cumuls mensuels",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("poste", "mois", "dimension", "code"),
                        include=("n",),
                        name="cumul_unique",
                    )
                ],
            },
        ),
        migrations.RunSQL(SQL, ANNULER),
        # Databases that already hold records (none is expected): count them once.
        migrations.RunSQL(
            "SELECT cumul_reconstruire(); ANALYZE rapports_cumul", migrations.RunSQL.noop
        ),
    ]
