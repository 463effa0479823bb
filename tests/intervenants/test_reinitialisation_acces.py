"""Access reset of a worker, asked and confirmed by her employer, completed by her alone."""

import re
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intervenants import services
from intervenants.models import ActionJournal, Journal

pytestmark = pytest.mark.django_db

MDP = "mot-de-passe-de-test"
NOUVEAU = "Un-Nouveau-Mot-De-Passe-Solide"


def _url(compte):
    return reverse("intervenants:equipe_reinitialiser", args=[compte.pk])


@pytest.fixture
def equipee(monde):
    """The worker with an authenticator, backup codes, and a session open elsewhere."""
    compte = monde["intervenante"]
    TOTPDevice.objects.create(user=compte, name="app", confirmed=True)
    secours = StaticDevice.objects.create(user=compte, name="secours", confirmed=True)
    StaticToken.objects.create(device=secours, token="abcdef12")
    session = Client()
    session.force_login(compte)
    return compte, session


def _lien():
    (message,) = mail.outbox
    return re.search(r"https?://\S+/acces/\S+/", message.body).group(0)


def _reinitialiser(client_de, compte, persona="employeur"):
    return client_de(persona).post(_url(compte), follow=True)


def test_la_page_de_confirmation_ne_change_rien(client_de, monde, equipee):
    compte, _ = equipee
    page = client_de("employeur").get(_url(compte))
    assert "intervenante@exemple.invalid" in page.content.decode()
    assert TOTPDevice.objects.filter(user=compte).exists()
    assert mail.outbox == []


def test_reinitialiser_efface_second_facteur_et_mot_de_passe(client_de, monde, equipee):
    compte, _ = equipee
    _reinitialiser(client_de, compte)
    compte.refresh_from_db()
    assert not compte.has_usable_password()
    assert not TOTPDevice.objects.filter(user=compte).exists()
    assert not StaticDevice.objects.filter(user=compte).exists()


def test_reinitialiser_ferme_ses_sessions_ouvertes(client_de, monde, equipee):
    compte, session = equipee
    assert session.get(reverse("espace:espace")).status_code == 200
    _reinitialiser(client_de, compte)
    reponse = session.get(reverse("espace:espace"))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("intervenants:connexion"))


def test_le_lien_part_a_son_adresse_et_jamais_chez_l_employeur(client_de, monde, equipee):
    compte, _ = equipee
    reponse = _reinitialiser(client_de, compte)
    assert [m.to for m in mail.outbox] == [["intervenante@exemple.invalid"]]
    lien = _lien()
    assert lien not in reponse.content.decode()
    jeton = lien.rstrip("/").rsplit("/", 1)[1]
    assert jeton not in reponse.content.decode()
    equipe = client_de("employeur").get(reverse("intervenants:equipe")).content.decode()
    assert jeton not in equipe


def test_la_reinitialisation_est_journalisee(client_de, monde, equipee):
    compte, _ = equipee
    _reinitialiser(client_de, compte)
    entree = Journal.objects.get(action=ActionJournal.ACCES_REINITIALISE)
    assert (entree.utilisateur, entree.objet_id, entree.poste) == (
        monde["employeur"],
        str(compte.pk),
        monde.poste,
    )
    journal = client_de("employeur").get(reverse("intervenants:journal")).content.decode()
    assert "accès réinitialisé" in journal


def test_parcours_complet_le_lien_sert_une_fois(client_de, monde, equipee, settings):
    compte, _ = equipee
    _reinitialiser(client_de, compte)
    lien = _lien()
    elle = Client()

    formulaire = elle.get(lien, follow=True)
    assert formulaire.context["validlink"]
    choisir = formulaire.redirect_chain[-1][0]
    fin = elle.post(choisir, {"new_password1": NOUVEAU, "new_password2": NOUVEAU})
    assert fin.status_code == 302
    assert fin["Location"] == reverse("intervenants:connexion")
    compte.refresh_from_db()
    assert compte.check_password(NOUVEAU)

    encore = Client().get(lien, follow=True)
    assert not encore.context["validlink"]
    assert "n'est plus valable" in unescape(encore.content.decode())


