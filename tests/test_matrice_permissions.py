import importlib
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from tests.conftest import PERSONAS
from tests.matrice import Redirection, noms_des_urls

APPS = ["espace", "intervenants", "accueil", "conventions", "rapports"]


def _toutes_les_lignes():
    # Every app declares its rows: a missing module fails the suite rather than skipping
    # that app's URLs.
    lignes = {}
    for app in APPS:
        lignes.update(importlib.import_module(f"tests.{app}.matrice").LIGNES)
    return lignes


LIGNES = _toutes_les_lignes()


def test_chaque_url_a_sa_ligne_dans_la_matrice():
    noms = noms_des_urls()
    assert sorted(noms - LIGNES.keys()) == [], "URL sans ligne dans la matrice"
    assert sorted(LIGNES.keys() - noms) == [], "ligne de matrice pour une URL disparue"


@pytest.mark.parametrize("nom", sorted(LIGNES))
def test_chaque_ligne_couvre_chaque_persona(nom):
    assert sorted(set(PERSONAS) - LIGNES[nom].attendus.keys()) == []


def _obtenu(response):
    if response.status_code in (301, 302):
        return ("redirection", response["Location"])
    return response.status_code


def _conforme(response, attendu) -> bool:
    if isinstance(attendu, Redirection):
        if response.status_code != 302:
            return False
        return resolve(urlsplit(response["Location"]).path).view_name == attendu.vers
    return response.status_code == attendu


@pytest.mark.parametrize("nom", sorted(LIGNES))
def test_matrice_role_url(nom, monde, client_de):
    ligne = LIGNES[nom]
    url = reverse(nom, kwargs=ligne.kwargs(monde))
    ecarts = []
    for persona in PERSONAS:
        client = client_de(persona)
        envoyer = getattr(client, ligne.methode)
        response = envoyer(url, ligne.donnees(monde)) if ligne.methode == "post" else envoyer(url)
        attendu = ligne.attendus[persona]
        if not _conforme(response, attendu):
            ecarts.append(f"{persona}: attendu {attendu}, obtenu {_obtenu(response)}")
    assert ecarts == [], f"{nom} ({url})"
