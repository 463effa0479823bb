"""The file active kept as running totals, like the people met (issue 18).

Why: the file active (situations with an interview that reached someone in the period,
issue 19) was counted by a COUNT(DISTINCT situation) over the interviews of the scope, for
every dashboard, report, national grid and cube. At national scale it was two thirds of
a département's statistics (218 of 300 ms) and the first cause of the missed load targets
(docs/performance.md, « Passage national complet »). It is now kept like the people met:
a memory of the months each situation was seen in each year (``rapports_contactssituation``,
a 12-bit mask, and the post it is counted on), and the counters ``file_active_mois``,
``file_active_trimestre`` and ``file_active_annee`` of ``rapports_cumul``, moved by the
interviews' and the situations' triggers.

The SQL is the dated copy next to this file of ``rapports/sql/`` (cumul_masque_lignes now
names the population it counts; the new cumul_calcul_file_active and
cumul_recalculer_file_active; cumul_recalculer_masque, cumul_calcul, cumul_reconstruire and
the interviews' and situations' triggers), then the situations already seen are counted.
Going back: ``_retour.sql``, 0014's definitions. The secret's stored decisions stay: the
cube reads the same numbers, from another place.
"""

from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")
RETOUR = (Path(__file__).parent / f"{Path(__file__).stem}_retour.sql").read_text(
    encoding="utf-8"
)


class Migration(migrations.Migration):
    dependencies = [
        ("accueil", "0013_registre_des_requisitions_et_destinataire_de_l_annuaire"),
        ("intervenants", "0008_lecteur_cdp"),
        ("rapports", "0014_cumuls_duree_des_entretiens"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactsSituation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("annee", models.SmallIntegerField(verbose_name="année")),
                ("masque", models.IntegerField(verbose_name="mois avec un entretien abouti")),
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
                (
                    "situation",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accueil.situation",
                    ),
                ),
            ],
            options={
                "verbose_name": "mois vus d'une situation",
                "verbose_name_plural": "mois vus des situations",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("situation", "annee"), name="contacts_situation_unique"
                    )
                ],
            },
        ),
        migrations.RunSQL(SQL, RETOUR),
    ]
