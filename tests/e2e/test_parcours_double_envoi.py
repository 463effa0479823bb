"""In a real browser: the answer to « Enregistrer » is lost after the server recorded (a
network cut, a worker killed after the commit); the worker clicks « Enregistrer » again on
the form still on screen. One act is recorded, and she is led to it (issue 18, item 6)."""

import re

from playwright.sync_api import expect

from accueil.models import Acte
from tests.accueil.factories import SaisineFactory


def test_la_reponse_perdue_puis_le_renvoi_n_enregistrent_qu_un_acte(parcours, monde):
    situation = SaisineFactory(
        situation__personne__poste=monde.poste, site=monde.commissariat
    ).situation
    page = parcours.page
    envois, perdues = [], []

    def reponse_perdue(route):
        envois.append(route.request.method)
        if route.request.method == "POST" and envois.count("POST") == 1:
            route.fetch(max_redirects=0)  # the server receives it, and records
            route.abort("aborted")  # the browser never gets the answer
            perdues.append(route.request.url)
        else:
            route.continue_()

    parcours.connecter("intervenante")
    parcours.aller(f"/accueil/situations/{situation.pk}/actes/nouveau/")
    page.route("**/actes/nouveau/", reponse_perdue)
    page.get_by_label("Acte").select_option(label="évaluation sociale")
    page.get_by_role("button", name="Enregistrer").click()
    for _ in range(200):  # the route handler runs while the page waits
        if perdues:
            break
        page.wait_for_timeout(50)
    expect(page.get_by_role("heading", name="Nouvel acte")).to_be_visible()
    assert Acte.objects.filter(situation=situation).count() == 1

    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Ce formulaire avait déjà été envoyé et enregistré")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/accueil/situations/{situation.pk}/$"))
    assert envois.count("POST") == 2
    assert Acte.objects.filter(situation=situation).count() == 1
