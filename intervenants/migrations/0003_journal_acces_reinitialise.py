"""A journal action for the access reset confirmed by the worker's employer.

Why: the technical administrator no longer changes a password or a second factor of an
account that holds a role (issue 12, item 3); the employer resets the worker's access from
"L'équipe", and the employer's data-protection officer must be able to find these resets
in the journal by their own action. Choices only: no SQL runs.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intervenants', '0002_journal_ajout_seulement'),
    ]

    operations = [
        migrations.AlterField(
            model_name='journal',
            name='action',
            field=models.CharField(choices=[('connexion', 'connexion'), ('deconnexion', 'déconnexion'), ('echec_connexion', 'échec de connexion'), ('affectation_creee', 'affectation créée'), ('affectation_terminee', 'affectation terminée'), ('permissions_synchronisees', 'permissions synchronisées'), ('consultation', "consultation d'un dossier"), ('creation', 'création'), ('modification', 'modification'), ('export', 'export'), ('transmission', 'transmission'), ('purge', 'purge'), ('acces_reinitialise', 'accès réinitialisé')], max_length=32, verbose_name='action'),
        ),
    ]
