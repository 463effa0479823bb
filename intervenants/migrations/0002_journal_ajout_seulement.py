from django.db import migrations

# The access journal is evidence: the database itself refuses to change or delete it.
# The retention purge (12 months) is the only exception, and it must say so explicitly
# inside its transaction with SET LOCAL trait_union.purge_journal = 'on'.
# TRUNCATE is left to the table owner (test database resets use it); the production
# application role does not own its tables (docs/deploiement.md).
CREER = """
CREATE OR REPLACE FUNCTION intervenants_journal_refuser_modification() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('trait_union.purge_journal', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'le journal des accès est en ajout seul (% refusé)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER intervenants_journal_ajout_seulement
    BEFORE UPDATE OR DELETE ON intervenants_journal
    FOR EACH ROW EXECUTE FUNCTION intervenants_journal_refuser_modification();
"""

SUPPRIMER = """
DROP TRIGGER IF EXISTS intervenants_journal_ajout_seulement ON intervenants_journal;
DROP FUNCTION IF EXISTS intervenants_journal_refuser_modification();
"""


class Migration(migrations.Migration):
    dependencies = [("intervenants", "0001_initial")]

    operations = [migrations.RunSQL(CREER, SUPPRIMER)]
