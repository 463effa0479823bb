"""The running totals count the interviews that reached someone by length (issue 19, time
spent).

Why: the statistics publish an « entretiens par durée » table (less than 30 minutes, 30 to
59, one to two hours, two hours and more, not noted), read from the running totals like
every other table of whole months and protected by the cube of rapports/secret.py; the
minutes themselves are never summed outside the post (docs/decisions.md). The SQL is the
dated copy next to this file of ``rapports/sql/`` (the new cumul_code_duree_entretien,
cumul_entretien_declencheur, cumul_situation_enfants, cumul_calcul, and the interviews'
trigger of declencheurs.sql, now also fired by a change of length); the interviews already
recorded are then counted. Going back: ``_retour.sql``, 0013's definitions.

The secret's stored decisions (``rapports_secretcalcule``) were taken on a cube without the
interviews' lengths nor the file active: read as they are, both would show 0 outside the
post until the night's computation. They are dropped, so that the first page read computes
them again on the whole cube (``rapports/secret.py``, :func:`masque`).
"""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")
RETOUR = (Path(__file__).parent / f"{Path(__file__).stem}_retour.sql").read_text(
    encoding="utf-8"
)


class Migration(migrations.Migration):
    dependencies = [("rapports", "0013_cumuls_des_requisitions")]

    operations = [
        migrations.RunSQL(SQL, RETOUR),
        migrations.RunSQL("DELETE FROM rapports_secretcalcule", migrations.RunSQL.noop),
    ]
