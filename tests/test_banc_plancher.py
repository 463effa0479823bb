"""The benchmark's two empty pages (tests/perf/plancher.py): they answer as a real page of the
worker would, scope check included, so that the floor they measure is that of a real page."""

from django.test import override_settings


@override_settings(ROOT_URLCONF="tests.perf.plancher")
def test_les_pages_vides_du_banc(monde, client_de):
    intervenante = client_de("intervenante")
    assert intervenante.get("/plancher/session/").content == str(monde["intervenante"].pk).encode()
    page = intervenante.get("/plancher/gabarit/")
    assert page.status_code == 200
    assert "Trait d'union" in page.content.decode()
    # The worker's scope is checked, as on every page of the worker.
    assert client_de("chef").get("/plancher/gabarit/").status_code == 404
    assert client_de("anonyme").get("/plancher/gabarit/").status_code == 302
    # The application's own pages are still there.
    assert client_de("intervenante").get("/accueil/dossiers/").status_code == 200
