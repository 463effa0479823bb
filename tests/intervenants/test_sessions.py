import time

import pytest
from django.test import Client
from django.urls import reverse

from intervenants.middleware import CLE_DEBUT_SESSION

pytestmark = pytest.mark.django_db

MDP = "mot-de-passe-de-test"


def _connecte(username):
    client = Client()
    client.post(reverse("intervenants:connexion"), {"username": username, "password": MDP})
    return client


def test_changer_son_mot_de_passe_ferme_les_autres_sessions(monde):
    bureau, telephone = _connecte("chef"), _connecte("chef")
    nouveau = "Une phrase de passe toute neuve 2026"
    bureau.post(
        reverse("intervenants:mot_de_passe"),
        {"old_password": MDP, "new_password1": nouveau, "new_password2": nouveau},
    )
    assert bureau.get(reverse("espace:espace")).status_code == 200
    assert telephone.get(reverse("espace:espace")).status_code == 302


def test_session_fermee_douze_heures_apres_la_connexion(monde):
    client = _connecte("chef")
    session = client.session
    session[CLE_DEBUT_SESSION] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("espace:espace"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("intervenants:connexion"))


def test_session_active_depuis_onze_heures_reste_ouverte(monde):
    client = _connecte("chef")
    session = client.session
    session[CLE_DEBUT_SESSION] = time.time() - 11 * 3600
    session.save()
    assert client.get(reverse("espace:espace")).status_code == 200


def test_inactivite_de_trente_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
