"""Every form of the application, fuzzed: never a server error, never an unescaped script.

The forms are found by reading the pages the role × URL matrix says a persona reaches, so
a new form is fuzzed as soon as its URL has its row.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.matrice import OK
from tests.test_matrice_permissions import LIGNES

pytestmark = pytest.mark.django_db

CHARGE = "<script>alert('tu')</script>"
ENORMES = ["x" * 100_000, "é" * 5_000, "9" * 400]
PIEGES = [
    CHARGE,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE accueil_personne; --",
    "\u202e\u200b\ufeff",
    "𝓩𝓮𝓫𝓾𝓵𝓸𝓷",
    "\x00",
    "-1",
    "0",
    "2026-02-30",
    "31/12/9999",
    "NaN",
    " ",
]
valeur = st.one_of(st.sampled_from(PIEGES + ENORMES), st.text(max_size=300))


class _Formulaires(HTMLParser):
    """Names of the fields of the POST forms of a page, and the options of selects."""

    def __init__(self):
        super().__init__()
        self.champs, self.options, self._select, self._dans_post = {}, {}, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._dans_post = (attrs.get("method") or "").lower() == "post"
        elif self._dans_post and tag in ("input", "textarea", "select") and attrs.get("name"):
            if attrs.get("type") in ("submit", "hidden") and attrs["name"] == "csrfmiddlewaretoken":
                return
            self.champs[attrs["name"]] = attrs.get("value") or ""
            if tag == "select":
                self._select = attrs["name"]
        elif tag == "option" and self._select:
            self.options.setdefault(self._select, []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self._dans_post = False


def _pages_a_formulaire():
    for nom, ligne in sorted(LIGNES.items()):
        if ligne.methode != "get":
            continue
        persona = next((p for p, a in ligne.attendus.items() if a == OK and p != "anonyme"), None)
        if persona:
            yield pytest.param(nom, persona, id=nom)


@pytest.mark.parametrize("nom, persona", list(_pages_a_formulaire()))
def test_formulaire_resiste_aux_saisies_hostiles(nom, persona, monde, client_de):
    client = client_de(persona)
    url = reverse(nom, kwargs=LIGNES[nom].kwargs(monde))
    page = client.get(url)
    if "text/html" not in page.get("Content-Type", ""):
        pytest.skip("pas une page HTML")
    analyse = _Formulaires()
    analyse.feed(page.content.decode())
    if not analyse.champs:
        pytest.skip("pas de formulaire POST sur cette page")

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.data())
    def envoyer(data):
        donnees = {}
        for champ in analyse.champs:
            choix = analyse.options.get(champ)
            if choix and data.draw(st.booleans()):
                donnees[champ] = data.draw(st.sampled_from(choix))
            else:
                donnees[champ] = data.draw(valeur)
        response = client.post(url, donnees)
        assert response.status_code in (200, 302, 400, 404, 429), response.status_code
        if "text/html" in response.get("Content-Type", ""):
            assert CHARGE not in response.content.decode()

    envoyer()
