"""The running totals count what the field asks for and no report showed (issue 19).

New dimensions: a situation's « déjà connu d'un service social » (``connu_ss``), children
at home (``enfants``), adult women (``femme_majeure``), follow-up given (``suite``, with its
memory ``rapports_suitesituation``, moved by the triggers of interviews, orientations and
transmissions), repeated referrals (``repetition``: how many referrals a new situation
received, in the same memory), closures by length of follow-up (``cloture``, on the month of
closing); a referral's state (``etat``) and
site (``site``, coded by force and id: ``police-12``), kept right by a trigger on a site's
force. The SQL is the dated copy next to this file of ``rapports/sql/`` (cumul_code_enfants,
cumul_code_site, cumul_code_duree, cumul_code_saisines, cumul_suite, cumul_calcul_suites, cumul_recalculer_suite,
cumul_situation_propre, cumul_calcul, cumul_reconstruire, every trigger's function touched,
declencheurs.sql); the totals are then rebuilt from the raw tables so
that the past is counted too (docs/rapports.md, docs/decisions.md).
"""

from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")


class Migration(migrations.Migration):
    dependencies = [
        ("accueil", "0010_releve_des_mains_courantes"),
        ("intervenants", "0006_envois_de_formulaire"),
        ("rapports", "0011_bilans_destinataires_et_evaluation_autorite"),
    ]

    # Going back keeps these definitions: the extra counters are read by nothing older.
    operations = [
        migrations.CreateModel(
            name="SuiteSituation",
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
                ("suite", models.CharField(max_length=24, verbose_name="suite apportée")),
                (
                    "saisines",
                    models.CharField(
                        max_length=12, verbose_name="saisines reçues (aucune, une, plusieurs)"
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
            options={"verbose_name": "suite apportée à une situation"},
        ),
        migrations.RunSQL(SQL, migrations.RunSQL.noop),
        migrations.RunSQL("SELECT cumul_reconstruire()", migrations.RunSQL.noop),
    ]
