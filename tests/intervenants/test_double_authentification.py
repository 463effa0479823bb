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
    assert client.get(reverse("espace:espace")).status_code == 200


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
    assert response["Location"] == reverse("espace:espace")


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


# --- Attacks on the second factor (review of 2026-11) ------------------------------------


def _attaquant_avec_le_mot_de_passe(client, monde):
    """The worker has her phone set up; the attacker knows only her password."""
    appareil = _enroler(monde["intervenante"])
    codes = __import__("intervenants.otp", fromlist=["x"]).regenerer_codes_secours(
        user=monde["intervenante"]
    )
    _connecter(client, "intervenante")
    return appareil, codes


def test_le_mot_de_passe_seul_ne_permet_pas_de_remplacer_le_second_facteur(
    client, monde, obligatoire
):
    appareil, codes = _attaquant_avec_le_mot_de_passe(client, monde)

    # He skips the verification page and opens the enrolment page instead.
    response = client.get(reverse("intervenants:otp_enrolement"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("intervenants:otp_verification"))
    assert client.get(reverse("intervenants:otp_qr")).status_code == 403
    assert not TOTPDevice.objects.filter(user=monde["intervenante"], confirmed=False).exists()


def test_un_code_d_un_appareil_de_l_attaquant_ne_remplace_pas_celui_de_l_intervenante(
    client, monde, obligatoire
):
    appareil, codes = _attaquant_avec_le_mot_de_passe(client, monde)
    # Even with a pending device he made himself and a valid code from it.
    pirate = TOTPDevice.objects.create(user=monde["intervenante"], name="x", confirmed=False)
    response = client.post(reverse("intervenants:otp_enrolement"), {"code": _code(pirate)})

    assert response.status_code == 302
    appareil.refresh_from_db()
    assert appareil.confirmed
    pirate.refresh_from_db()
    assert not pirate.confirmed
    assert StaticToken.objects.filter(token=codes[0]).exists()
    # And the session is still not verified: the files stay closed.
    situation = client.get(reverse("accueil:dossiers"))
    assert situation["Location"].startswith(reverse("intervenants:otp_verification"))


def test_remplacer_son_telephone_apres_verification_est_journalise_et_signale(
    client, monde, obligatoire
):
    from intervenants.models import Journal

    ancien = _enroler(monde["intervenante"])
    _connecter(client, "intervenante")
    client.post(reverse("intervenants:otp_verification"), {"code": _code(ancien)})
    assert client.get(reverse("intervenants:otp_enrolement")).status_code == 200
    nouveau = TOTPDevice.objects.get(user=monde["intervenante"], confirmed=False)

    response = client.post(reverse("intervenants:otp_enrolement"), {"code": _code(nouveau)})

    assert len(response.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=monde["intervenante"])) == [nouveau]
    assert Journal.objects.filter(
        utilisateur=monde["intervenante"], details__double_authentification="remplacee"
    ).exists()
    # At her next login she is told, in case it was not her.
    client.post(reverse("intervenants:deconnexion"))
    page = client.post(
        reverse("intervenants:connexion"),
        {"username": "intervenante", "password": MDP},
        follow=True,
    )
    assert "Votre double authentification a été remplacée le" in page.content.decode()


def test_le_changement_n_est_signale_qu_une_fois(client, monde, obligatoire):
    _connecter(client, "intervenante")
    client.get(reverse("intervenants:otp_enrolement"))
    appareil = TOTPDevice.objects.get(user=monde["intervenante"], confirmed=False)
    client.post(reverse("intervenants:otp_enrolement"), {"code": _code(appareil)})
    client.post(reverse("intervenants:deconnexion"))
    premiere = client.post(
        reverse("intervenants:connexion"),
        {"username": "intervenante", "password": MDP},
        follow=True,
    )
    assert "a été activée le" in premiere.content.decode()
    client.post(reverse("intervenants:deconnexion"))
    seconde = client.post(
        reverse("intervenants:connexion"),
        {"username": "intervenante", "password": MDP},
        follow=True,
    )
    assert "a été activée le" not in seconde.content.decode()


def _apres_echecs(appareil, nombre, il_y_a=0):
    """Failures as django-otp records them, without waiting for the real delays."""
    import datetime

    from django.utils import timezone

    type(appareil).objects.filter(pk=appareil.pk).update(
        throttling_failure_count=nombre,
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=il_y_a),
    )


def test_un_code_faux_est_compte(client, monde, obligatoire):
    appareil = _enroler(monde["intervenante"])
    _connecter(client, "intervenante")
    response = client.post(reverse("intervenants:otp_verification"), {"code": "000000"})
    assert "Ce code ne correspond pas" in response.content.decode()
    appareil.refresh_from_db()
    assert appareil.throttling_failure_count == 1


def test_apres_des_codes_faux_meme_le_bon_code_attend(client, monde, obligatoire):
    appareil = _enroler(monde["intervenante"])
    _connecter(client, "intervenante")
    _apres_echecs(appareil, 3)
    # Three failures: the next try waits 4 seconds, even with the right code.
    response = client.post(reverse("intervenants:otp_verification"), {"code": _code(appareil)})
    assert response.status_code == 200
    assert "Trop de codes erronés : attendez" in response.content.decode()
    assert not client.session.get("otp_device_id")


def test_les_codes_de_secours_sont_freines_aussi(client, monde, obligatoire):
    from django_otp.plugins.otp_static.models import StaticDevice

    from intervenants.otp import regenerer_codes_secours

    _enroler(monde["intervenante"])
    bon = regenerer_codes_secours(user=monde["intervenante"])[0]
    _connecter(client, "intervenante")
    client.post(reverse("intervenants:otp_verification"), {"code": "abcdefgh"})
    secours = StaticDevice.objects.get(user=monde["intervenante"])
    assert secours.throttling_failure_count == 1
    _apres_echecs(secours, 5)
    response = client.post(reverse("intervenants:otp_verification"), {"code": bon})
    assert "Trop de codes erronés" in response.content.decode()
    assert StaticToken.objects.filter(token=bon).exists()


def test_le_frein_se_leve_avec_le_temps(client, monde, obligatoire):
    appareil = _enroler(monde["intervenante"])
    _connecter(client, "intervenante")
    _apres_echecs(appareil, 3, il_y_a=5)
    response = client.post(reverse("intervenants:otp_verification"), {"code": _code(appareil)})
    assert response.status_code == 302


def test_l_enrolement_est_freine_aussi(client, monde, obligatoire):
    _connecter(client, "intervenante")
    client.get(reverse("intervenants:otp_enrolement"))
    appareil = TOTPDevice.objects.get(user=monde["intervenante"], confirmed=False)
    _apres_echecs(appareil, 4)
    response = client.post(reverse("intervenants:otp_enrolement"), {"code": _code(appareil)})
    assert "Trop de codes erronés : attendez" in response.content.decode()
    appareil.refresh_from_db()
    assert not appareil.confirmed


def test_un_second_facteur_choisi_est_demande_meme_si_le_role_ne_l_impose_pas(
    client, monde, obligatoire
):
    _enroler(monde["chef"])
    _connecter(client, "chef")
    response = client.get(reverse("espace:espace"))
    assert response["Location"].startswith(reverse("intervenants:otp_verification"))
