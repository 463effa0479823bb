"""Why: with Employeur now in intervenants (0004), its table takes the app's name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intervenants", "0004_employeur_dans_l_organisation"),
        ("conventions", "0006_employeur_dans_l_organisation"),
    ]

    operations = [
        migrations.AlterModelTable(name="employeur", table=None),
    ]
