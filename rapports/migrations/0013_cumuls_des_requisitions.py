"""The running totals count the requisitions of each post by answer (issue 17, item 5).

Why: the statistics publish a « réquisitions par réponse » table, read from the running
totals like every other table of whole months. The SQL is the dated copy next to this file
of ``rapports/sql/cumul_requisition_declencheur.sql``, ``cumul_calcul.sql`` and the new
trigger of ``declencheurs.sql``. The table is new and empty: nothing to count again.
"""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")
# Going back: 0012's definitions (cumul_calcul without the requisitions; the totals rebuilt).
SQL_0012 = (Path(__file__).parent / "0012_cumuls_indicateurs_du_terrain.sql").read_text(
    encoding="utf-8"
)


class Migration(migrations.Migration):
    dependencies = [
        ("rapports", "0012_cumuls_indicateurs_du_terrain"),
        ("accueil", "0013_registre_des_requisitions_et_destinataire_de_l_annuaire"),
    ]

    operations = [
        migrations.RunSQL(
            SQL,
            "DROP TRIGGER IF EXISTS cumul_requisition ON accueil_requisition; "
            "DROP FUNCTION IF EXISTS cumul_requisition_declencheur(); "
            "DELETE FROM rapports_cumul WHERE dimension = 'requisition'; " + SQL_0012,
        ),
    ]
