"""Yearly running totals beside the monthly ones (issue 18).

Why: a year's statistics of a département added up the monthly totals of its posts, about
126 000 rows for 37 posts over the year and the one before: 57 ms of SQL, alone, and the
page the coordinators reread was the slowest of the national read-while-writing load
(p95 564 ms, docs/performance.md). ``rapports_cumulannuel`` keeps, per post and year, the
sum of each counter's months, moved in the same statement as the monthly counter by
cumul_ajouter and cumul_situation_enfants; cumul_reconstruire rebuilds it. The dimensions
a year also shows month by month (rapports.models.PAR_MOIS) are read from the monthly
table, through the small partial index ``cumul_par_mois``.

The SQL is the dated copy next to this file of ``rapports/sql/`` (those three functions),
then the years already counted are summed from their months. Going back: ``_retour.sql``,
0015's definitions; the table and the index are dropped by the operations.
"""

from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")
RETOUR = (Path(__file__).parent / f"{Path(__file__).stem}_retour.sql").read_text(encoding="utf-8")


class Migration(migrations.Migration):
    dependencies = [
        ("intervenants", "0008_lecteur_cdp"),
        ("rapports", "0015_cumuls_file_active"),
    ]

    operations = [
        migrations.CreateModel(
            name="CumulAnnuel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("annee", models.SmallIntegerField(verbose_name="année")),
                ("dimension", models.CharField(max_length=24, verbose_name="dimension")),
                ("code", models.CharField(blank=True, max_length=80, verbose_name="code")),
                ("n", models.IntegerField(verbose_name="nombre")),
            ],
            options={
                "verbose_name": "cumul annuel",
                "verbose_name_plural": "cumuls annuels",
            },
        ),
        migrations.AddIndex(
            model_name="cumul",
            index=models.Index(
                condition=models.Q(("dimension__in", ("sexe", "mode"))),
                fields=["poste", "mois"],
                include=("dimension", "code", "n"),
                name="cumul_par_mois",
            ),
        ),
        migrations.AddField(
            model_name="cumulannuel",
            name="poste",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="intervenants.poste",
            ),
        ),
        migrations.AddConstraint(
            model_name="cumulannuel",
            constraint=models.UniqueConstraint(
                fields=("poste", "annee", "dimension", "code"),
                include=("n",),
                name="cumul_annuel_unique",
            ),
        ),
        migrations.RunSQL(SQL, RETOUR),
    ]
