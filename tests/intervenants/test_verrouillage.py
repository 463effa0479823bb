import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _essai(client, username, password, adresse="10.0.0.1"):
    return client.post(
        reverse("intervenants:connexion"),
        {"username": username, "password": password},
        REMOTE_ADDR=adresse,
    )


def test_cinq_echecs_bloquent_le_compte_meme_avec_le_bon_mot_de_passe(client, monde):
    for _ in range(5):
        _essai(client, "chef", "mauvais-mot-de-passe")
    response = _essai(client, "chef", "mot-de-passe-de-test")
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_quatre_echecs_ne_bloquent_pas(client, monde):
    for _ in range(4):
        _essai(client, "chef", "mauvais-mot-de-passe")
    response = _essai(client, "chef", "mot-de-passe-de-test")
    assert response.status_code == 302


def test_un_compte_bloque_depuis_une_adresse_se_connecte_depuis_une_autre(client, monde):
    # The lock is on the pair: someone guessing from elsewhere cannot lock a worker out.
    for _ in range(5):
        _essai(client, "chef", "mauvais", adresse="10.0.0.1")
    assert _essai(client, "chef", "mot-de-passe-de-test", adresse="10.9.9.9").status_code == 302


def test_six_echecs_d_un_compte_ne_bloquent_pas_les_autres_comptes_de_la_meme_adresse(
    client, monde
):
    # The review's reproduction: one person behind the station's NAT address locked everyone.
    for _ in range(6):
        _essai(client, "clspd", "mauvais", adresse="10.6.6.6")
    assert _essai(client, "clspd", "mot-de-passe-de-test", adresse="10.6.6.6").status_code == 429
    response = _essai(client, "coordinateur", "mot-de-passe-de-test", adresse="10.6.6.6")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(monde["coordinateur"].pk)


def _essai_par_le_proxy(client, username, password, chaine):
    return client.post(
        reverse("intervenants:connexion"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR=chaine,
    )


def test_derriere_le_proxy_chaque_client_a_son_adresse(client, monde, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for _ in range(5):
        _essai_par_le_proxy(client, "chef", "mauvais", "203.0.113.7")
    assert (
        _essai_par_le_proxy(client, "chef", "mot-de-passe-de-test", "203.0.113.7").status_code
        == 429
    )
    # Same proxy, another client: not locked although REMOTE_ADDR is the proxy's.
    assert (
        _essai_par_le_proxy(client, "chef", "mot-de-passe-de-test", "198.51.100.4").status_code
        == 302
    )


def test_derriere_le_proxy_une_adresse_inventee_par_le_client_ne_leve_pas_le_blocage(
    client, monde, settings
):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for _ in range(5):
        _essai_par_le_proxy(client, "chef", "mauvais", "203.0.113.7")
    # The client writes a fresh address on the left; the proxy appends the real one.
    chaine = "192.0.2.99, 203.0.113.7"
    assert _essai_par_le_proxy(client, "chef", "mot-de-passe-de-test", chaine).status_code == 429


def test_derriere_un_proxy_le_nombre_de_proxys_est_obligatoire():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.pop("AXES_IPWARE_PROXY_COUNT", None)
    env.update({"DEBUG": "1", "DERRIERE_PROXY_TLS": "1"})
    resultat = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode != 0
    assert "DERRIERE_PROXY_TLS=1 demande AXES_IPWARE_PROXY_COUNT" in resultat.stderr


def test_le_blocage_dure_quinze_minutes(client, monde, settings):
    import datetime

    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_FAILURE_LIMIT == 5
