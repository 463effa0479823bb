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


def test_le_blocage_vaut_aussi_depuis_une_autre_adresse(client, monde):
    for i in range(5):
        _essai(client, "chef", "mauvais", adresse=f"10.0.0.{i + 1}")
    assert _essai(client, "chef", "mot-de-passe-de-test", adresse="10.9.9.9").status_code == 429


def test_une_adresse_qui_essaie_plusieurs_comptes_est_bloquee(client, monde):
    for compte in ["chef", "agent", "employeur", "clspd", "coordinateur"]:
        _essai(client, compte, "mauvais", adresse="10.6.6.6")
    assert (
        _essai(client, "intervenante", "mot-de-passe-de-test", adresse="10.6.6.6").status_code
        == 429
    )
    assert (
        _essai(client, "intervenante", "mot-de-passe-de-test", adresse="10.7.7.7").status_code
        == 302
    )


def test_le_blocage_dure_quinze_minutes(client, monde, settings):
    import datetime

    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_FAILURE_LIMIT == 5
