import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intervenants import middleware
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


def _expiration(client):
    return Session.objects.get(pk=client.cookies["sessionid"].value).expire_date


def _reculer_l_expiration(client, minutes: int) -> None:
    """As if the last renewal were ``30 - minutes`` minutes ago: expiry in ``minutes``."""
    Session.objects.filter(pk=client.cookies["sessionid"].value).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=minutes)
    )


def test_inactivite_de_trente_minutes(settings, monde):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = _connecte("chef")
    assert client.get(reverse("espace:espace")).status_code == 200
    reste = _expiration(client) - timezone.now()
    assert datetime.timedelta(minutes=29) < reste <= datetime.timedelta(minutes=30)
    _reculer_l_expiration(client, -1)  # 31 minutes without a page
    reponse = client.get(reverse("espace:espace"))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("intervenants:connexion"))


def test_une_page_dans_la_minute_n_ecrit_pas_la_session(monde):
    """Performance (issue 18): the session row is not rewritten and committed on each page."""
    client = _connecte("chef")
    client.get(reverse("espace:espace"))
    with CaptureQueriesContext(connection) as requetes:
        for _ in range(3):
            assert client.get(reverse("espace:espace")).status_code == 200
    ecritures = [
        q["sql"]
        for q in requetes.captured_queries
        if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
    ]
    assert ecritures == []


def test_l_activite_prolonge_la_session_au_plus_une_fois_par_minute(monde, monkeypatch):
    client = _connecte("chef")
    client.get(reverse("espace:espace"))
    _reculer_l_expiration(client, 5)
    # A page within the minute of the last renewal: the expiry does not move.
    client.get(reverse("espace:espace"))
    assert _expiration(client) - timezone.now() < datetime.timedelta(minutes=6)
    # Sixty-one seconds later: pushed back to thirty minutes from now.
    plus_tard = time.time() + 61
    monkeypatch.setattr(middleware.time, "time", lambda: plus_tard)
    assert client.get(reverse("espace:espace")).status_code == 200
    assert _expiration(client) - timezone.now() > datetime.timedelta(minutes=29)


def test_un_visiteur_non_connecte_n_ouvre_pas_de_session(db):
    client = Client()
    client.get(reverse("intervenants:connexion"))
    assert "sessionid" not in client.cookies
    assert not Session.objects.exists()
