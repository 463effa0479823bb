"""Why: a convention ending on 9999-12-31 was accepted, then every page computing its
deadlines failed ("year 10000 is out of range") for every reader (issue 12, item 4).

The date fields get the activity range (intervenants/dates.py) as validators, checked by the
forms and services; the database gets fixed bounds (2000 to 2100) as CHECK constraints, so
that no other writer (a script, the shell, a restored dump) stores what the computations
cannot handle.

The constraints are added NOT VALID: PostgreSQL enforces them on every new or updated row
without checking the rows already there. A database that already holds an absurd date
(the attack, before this fix) still migrates instead of failing the deployment of the fix;
its row stays readable (the computations clamp their window, conventions/echeances.py) and
its next save asks for a plausible date. `VALIDATE CONSTRAINT` can be run once it is fixed.
"""

import datetime

import django.core.validators
from django.db import migrations, models

import intervenants.dates

ACTIVITE = intervenants.dates.PlageDeDates(datetime.date(2000, 1, 1), 20)
DEBUT, FIN = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)
MESSAGE = "Date hors de la plage admise (2000 à 2100)."


def _plausible(champ):
    return models.Q(**{f"{champ}__isnull": True}) | models.Q(**{f"{champ}__range": (DEBUT, FIN)})


class AjouterContrainteNonValidee(migrations.AddConstraint):
    """AddConstraint whose SQL ends with NOT VALID: existing rows are not checked."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            sql = str(self.constraint.create_sql(model, schema_editor))
            schema_editor.execute(f"{sql.rstrip(';')} NOT VALID")


class Migration(migrations.Migration):
    dependencies = [("conventions", "0004_convention_verrouillage_optimiste")]

    operations = [
        *(
            migrations.AlterField(
                model_name=modele,
                name=champ,
                field=models.DateField(
                    null=nul,
                    blank=nul,
                    validators=[ACTIVITE],
                    verbose_name=libelle,
                    **({"help_text": aide} if aide else {}),
                ),
            )
            for modele, champ, nul, libelle, aide in [
                ("avenant", "date_signature", False, "date de signature", None),
                (
                    "avenant",
                    "nouvelle_date_fin",
                    True,
                    "nouvelle date de fin",
                    "À remplir si l'avenant prolonge ou raccourcit la convention.",
                ),
                ("convention", "date_debut", False, "début", None),
                (
                    "convention",
                    "date_fin",
                    False,
                    "fin (dernier jour couvert)",
                    "Trois ans après le début si laissée vide.",
                ),
                (
                    "convention",
                    "date_resiliation",
                    True,
                    "résiliée à compter du",
                    "Premier jour où la convention ne s'applique plus.",
                ),
                (
                    "convention",
                    "date_signature",
                    True,
                    "date de signature",
                    "Laisser vide tant que la convention n'est pas signée (brouillon).",
                ),
                ("reunioncomite", "date", False, "date", None),
            ]
        ),
        migrations.AlterField(
            model_name="financement",
            name="annee",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(
                        2000, "Saisissez une année à partir de %(limit_value)s."
                    ),
                    django.core.validators.MaxValueValidator(
                        2100, "Saisissez une année jusqu'à %(limit_value)s."
                    ),
                ],
                verbose_name="année",
            ),
        ),
        AjouterContrainteNonValidee(
            model_name="convention",
            constraint=models.CheckConstraint(
                condition=models.Q(date_debut__gte=DEBUT)
                & models.Q(date_fin__lte=FIN)
                & _plausible("date_signature")
                & _plausible("date_resiliation"),
                name="convention_dates_plausibles",
                violation_error_message=MESSAGE,
            ),
        ),
        AjouterContrainteNonValidee(
            model_name="financement",
            constraint=models.CheckConstraint(
                condition=models.Q(annee__range=(2000, 2100)),
                name="financement_annee_plausible",
                violation_error_message=MESSAGE,
            ),
        ),
        AjouterContrainteNonValidee(
            model_name="avenant",
            constraint=models.CheckConstraint(
                condition=_plausible("date_signature") & _plausible("nouvelle_date_fin"),
                name="avenant_dates_plausibles",
                violation_error_message=MESSAGE,
            ),
        ),
        AjouterContrainteNonValidee(
            model_name="reunioncomite",
            constraint=models.CheckConstraint(
                condition=_plausible("date"),
                name="reunion_date_plausible",
                violation_error_message=MESSAGE,
            ),
        ),
    ]
