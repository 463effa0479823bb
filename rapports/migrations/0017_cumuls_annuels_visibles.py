"""The yearly running totals vacuumed once, right after 0016 filled them.

Why: a year's statistics read ``rapports_cumulannuel`` by an index-only scan, which needs
the table's visibility map; a table just filled has none until its first VACUUM, and the
planner then prefers reading the whole table (30 ms instead of 5 for a département at
national scale, measured on a server without autovacuum). Autovacuum would do it within
minutes on most servers; this does it at once. VACUUM cannot run inside a transaction: this
migration is not atomic, and does nothing else. Going back: nothing to undo.
"""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("rapports", "0016_cumuls_annuels")]

    operations = [
        migrations.RunSQL("VACUUM (ANALYZE) rapports_cumulannuel", migrations.RunSQL.noop),
    ]
