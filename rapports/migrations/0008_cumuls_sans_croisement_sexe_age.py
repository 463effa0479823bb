"""The running totals stop counting the sex x age band cross-table.

Why: the triggers kept a ``sexe_tranche`` count on every write for a cross-table that
publication then dropped (it was never shown: on one post it would single people out,
and its margins are the sex and age-band tables). It is removed everywhere, these
counters included (docs/decisions.md). The SQL is the dated copy next to this file of
``rapports/sql/cumul_situation_propre.sql`` and ``cumul_calcul.sql``.
"""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")


class Migration(migrations.Migration):
    dependencies = [("rapports", "0003_squashed_0007_cumuls_des_statistiques")]

    # Going back keeps these definitions: nothing reads the cross-table's counters any more,
    # and cumul_reconstruire() with 0003's definitions would count them again.
    operations = [
        migrations.RunSQL(SQL, migrations.RunSQL.noop),
        migrations.RunSQL(
            "DELETE FROM rapports_cumul WHERE dimension = 'sexe_tranche'",
            migrations.RunSQL.noop,
        ),
    ]
