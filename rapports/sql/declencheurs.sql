-- The triggers keeping the statistics' running totals, one per accueil table (and one on
-- the sites, whose force codes the referrals' site counts). Their
-- names are listed in rapports/cumuls.py (DECLENCHEURS), which turns them off for bulk
-- loading.
CREATE OR REPLACE TRIGGER cumul_situation
    AFTER INSERT OR DELETE OR UPDATE OF poste_id, personne_id, date_ouverture, sexe,
        tranche_age, mineur, statut_affaire, problematiques, connu_service_social,
        enfants_au_foyer, date_cloture
    ON accueil_situation FOR EACH ROW EXECUTE FUNCTION cumul_situation_declencheur();
CREATE OR REPLACE TRIGGER cumul_saisine
    AFTER INSERT OR DELETE OR UPDATE OF poste_id, date_saisine, origine, situation_id, etat,
        site_id
    ON accueil_saisine FOR EACH ROW EXECUTE FUNCTION cumul_saisine_declencheur();
CREATE OR REPLACE TRIGGER cumul_entretien
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, mode, duree_minutes
    ON accueil_entretien FOR EACH ROW EXECUTE FUNCTION cumul_entretien_declencheur();
CREATE OR REPLACE TRIGGER cumul_acte
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, type
    ON accueil_acte FOR EACH ROW EXECUTE FUNCTION cumul_enfant_declencheur('acte', 'type');
CREATE OR REPLACE TRIGGER cumul_orientation
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, type_partenaire, issue
    ON accueil_orientation FOR EACH ROW
    EXECUTE FUNCTION cumul_enfant_declencheur('partenaire', 'type_partenaire', 'issue', 'issue');
CREATE OR REPLACE TRIGGER cumul_transmission
    AFTER INSERT OR DELETE OR UPDATE OF situation_id, date, nature
    ON accueil_transmission FOR EACH ROW
    EXECUTE FUNCTION cumul_enfant_declencheur('transmission', 'nature');
CREATE OR REPLACE TRIGGER cumul_site
    AFTER UPDATE OF force ON intervenants_site FOR EACH ROW
    EXECUTE FUNCTION cumul_site_declencheur();

CREATE OR REPLACE TRIGGER cumul_requisition
    AFTER INSERT OR DELETE OR UPDATE OF poste_id, date, reponse
    ON accueil_requisition FOR EACH ROW EXECUTE FUNCTION cumul_requisition_declencheur();
