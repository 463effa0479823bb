"""The technical administrator, through the Django admin, must not reach any file.

The attack of issue 12 (item 3), replayed as an attacker would: the admin's own client
posts to the admin's add and change URLs, to give himself a role on a post, to plant a
second factor on a worker's account, to take over a worker's or an employer's account.
Each step is refused, and afterwards he still reads no situation.
"""

import copy
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from intervenants.models import Affectation, Poste, Role
from intervenants.permissions import objets_autorises
from tests.accueil.factories import EntretienFactory, PersonneFactory, SituationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MDP = "mot-de-passe-de-test"
NOUVEAU = "Un-Tout-Nouveau-Mot-De-Passe-42"


@pytest.fixture(autouse=True)
def gabarits_de_l_admin(settings):
    # Django's own admin templates rely on missing variables rendering as "".
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = ""
    settings.TEMPLATES = templates


@pytest.fixture
def admin_client_(client_de):
    return client_de("admin")


@pytest.fixture
def situation(monde):
    personne = PersonneFactory(poste=monde.poste, nom="Quasimodo", prenom="Zébulonne")
    situation = SituationFactory(personne=personne)
    EntretienFactory(situation=situation, notes="NOTE-SECRETE", auteur=monde["intervenante"])
    return situation


def _ne_lit_aucun_dossier(client, monde, situation):
    admin = get_user_model().objects.get(username="admin")
    assert not objets_autorises(admin, "intervenants.acceder_dossiers", Poste).exists()
    assert client.get(reverse("accueil:dossiers")).status_code == 404
    reponse = client.get(reverse("accueil:situation", args=[situation.pk]))
    assert reponse.status_code == 404
    assert "Quasimodo" not in reponse.content.decode()


# --- Affectations: read-only ------------------------------------------------------------


def test_admin_ne_s_affecte_pas_intervenant_par_l_admin(admin_client_, monde, situation):
    url = reverse("admin:intervenants_affectation_add")
    assert admin_client_.get(url).status_code == 403
    reponse = admin_client_.post(
        url,
        {
            "utilisateur": monde["admin"].pk,
            "role": Role.INTERVENANT,
            "poste": monde.poste.pk,
            "date_debut": "01/01/2025",
        },
    )
    assert reponse.status_code == 403
    assert not Affectation.objects.filter(utilisateur=monde["admin"], role=Role.INTERVENANT)
    _ne_lit_aucun_dossier(admin_client_, monde, situation)


def test_admin_ne_se_donne_pas_le_role_employeur_par_l_admin(admin_client_, monde):
    reponse = admin_client_.post(
        reverse("admin:intervenants_affectation_add"),
        {
            "utilisateur": monde["admin"].pk,
            "role": Role.EMPLOYEUR,
            "employeur": monde.employeur.pk,
            "date_debut": "01/01/2025",
        },
    )
    assert reponse.status_code == 403
    assert list(monde["admin"].affectations.values_list("role", flat=True)) == [Role.ADMINISTRATEUR]


def test_admin_ne_detourne_pas_l_affectation_d_une_intervenante(admin_client_, monde, situation):
    affectation = monde["intervenante"].affectations.get()
    url = reverse("admin:intervenants_affectation_change", args=[affectation.pk])
    reponse = admin_client_.post(
        url,
        {
            "utilisateur": monde["admin"].pk,
            "role": Role.INTERVENANT,
            "poste": monde.poste.pk,
            "date_debut": "01/01/2024",
        },
    )
    assert reponse.status_code == 403
    affectation.refresh_from_db()
    assert affectation.utilisateur == monde["intervenante"]
    _ne_lit_aucun_dossier(admin_client_, monde, situation)


def test_admin_ne_termine_ni_ne_supprime_une_affectation(admin_client_, monde):
    affectation = monde["intervenante"].affectations.get()
    admin_client_.post(
        reverse("admin:intervenants_affectation_changelist"),
        {"action": "terminer", "_selected_action": [affectation.pk]},
    )
    admin_client_.post(
        reverse("admin:intervenants_affectation_changelist"),
        {"action": "delete_selected", "_selected_action": [affectation.pk], "post": "yes"},
    )
    url = reverse("admin:intervenants_affectation_delete", args=[affectation.pk])
    assert admin_client_.post(url, {"post": "yes"}).status_code == 403
    affectation.refresh_from_db()
    assert affectation.date_fin is None


