"""The employer records a convention and edits its funding, in a real browser."""

from decimal import Decimal

from playwright.sync_api import expect

from conventions.models import Convention, Financement
from tests.conventions.factories import PDF_MINIMAL, ConventionFactory, FinancementFactory


def test_l_employeur_modifie_le_financement_de_sa_convention(parcours, monde):
    convention = ConventionFactory(
        titre="Convention ISCG Estuaire 2024-2026", employeur=monde.employeur, postes=[monde.poste]
    )
    FinancementFactory(convention=convention, annee=2026, montant=Decimal("25000.00"))
    page = parcours.page

    parcours.connecter("employeur")
    parcours.cliquer("link", name="Conventions")
    parcours.cliquer("link", name="Convention ISCG Estuaire 2024-2026")
    parcours.cliquer("link", name="Modifier")
    montant = page.locator("input[name$='-montant'][value^='25000']")
    montant.fill("27500,50")
    parcours.cliquer("button", name="Enregistrer")

    expect(page.get_by_text("27 500,50").first).to_be_visible()
    lignes = Financement.objects.filter(convention=convention)
    assert [(f.annee, f.montant) for f in lignes] == [(2026, Decimal("27500.50"))]


def test_l_employeur_enregistre_une_convention_de_bout_en_bout(parcours, monde):
    page = parcours.page
    parcours.connecter("employeur")
    expect(page.get_by_text("aucune convention enregistrée.")).to_be_visible()

    parcours.cliquer("link", name="Conventions")
    parcours.cliquer("link", name="Nouvelle convention")
    page.get_by_label("Intitulé").fill("Convention ISCG Estuaire 2025-2027")
    page.get_by_label("Employeur").select_option(label="Association Escale")
    page.get_by_label("Date de signature").fill("2024-12-10")
    page.get_by_label("Début").fill("2025-01-01")
    page.get_by_label("Coût annuel du poste (€)").fill("50 000")
    page.get_by_label("ISCG Estuaire").check()
    page.locator("#id_parties-0-role").select_option(label="préfet")
    page.locator("#id_parties-0-nom").fill("Préfet de la Loire-Atlantique")
    page.locator("#id_financements-0-financeur").select_option(label="État (FIPD)")
    page.locator("#id_financements-0-annee").fill("2025")
    page.locator("#id_financements-0-montant").fill("25000")
    page.locator("#id_financements-1-financeur").select_option(label="conseil départemental")
    page.locator("#id_financements-1-annee").fill("2025")
    page.locator("#id_financements-1-montant").fill("30000")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("plus de 100 %").first).to_be_visible()
    assert not Convention.objects.exists()

    page.locator("#id_financements-1-montant").fill("25000")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Convention enregistrée.")).to_be_visible()
    expect(page.get_by_text("31/12/2027").first).to_be_visible()
    expect(page.get_by_role("cell", name="100,0 %").first).to_be_visible()

    parcours.cliquer("link", name="Ajouter un avenant")
    page.get_by_label("Date de signature").fill("2025-06-01")
    page.get_by_label("Objet").fill("Permanence à Pontchâteau le vendredi")
    page.get_by_label("Ce que l'avenant modifie").fill("La permanence passe au vendredi matin.")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Permanence à Pontchâteau le vendredi")).to_be_visible()

    parcours.cliquer("link", name="Déposer un document")
    page.get_by_label("Type de pièce").select_option(label="convention signée")
    page.get_by_label("Titre").fill("Convention signée")
    page.get_by_label("Fichier PDF").set_input_files(
        files=[{"name": "convention.pdf", "mimeType": "application/pdf", "buffer": PDF_MINIMAL}]
    )
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_role("link", name="Convention signée")).to_be_visible()

    parcours.cliquer("link", name="Accueil")
    expect(page.get_by_text("Poste non déclaré à la direction de la police")).to_be_visible()
