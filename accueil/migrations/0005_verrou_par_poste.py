"""The per-post write lock, owned by the app that takes it.

Why: every writing service of accueil takes the post's lock first (``_verrouiller_poste``),
and the statistics' triggers take the same lock before a post's counters, so that two
workers of a shared post never deadlock. The function used to be created by a rapports
migration: the confidential app silently depended on the reporting app's migrations. It
is now created here, and the rapports migrations depend on this one.

The SQL is the dated copy next to this file (same name, ``.sql``) of its current
definition in ``accueil/sql/``; tests/rapports/test_cumuls_sql.py checks the database
against ``accueil/sql/`` and ``rapports/sql/``. Databases built with the old rapports
migrations already have this function: CREATE OR REPLACE keeps it as it is.
"""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")


class Migration(migrations.Migration):
    dependencies = [("accueil", "0004_index_premiere_saisine_de_la_situation")]

    operations = [migrations.RunSQL(SQL, "DROP FUNCTION cumul_verrouiller(bigint)")]
