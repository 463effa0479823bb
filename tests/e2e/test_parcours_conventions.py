"""The employer edits the funding of its convention, in a real browser."""

from decimal import Decimal

from playwright.sync_api import expect

from conventions.models import Financement
from tests.conventions.factories import ConventionFactory, FinancementFactory


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
