"""Why: the employer is part of the organisation (posts and affectations hang from it), and
intervenants sits at the bottom of the app ladder; keeping Employeur in conventions made the
organisation import the conventions app (docs/decisions.md, issue 14).

The table stays where it is in this step (only Django's state moves), and its content type is
relabelled so that guardian's object permissions already granted on employers carry over.
"""

import django.db.models.deletion
from django.db import migrations, models


def relabelliser(apps, schema_editor, depuis, vers):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label=depuis, model="employeur"
    ).update(app_label=vers)


def vers_intervenants(apps, schema_editor):
    relabelliser(apps, schema_editor, "conventions", "intervenants")


def vers_conventions(apps, schema_editor):
    relabelliser(apps, schema_editor, "intervenants", "conventions")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("intervenants", "0003_journal_acces_reinitialise"),
        ("conventions", "0005_conventions_dates_plausibles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Employeur",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("nom", models.CharField(max_length=200, unique=True, verbose_name="nom")),
                        (
                            "type",
                            models.CharField(
                                choices=[
                                    ("commune", "commune"),
                                    ("epci", "intercommunalité (EPCI)"),
                                    ("conseil_departemental", "conseil départemental"),
                                    ("association", "association"),
                                    ("ccas_cias", "CCAS / CIAS"),
                                    ("autre", "autre"),
                                ],
                                max_length=32,
                                verbose_name="type",
                            ),
                        ),
                        ("adresse", models.TextField(blank=True, verbose_name="adresse")),
                        (
                            "departement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="employeurs",
                                to="intervenants.departement",
                                verbose_name="département",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "employeur",
                        "verbose_name_plural": "employeurs",
                        "ordering": ["nom"],
                        "permissions": [
                            (
                                "voir_statistiques_employeur",
                                "voir les statistiques des postes de l'employeur",
                            ),
                            ("gerer_conventions_employeur", "gérer les conventions de l'employeur"),
                            (
                                "lire_rapports_employeur",
                                "lire les rapports des postes de l'employeur",
                            ),
                        ],
                        "db_table": "conventions_employeur",
                    },
                ),
                migrations.AlterField(
                    model_name="poste",
                    name="employeur",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="postes",
                        to="intervenants.employeur",
                        verbose_name="employeur",
                    ),
                ),
                migrations.AlterField(
                    model_name="affectation",
                    name="employeur",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="intervenants.employeur",
                        verbose_name="employeur",
                    ),
                ),
            ],
        ),
        migrations.RunPython(vers_intervenants, vers_conventions, elidable=False),
    ]
