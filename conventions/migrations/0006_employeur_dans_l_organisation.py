"""Why: Employeur moves to the intervenants app (see intervenants 0004). Here only Django's
state changes: the convention's foreign key points at the moved model, and the old model
leaves the conventions app. No table is touched.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conventions", "0005_conventions_dates_plausibles"),
        ("intervenants", "0004_employeur_dans_l_organisation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="convention",
                    name="employeur",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="conventions",
                        to="intervenants.employeur",
                        verbose_name="employeur",
                    ),
                ),
                migrations.DeleteModel(name="Employeur"),
            ],
        ),
    ]
