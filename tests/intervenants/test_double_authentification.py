import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

MDP = "mot-de-passe-de-test"


@pytest.fixture
def obligatoire(settings):
    settings.DOUBLE_AUTHENTIFICATION_OBLIGATOIRE = True


def _connecter(client, username):
    return client.post(reverse("intervenants:connexion"), {"username": username, "password": MDP})


def _code(appareil):
    return f"{totp(appareil.bin_key):06d}"


def test_intervenante_sans_second_facteur_est_envoyee_a_l_enrolement(client, monde, obligatoire):
    _connecter(client, "intervenante")
    response = client.get(reverse("accueil:dossiers"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("intervenants:otp_enrolement"))


def test_administrateur_doit_aussi_passer_le_second_facteur(client, monde, obligatoire):
    _connecter(client, "admin")
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("intervenants:otp_enrolement"))


def test_chef_n_est_pas_oblige(client, monde, obligatoire):
    _connecter(client, "chef")
    assert client.get(reverse("intervenants:accueil")).status_code == 200


def test_enrolement_complet_puis_acces(client, monde, obligatoire):
    _connecter(client, "intervenante")
    page = client.get(reverse("intervenants:otp_enrolement"))
    assert page.status_code == 200
    assert client.get(reverse("intervenants:otp_qr"))["Content-Type"] == "image/svg+xml"
    appareil = TOTPDevice.objects.get(user=monde["intervenante"], confirmed=False)

    response = client.post(reverse("intervenants:otp_enrolement"), {"code": _code(appareil)})

    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    appareil.refresh_from_db()
    assert appareil.confirmed
    assert client.get(reverse("accueil:dossiers")).status_code == 200


def test_mauvais_code_a_l_enrolement_message_en_francais(client, monde, obligatoire):
    _connecter(client, "intervenante")
    client.get(reverse("intervenants:otp_enrolement"))
    response = client.post(reverse("intervenants:otp_enrolement"), {"code": "000000x"})
    assert "Ce code ne correspond pas" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=monde["intervenante"], confirmed=True).exists()


def _enroler(user):
    appareil = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return appareil


def test_a_la_connexion_suivante_le_code_est_demande(client, monde, obligatoire):
    appareil = _enroler(monde["intervenante"])
    _connecter(client, "intervenante")
    response = client.get(reverse("accueil:dossiers"))
    assert response["Location"].startswith(reverse("intervenants:otp_verification"))

    response = client.post(
        reverse("intervenants:otp_verification"),
        {"code": _code(appareil), "next": reverse("accueil:dossiers")},
    )
    assert response["Location"] == reverse("accueil:dossiers")
    assert client.get(reverse("accueil:dossiers")).status_code == 200


def test_un_code_de_secours_ne_sert_qu_une_fois(client, monde, obligatoire):
    from intervenants.otp import regenerer_codes_secours

    _enroler(monde["intervenante"])
    code = regenerer_codes_secours(user=monde["intervenante"])[0]
    _connecter(client, "intervenante")
    assert client.post(reverse("intervenants:otp_verification"), {"code": code}).status_code == 302
    assert not StaticToken.objects.filter(token=code).exists()

    client.post(reverse("intervenants:deconnexion"))
    _connecter(client, "intervenante")
    response = client.post(reverse("intervenants:otp_verification"), {"code": code})
    assert "déjà servi" in response.content.decode()


def test_redirection_apres_verification_reste_sur_le_site(client, monde, obligatoire):
    appareil = _enroler(monde["intervenante"])
    _connecter(client, "intervenante")
    response = client.post(
        reverse("intervenants:otp_verification"),
        {"code": _code(appareil), "next": "https://exemple.invalid/"},
    )
    assert response["Location"] == reverse("intervenants:accueil")


def test_la_desactivation_est_refusee_hors_debug():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
            "CHIFFREMENT_CLES": "T_bvRjh44nNaXab3p0_DzIcNhinZDHX8U9QAk3Hb6U0=",
            "DOUBLE_AUTHENTIFICATION_OBLIGATOIRE": "0",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:1/inexistante",
        }
    )
    resultat = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "ne peut être désactivée qu'en développement" in resultat.stderr
