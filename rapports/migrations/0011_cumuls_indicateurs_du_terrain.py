"""The running totals count what the field asks for and no report showed (issue 19).

New dimensions: a situation's « déjà connu d'un service social » (``connu_ss``), children
at home (``enfants``), adult women (``femme_majeure``); a referral's state (``etat``) and
site (``site``, coded by force and id: ``police-12``), kept right by a trigger on a site's
force. The SQL is the dated copy next to this file of ``rapports/sql/`` (cumul_code_enfants,
cumul_code_site, cumul_situation_propre, cumul_calcul, the situation, referral and site
triggers' functions, declencheurs.sql); the totals are then rebuilt from the raw tables so
that the past is counted too (docs/rapports.md, docs/decisions.md).
"""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).with_suffix(".sql").read_text(encoding="utf-8")


class Migration(migrations.Migration):
    dependencies = [("rapports", "0010_secret_statistique_calcule")]

    # Going back keeps these definitions: the extra counters are read by nothing older.
    operations = [
        migrations.RunSQL(SQL, migrations.RunSQL.noop),
        migrations.RunSQL("SELECT cumul_reconstruire()", migrations.RunSQL.noop),
    ]
