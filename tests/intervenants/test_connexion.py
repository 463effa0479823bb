import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from intervenants.demo import COMPTES
from intervenants.models import ActionJournal, Journal

pytestmark = pytest.mark.django_db

MESSAGE_GENERIQUE = "Identifiant ou mot de passe incorrect."


def test_mauvais_mot_de_passe_ne_dit_pas_lequel_est_faux(client, monde):
    mauvais_mdp = client.post(
        reverse("intervenants:connexion"), {"username": "chef", "password": "faux-faux-faux"}
    )
    compte_inconnu = client.post(
        reverse("intervenants:connexion"), {"username": "personne", "password": "faux-faux-faux"}
    )
    assert MESSAGE_GENERIQUE in mauvais_mdp.content.decode()
    assert mauvais_mdp.content.decode().count(MESSAGE_GENERIQUE) == 1
    assert compte_inconnu.content.decode().count(MESSAGE_GENERIQUE) == 1
    assert mauvais_mdp.context["form"].data["username"] == "chef"


def test_connexion_reussie_journalisee_et_redirige_vers_l_accueil(client, monde):
    response = client.post(
        reverse("intervenants:connexion"),
        {"username": "chef", "password": "mot-de-passe-de-test"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("espace:espace")
    assert Journal.objects.filter(
        utilisateur=monde["chef"], action=ActionJournal.CONNEXION
    ).exists()


def test_deconnexion(client, monde):
    client.force_login(monde["chef"])
    response = client.post(reverse("intervenants:deconnexion"), follow=True)
    assert "Vous êtes déconnecté·e." in response.content.decode()
    assert client.get(reverse("espace:espace")).status_code == 302


def test_changement_de_mot_de_passe_exige_12_caracteres(client, monde):
    client.force_login(monde["chef"])
    response = client.post(
        reverse("intervenants:mot_de_passe"),
        {
            "old_password": "mot-de-passe-de-test",
            "new_password1": "Court1!",
            "new_password2": "Court1!",
        },
    )
    assert response.status_code == 200
    assert "au minimum 12 caractères" in response.content.decode()
    monde["chef"].refresh_from_db()
    assert monde["chef"].check_password("mot-de-passe-de-test")


def test_changement_de_mot_de_passe(client, monde):
    client.force_login(monde["chef"])
    response = client.post(
        reverse("intervenants:mot_de_passe"),
        {
            "old_password": "mot-de-passe-de-test",
            "new_password1": "Une phrase de passe solide 2026",
            "new_password2": "Une phrase de passe solide 2026",
        },
    )
    assert response.status_code == 302
    monde["chef"].refresh_from_db()
    assert monde["chef"].check_password("Une phrase de passe solide 2026")


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())


def test_chaque_compte_de_demo_se_connecte_et_voit_son_accueil(client, demo):
    # One demo build for all accounts: it creates hundreds of records.
    for username in [c[0] for c in COMPTES]:
        client.logout()
        response = client.post(
            reverse("intervenants:connexion"),
            {"username": username, "password": "demo"},
            follow=True,
        )
        assert response.status_code == 200, username
        assert response.context["user"].username == username
        assert response.context["affectations"] or username == "admin"
        assert "Bonjour" in response.content.decode()


def test_mot_de_passe_demo_refuse_hors_debug(client, demo, settings):
    settings.DEBUG = False
    response = client.post(
        reverse("intervenants:connexion"), {"username": "intervenante", "password": "demo"}
    )
    assert response.status_code == 200
    assert MESSAGE_GENERIQUE in response.content.decode()


def test_demo_idempotente(demo, settings):
    avant = get_user_model().objects.count()
    call_command("demo", stdout=io.StringIO())
    assert get_user_model().objects.count() == avant


def test_demo_refusee_hors_debug(db, settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo")