def test_admin_voit_les_affectations_en_lecture(admin_client_, monde):
    affectation = monde["intervenante"].affectations.get()
    liste = admin_client_.get(reverse("admin:intervenants_affectation_changelist"))
    detail = admin_client_.get(
        reverse("admin:intervenants_affectation_change", args=[affectation.pk])
    )
    assert liste.status_code == 200
    assert detail.status_code == 200
    assert "intervenante" in detail.content.decode()


# --- Second factor: no device page in the admin --------------------------------------------


@pytest.mark.parametrize(
    "chemin",
    [
        "/administration/otp_totp/totpdevice/add/",
        "/administration/otp_totp/totpdevice/",
        "/administration/otp_static/staticdevice/add/",
    ],
)
def test_admin_n_atteint_aucune_page_d_appareil_otp(admin_client_, monde, chemin):
    # The URL names went with the registrations: these are the paths an attacker types.
    reponse = admin_client_.post(
        chemin,
        {"user": monde["intervenante"].pk, "name": "pirate", "confirmed": "on", "key": "ab" * 20},
    )
    assert reponse.status_code == 404
    assert not TOTPDevice.objects.filter(user=monde["intervenante"]).exists()
    assert not StaticDevice.objects.filter(user=monde["intervenante"]).exists()


def test_l_admin_ne_montre_aucun_appareil_otp(admin_client_, monde):
    TOTPDevice.objects.create(user=monde["intervenante"], name="app", confirmed=True)
    reponse = admin_client_.get(reverse("admin:index"))
    assert "totpdevice" not in reponse.content.decode().lower()


# --- Accounts attached to a role: only deactivation -----------------------------------------


@pytest.mark.parametrize("persona", ["intervenante", "employeur", "coordinateur", "chef"])
def test_admin_ne_change_pas_le_mot_de_passe_d_un_compte_a_role(admin_client_, monde, persona):
    compte = monde[persona]
    url = reverse("admin:auth_user_password_change", args=[compte.pk])
    assert admin_client_.get(url).status_code == 403
    reponse = admin_client_.post(
        url, {"password1": NOUVEAU, "password2": NOUVEAU, "usable_password": "true"}
    )
    assert reponse.status_code == 403
    compte.refresh_from_db()
    assert compte.check_password(MDP)
    assert not compte.check_password(NOUVEAU)


def test_ancienne_intervenante_reste_protegee(admin_client_, monde):
    from intervenants import services

    compte = monde["intervenant_autre"]
    services.terminer_affectation(affectation=compte.affectations.get())
    url = reverse("admin:auth_user_password_change", args=[compte.pk])
    assert admin_client_.post(url, {"password1": NOUVEAU, "password2": NOUVEAU}).status_code == 403


def _formulaire_compte(compte, **changements):
    donnees = {
        "username": compte.username,
        "first_name": compte.first_name,
        "last_name": compte.last_name,
        "email": compte.email,
        "is_active": "on",
        "date_joined_0": "01/01/2024",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "01/01/2024",
        "initial-date_joined_1": "00:00:00",
    }
    donnees.update(changements)
    return {k: v for k, v in donnees.items() if v is not None}


@pytest.mark.parametrize("persona", ["intervenante", "employeur"])
def test_admin_ne_change_ni_identifiant_ni_adresse_ni_droits_d_un_compte_a_role(
    admin_client_, monde, persona
):
    compte = monde[persona]
    url = reverse("admin:auth_user_change", args=[compte.pk])
    admin_client_.post(
        url,
        _formulaire_compte(
            compte,
            username="pirate",
            email="pirate@exemple.invalid",
            is_staff="on",
            is_superuser="on",
        ),
    )
    compte.refresh_from_db()
    assert (compte.username, compte.email) == (persona, f"{persona}@exemple.invalid")
    assert not compte.is_staff
    assert not compte.is_superuser


