from django.db import migrations

# A validated or transmitted report is evidence of what was sent: beyond the services'
# checks, the database refuses to change its snapshot, PDF or texts, or to delete it.
# Only the state may move forward (validé → transmis) with its date and author.
COLONNES = [
    "instantane",
    "pdf",
    "empreinte_pdf",
    "texte_saisines",
    "texte_situations",
    "texte_suites",
    "texte_impact",
    "texte_difficultes",
    "valide_le",
    "valide_par_id",
]
COLONNES_BILAN = [*COLONNES, "texte_partenariats", "texte_perspectives", "annee", "site_id"]
COLONNES_CR = [*COLONNES, "annee", "trimestre", "poste_id"]


def _creer(table, colonnes):
    change = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in colonnes)
    return f"""
CREATE OR REPLACE FUNCTION {table}_fige() RETURNS trigger AS $$
BEGIN
    IF OLD.etat <> 'brouillon' THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'rapport validé : suppression refusée'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF {change} OR NEW.etat = 'brouillon' OR (OLD.etat = 'transmis' AND NEW.etat <> 'transmis') THEN
            RAISE EXCEPTION 'rapport validé : modification refusée'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER {table}_fige
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_fige();
"""


def _supprimer(table):
    return f"""
DROP TRIGGER IF EXISTS {table}_fige ON {table};
DROP FUNCTION IF EXISTS {table}_fige();
"""


class Migration(migrations.Migration):
    dependencies = [("rapports", "0001_comptes_rendus_et_bilans_annuels")]

    operations = [
        migrations.RunSQL(
            _creer("rapports_compterendu", COLONNES_CR),
            _supprimer("rapports_compterendu"),
        ),
        migrations.RunSQL(
            _creer("rapports_bilanannuel", COLONNES_BILAN),
            _supprimer("rapports_bilanannuel"),
        ),
    ]
