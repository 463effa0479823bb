"""The worker finds a returning person from the navigation bar, and shares the post's files."""

import datetime

from playwright.sync_api import expect

from accueil.models import Situation
from tests.accueil.factories import SituationFactory


def test_une_recherche_depuis_la_barre_trouve_une_situation_close(parcours, monde):
    close = SituationFactory(
        personne__poste=monde.poste,
        personne__nom="Marchetti",
        personne__prenom="Inès",
        personne__telephone="06 45 67 89 10",
        date_ouverture=datetime.date(2025, 2, 3),
        date_cloture=datetime.date(2025, 9, 30),
        referent=monde["intervenante"],
    )
    page = parcours.page

    parcours.connecter("intervenante")
    barre = page.get_by_role("search")
    barre.get_by_label("Rechercher une personne (nom, prénom, n° de situation, téléphone)").fill(
        "marchetti ines"
    )
    barre.get_by_role("button", name="Rechercher").click()
    parcours.verifier()
    expect(page.get_by_text("close le 30/09/2025")).to_be_visible()

    # The same person by her phone, typed without spaces.
    barre.get_by_label("Rechercher une personne (nom, prénom, n° de situation, téléphone)").fill(
        "0645678910"
    )
    barre.get_by_label("Rechercher une personne (nom, prénom, n° de situation, téléphone)").press(
        "Enter"
    )
    parcours.verifier()
    parcours.cliquer("link", name="MARCHETTI Inès")
    expect(page.get_by_role("heading", name="MARCHETTI Inès")).to_be_visible()
    expect(page.get_by_text(f"Situation n° {close.pk}")).to_be_visible()
    expect(page.get_by_role("button", name="Rouvrir")).to_be_visible()


def test_l_intervenante_confie_une_situation_a_sa_collegue_du_poste(parcours, monde):
    situation = SituationFactory(
        personne__poste=monde.poste,
        personne__nom="Confiee",
        personne__prenom="Léa",
        referent=monde["intervenante"],
    )
    page = parcours.page

    parcours.connecter("intervenante")
    parcours.cliquer("link", name="Situations")
    parcours.cliquer("link", name="Mes situations")
    expect(page.get_by_role("link", name="CONFIEE Léa")).to_be_visible()
    parcours.cliquer("link", name="CONFIEE Léa")
    parcours.cliquer("link", name="changer de référent·e")
    page.get_by_label("Intervenant·e référent·e").select_option(label="Intervenante_Binome Persona")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Intervenante_Binome Persona est désormais référent·e")).to_be_visible()
    situation.refresh_from_db()
    assert situation.referent == monde["intervenante_binome"]

    # « Mes situations » is remembered: the file has left her list.
    parcours.cliquer("link", name="Situations")
    expect(page.get_by_text("Aucune situation ne correspond")).to_be_visible()
    parcours.cliquer("link", name="Le poste")
    expect(page.get_by_role("link", name="CONFIEE Léa")).to_be_visible()
    assert Situation.objects.filter(referent=monde["intervenante"]).count() == 0
