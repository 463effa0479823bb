"""The database unreachable is a passing outage, not a bug: 503, a French page saying so,
« Retry-After », never a trace. Any other error stays a 500."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.test import override_settings
from django.urls import path


@login_not_required
def _base_arretee(request):
    raise OperationalError("terminating connection due to administrator command")


@login_not_required
def _connexion_fermee(request):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as erreur:
        raise InterfaceError("connection already closed") from erreur


@login_not_required
def _bogue(request):
    raise RuntimeError("panne simulée")


urlpatterns = [
    path("base-arretee/", _base_arretee),
    path("connexion-fermee/", _connexion_fermee),
    path("bogue/", _bogue),
]
handler500 = "intervenants.views.erreur_500"


@pytest.fixture
def client_sans_exception(client):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        yield client


@pytest.mark.parametrize("url", ["/base-arretee/", "/connexion-fermee/"])
def test_base_injoignable_page_503_en_francais(client_sans_exception, url):
    reponse = client_sans_exception.get(url)
    assert reponse.status_code == 503
    assert reponse["Retry-After"] == "30"
    page = reponse.content.decode()
    assert "Service momentanément indisponible" in page
    assert "jamais à moitié" in page
    assert "Traceback" not in page and "connection" not in page


def test_une_autre_erreur_reste_une_500(client_sans_exception):
    reponse = client_sans_exception.get("/bogue/")
    assert reponse.status_code == 500
    page = reponse.content.decode()
    assert "Une erreur est survenue" in page
    assert "panne simulée" not in page
