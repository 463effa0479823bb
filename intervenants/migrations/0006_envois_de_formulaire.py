"""Why: a double click or a browser resend on « Enregistrer » recorded twice (issue 18,
item 6). Each form carries a single-use token; the token is stored here in the same
transaction as what the form records, under a unique constraint, so that a second
submission — even one arriving while the first is still running — finds it and records
nothing. Rows are kept 48 hours (``intervenants/envois.py``)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intervenants", "0005_employeur_table_renommee"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EnvoiDeFormulaire",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("jeton", models.CharField(max_length=64, unique=True, verbose_name="jeton")),
                (
                    "recu_le",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="reçu le"),
                ),
                (
                    "resultat",
                    models.CharField(
                        blank=True, max_length=500, verbose_name="adresse du résultat"
                    ),
                ),
                (
                    "utilisateur",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="compte",
                    ),
                ),
            ],
            options={
                "verbose_name": "envoi de formulaire",
                "verbose_name_plural": "envois de formulaires",
                "indexes": [
                    models.Index(fields=["utilisateur", "recu_le"], name="envoi_compte_date")
                ],
            },
        ),
    ]
