"""Why: on a post shared by several workers, nothing said who follows a situation, and each
worker's list mixed everyone's files (issue 16, item 9). ``referent`` names the worker who
follows it; situations opened before stay without one until a worker is named from the
file (nothing in them said who it was).

The column is nullable, so adding it rewrites no row. Its index serves « Mes situations »
(a worker's open situations, most recent contact first) and is built ``CONCURRENTLY``, like
those of migration 0003: on a populated national database it does not lock writes.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accueil", "0007_agenda"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="situation",
            name="referent",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="intervenant·e référent·e",
            ),
        ),
        migrations.RunSQL(
            sql=(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS situation_referent_activite "
                "ON accueil_situation (referent_id, derniere_activite DESC, id DESC) "
                "WHERE date_cloture IS NULL"
            ),
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS situation_referent_activite",
        ),
    ]