def test_apres_le_lien_elle_installe_un_nouveau_second_facteur(client_de, monde, equipee, settings):
    settings.DOUBLE_AUTHENTIFICATION_OBLIGATOIRE = True
    compte, _ = equipee
    _reinitialiser(client_de, compte)
    elle = Client()
    choisir = elle.get(_lien(), follow=True).redirect_chain[-1][0]
    elle.post(choisir, {"new_password1": NOUVEAU, "new_password2": NOUVEAU})

    elle.post(reverse("intervenants:connexion"), {"username": "intervenante", "password": NOUVEAU})
    reponse = elle.get(reverse("accueil:dossiers"))
    assert reponse["Location"].startswith(reverse("intervenants:otp_enrolement"))


def test_l_ancien_mot_de_passe_ne_sert_plus(client_de, monde, equipee):
    compte, _ = equipee
    _reinitialiser(client_de, compte)
    reponse = Client().post(
        reverse("intervenants:connexion"), {"username": "intervenante", "password": MDP}
    )
    assert reponse.status_code == 200
    assert "_auth_user_id" not in reponse.wsgi_request.session


def test_mot_de_passe_trop_court_refuse_a_cote_du_champ(client_de, monde, equipee):
    compte, _ = equipee
    _reinitialiser(client_de, compte)
    elle = Client()
    choisir = elle.get(_lien(), follow=True).redirect_chain[-1][0]
    reponse = elle.post(choisir, {"new_password1": "court", "new_password2": "court"})
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["new_password2"]
    compte.refresh_from_db()
    assert not compte.has_usable_password()


def test_un_lien_d_une_autre_origine_ne_passe_pas(client_de, monde, equipee):
    # A token from Django's default generator (another reset flow) is not ours.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    compte, _ = equipee
    url = reverse(
        "intervenants:acces_choisir",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(compte.pk)),
            "token": default_token_generator.make_token(compte),
        },
    )
    assert not Client().get(url, follow=True).context["validlink"]


def test_sans_adresse_rien_n_est_fait_et_c_est_dit(client_de, monde, equipee):
    compte, _ = equipee
    compte.email = ""
    compte.save()
    page = client_de("employeur").get(_url(compte)).content.decode()
    assert "n'a pas d'adresse électronique" in unescape(page)
    reponse = _reinitialiser(client_de, compte)
    assert "n'a pas d'adresse électronique" in unescape(reponse.content.decode())
    compte.refresh_from_db()
    assert compte.check_password(MDP)
    assert TOTPDevice.objects.filter(user=compte).exists()
    assert mail.outbox == []
    assert not Journal.objects.filter(action=ActionJournal.ACCES_REINITIALISE).exists()


def test_le_coordinateur_peut_aussi_reinitialiser(client_de, monde, equipee):
    compte, _ = equipee
    _reinitialiser(client_de, compte, persona="coordinateur")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("persona", ["intervenant_autre", "chef", "employeur", "admin"])
def test_employeur_ne_reinitialise_que_les_intervenantes_de_ses_postes(client_de, monde, persona):
    # Another employer's worker, or an account that is no worker here: 404, nothing done.
    compte = monde[persona]
    client = client_de("employeur")
    assert client.get(_url(compte)).status_code == 404
    assert client.post(_url(compte)).status_code == 404
    compte.refresh_from_db()
    assert compte.has_usable_password()
    assert mail.outbox == []


def test_une_ancienne_intervenante_ne_se_reinitialise_plus(client_de, monde):
    compte = monde["intervenante_binome"]
    services.terminer_affectation(affectation=compte.affectations.get())
    assert client_de("employeur").post(_url(compte)).status_code == 404


def test_l_envoi_qui_echoue_est_dit_a_l_employeur(client_de, monde, equipee, settings):
    settings.EMAIL_BACKEND = "tests.intervenants.test_reinitialisation_acces.CourrielEnPanne"
    compte, _ = equipee
    reponse = _reinitialiser(client_de, compte)
    assert "le courriel n'a pas pu partir" in unescape(reponse.content.decode())


class CourrielEnPanne:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("serveur de courriel injoignable")


def test_le_lien_s_ouvre_meme_dans_un_navigateur_connecte_sans_second_facteur(
    client_de, monde, equipee, settings
):
    settings.DOUBLE_AUTHENTIFICATION_OBLIGATOIRE = True
    compte, _ = equipee
    _reinitialiser(client_de, compte)
    # A shared computer where another account is logged in but not yet verified.
    navigateur = Client()
    navigateur.force_login(monde["admin"])
    formulaire = navigateur.get(_lien(), follow=True)
    assert formulaire.context["validlink"]
