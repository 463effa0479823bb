"""Every URL refuses a POST that carries no CSRF token, for a user allowed on the page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.matrice import OK, Redirection
from tests.test_matrice_permissions import LIGNES

pytestmark = pytest.mark.django_db


def _persona_autorise(ligne):
    """A persona who reaches the page; anonymous only when nobody else does (login)."""
    autorises = [
        persona
        for persona, attendu in ligne.attendus.items()
        if attendu == OK
        or (isinstance(attendu, Redirection) and attendu.vers != "intervenants:connexion")
    ]
    connectes = [p for p in autorises if p != "anonyme"]
    return (connectes or autorises or [None])[0]


@pytest.mark.parametrize("nom", sorted(LIGNES))
def test_post_sans_jeton_csrf_refuse(nom, monde):
    ligne = LIGNES[nom]
    persona = _persona_autorise(ligne)
    if persona is None:
        pytest.skip("aucun persona connecté n'atteint cette page")
    client = Client(enforce_csrf_checks=True)
    if persona != "anonyme":
        client.force_login(monde[persona])
    response = client.post(reverse(nom, kwargs=ligne.kwargs(monde)), ligne.donnees(monde))
    assert response.status_code == 403
