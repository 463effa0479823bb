"""An anonymous phone contact, entered then counted on the worker's dashboard (issue 16)."""

import datetime

from playwright.sync_api import expect

from accueil.models import Situation
from tests.accueil.factories import EntretienFactory, SituationFactory


def _chiffre(page, indicateur: str) -> int:
    # The key figures are tiles: the figure, then its label (issue 19).
    tuile = page.locator("li.tuile").filter(has=page.get_by_text(indicateur, exact=True))
    return int(tuile.locator(".tuile-valeur").inner_text())


def test_un_contact_telephonique_anonyme_compte_sur_le_tableau_de_bord(parcours, monde):
    situation = SituationFactory(personne__poste=monde.poste, date_ouverture=datetime.date.today())
    EntretienFactory(situation=situation, date=datetime.date.today())
    page = parcours.page

    parcours.connecter("intervenante")
    parcours.cliquer("link", name="Statistiques")
    situations, entretiens = _chiffre(page, "Nouvelles situations"), _chiffre(page, "Entretiens")

    parcours.cliquer("link", name="Situations")
    parcours.cliquer("link", name="Contact anonyme")
    # Nothing guessed: every choice starts empty.
    expect(page.get_by_label("Mode")).to_have_value("")
    expect(page.get_by_label("Tranche d'âge")).to_have_value("")
    page.get_by_label("Mode").select_option(label="entretien téléphonique")
    page.get_by_label("Durée (minutes)").fill("10000")
    page.get_by_label("Sexe").select_option(label="femme")
    page.get_by_label("Tranche d'âge").select_option(label="40 à 59 ans")
    page.get_by_label("Statut dans l'affaire").select_option(label="victime")
    page.get_by_label("Problématique principale").select_option(
        label="violences conjugales — psychologiques"
    )
    page.get_by_label("La personne accepte l'échange (adhésion à l'accompagnement)").check()
    parcours.cliquer("button", name="Enregistrer le contact")

    # An absurd duration: refused in French beside the field, the rest kept.
    expect(page.get_by_text("La durée est d'au plus 600 minutes (10 heures).")).to_be_visible()
    expect(page.get_by_label("Tranche d'âge")).to_have_value("40-59")
    page.get_by_label("Durée (minutes)").fill("15")
    parcours.cliquer("button", name="Enregistrer le contact")

    contact = Situation.objects.get(personne__anonyme=True)
    libelle = f"Contact anonyme n° {contact.personne_id}"
    expect(page.get_by_role("heading", name=libelle)).to_be_visible()
    expect(page.get_by_text(f"{libelle} enregistré")).to_be_visible()

    parcours.cliquer("link", name="Statistiques")
    assert _chiffre(page, "Nouvelles situations") == situations + 1
    assert _chiffre(page, "Entretiens") == entretiens + 1

    # Later, the person agrees to give her name.
    parcours.aller(f"/accueil/situations/{contact.pk}/")
    parcours.cliquer("link", name="Identifier la personne")
    page.locator("#id_nom").fill("Garnier")
    page.locator("#id_prenom").fill("Julie")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_role("heading", name="GARNIER Julie")).to_be_visible()
