# Why: measured on the national dataset, a département's two years (61 630 rows of
# rapports_cumul for 37 posts) touched 42 171 heap pages: the rows of one post are spread
# over the whole table. With ``n`` included in the unique index, the same read is an
# index-only scan of the post's contiguous index entries. The counters stay upserts on the
# same key (ON CONFLICT infers the index from its key columns, not the included one).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intervenants", "0002_journal_ajout_seulement"),
        ("rapports", "0004_cumuls_tenus_par_la_base"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="cumul",
            name="cumul_unique",
        ),
        migrations.AddConstraint(
            model_name="cumul",
            constraint=models.UniqueConstraint(
                fields=("poste", "mois", "dimension", "code"),
                include=("n",),
                name="cumul_unique",
            ),
        ),
        migrations.RunSQL("ANALYZE rapports_cumul", migrations.RunSQL.noop),
    ]