def test_admin_peut_desactiver_un_compte_a_role(admin_client_, monde):
    compte = monde["intervenante"]
    url = reverse("admin:auth_user_change", args=[compte.pk])
    reponse = admin_client_.post(url, _formulaire_compte(compte, is_active=None))
    assert reponse.status_code == 302
    compte.refresh_from_db()
    assert not compte.is_active


def test_la_fiche_d_un_compte_a_role_ne_propose_pas_de_changer_le_mot_de_passe(
    admin_client_, monde
):
    compte = monde["intervenante"]
    page = admin_client_.get(reverse("admin:auth_user_change", args=[compte.pk]))
    assert page.status_code == 200
    assert "../password/" not in page.content.decode()
    assert compte.password not in page.content.decode()


def test_admin_ne_supprime_pas_un_compte_a_role(admin_client_, monde):
    compte = monde["intervenante"]
    url = reverse("admin:auth_user_delete", args=[compte.pk])
    assert admin_client_.post(url, {"post": "yes"}).status_code == 403
    assert get_user_model().objects.filter(pk=compte.pk).exists()


def test_admin_cree_encore_un_compte_sans_role(admin_client_, monde):
    reponse = admin_client_.post(
        reverse("admin:auth_user_add"),
        {
            "username": "nouvelle",
            "password1": NOUVEAU,
            "password2": NOUVEAU,
            "usable_password": "true",
        },
    )
    assert reponse.status_code == 302
    nouvelle = get_user_model().objects.get(username="nouvelle")
    url = reverse("admin:auth_user_password_change", args=[nouvelle.pk])
    assert admin_client_.get(url).status_code == 200


def test_le_compte_sans_role_reste_modifiable(admin_client_, monde):
    compte = UserFactory(username="provisoire")
    url = reverse("admin:auth_user_change", args=[compte.pk])
    admin_client_.post(url, _formulaire_compte(compte, email="bonne@exemple.invalid"))
    compte.refresh_from_db()
    assert compte.email == "bonne@exemple.invalid"


# --- Other ways around ---------------------------------------------------------------------


def test_admin_ne_deplace_pas_un_poste_chez_un_autre_employeur(admin_client_, monde):
    poste = monde.poste
    url = reverse("admin:intervenants_poste_change", args=[poste.pk])
    admin_client_.post(
        url,
        {
            "intitule": poste.intitule,
            "sites": [s.pk for s in poste.sites.all()],
            "employeur": monde.employeur_autre.pk,
            "departement": poste.departement_id,
            "etp": "1.00",
            "date_creation": "01/01/2022",
        },
    )
    poste.refresh_from_db()
    assert poste.employeur == monde.employeur


def test_superutilisateur_ne_lit_toujours_aucun_dossier(admin_client_, monde, situation):
    assert monde["admin"].is_superuser
    _ne_lit_aucun_dossier(admin_client_, monde, situation)


def test_escalade_complete_par_l_admin_refusee(admin_client_, monde, situation):
    """The whole chain of issue 12: each step answered, none of them opens the post."""
    employeur, intervenante = monde["employeur"], monde["intervenante"]
    etapes = [
        (
            reverse("admin:intervenants_affectation_add"),
            {
                "utilisateur": monde["admin"].pk,
                "role": Role.INTERVENANT,
                "poste": monde.poste.pk,
                "date_debut": "01/01/2025",
            },
        ),
        (
            "/administration/otp_totp/totpdevice/add/",
            {
                "user": intervenante.pk,
                "name": "pirate",
                "confirmed": "on",
            },
        ),
        (
            reverse("admin:auth_user_password_change", args=[intervenante.pk]),
            {
                "password1": NOUVEAU,
                "password2": NOUVEAU,
            },
        ),
        (
            reverse("admin:auth_user_password_change", args=[employeur.pk]),
            {
                "password1": NOUVEAU,
                "password2": NOUVEAU,
            },
        ),
    ]
    codes = [admin_client_.post(url, donnees).status_code for url, donnees in etapes]
    assert codes == [403, 404, 403, 403]
    assert Affectation.objects.filter(utilisateur=monde["admin"]).count() == 1
    assert Affectation.objects.filter(date_debut=datetime.date(2025, 1, 1)).count() == 0
    _ne_lit_aucun_dossier(admin_client_, monde, situation)
