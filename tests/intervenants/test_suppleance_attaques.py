"""Substitutes attacked (review of issue 17): a session left open past the last day, another
employer's worker edited or reset by whoever designated her, a former officer named
substitute, a note read where it must not be, a profile created twice from two tabs."""

import datetime

import pytest
from django.contrib import admin
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accueil.models import NotePassation
from intervenants import services
from intervenants.models import Affectation, Intervenant, Journal, Role
from tests.accueil.factories import SituationFactory
from tests.factories import UserFactory, affecter

pytestmark = pytest.mark.django_db

UN_JOUR = datetime.timedelta(days=1)
DESIGNER = reverse("intervenants:equipe_suppleance_creer")


@pytest.fixture
def aujourd_hui():
    return timezone.localdate()


@pytest.fixture
def jour_fixe(monkeypatch):
    def fixer(jour):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: jour)

    return fixer


@pytest.fixture
def suppleant(db):
    compte = UserFactory(
        username="rmartin", first_name="Romain", last_name="Martin", email="r.martin@escale.invalid"
    )
    Intervenant.objects.create(utilisateur=compte)
    return compte


def _designer(monde, compte, debut, fin, poste=None):
    return services.designer_suppleant(
        compte=compte,
        poste=poste or monde.poste,
        date_debut=debut,
        dernier_jour=fin,
        auteur=monde["employeur"],
        adresse_site="http://testserver/",
    )


# --- An open session crosses the first and the last day ---------------------------------------


def test_la_session_ouverte_perd_l_acces_le_lendemain_du_dernier_jour(
    client, monde, suppleant, aujourd_hui, jour_fixe
):
    """No nightly run yet, no new login: the next request after midnight must not open the
    file. Before: the object permissions stayed until the nightly job or the next login."""
    situation = SituationFactory(personne__poste=monde.poste)
    _designer(monde, suppleant, aujourd_hui, aujourd_hui)
    suppleant.refresh_from_db()
    client.force_login(suppleant)
    dossier = reverse("accueil:situation", args=[situation.pk])
    assert client.get(dossier).status_code == 200
    jour_fixe(aujourd_hui + UN_JOUR)
    assert client.get(dossier).status_code == 404


def test_la_session_ouverte_la_veille_ouvre_le_poste_le_premier_jour(
    client, monde, suppleant, aujourd_hui, jour_fixe
):
    situation = SituationFactory(personne__poste=monde.poste)
    _designer(monde, suppleant, aujourd_hui + UN_JOUR, aujourd_hui + 3 * UN_JOUR)
    suppleant.refresh_from_db()
    client.force_login(suppleant)
    dossier = reverse("accueil:situation", args=[situation.pk])
    assert client.get(dossier).status_code == 404
    jour_fixe(aujourd_hui + UN_JOUR)
    assert client.get(dossier).status_code == 200


def test_terminer_plus_tot_ferme_aussi_une_seconde_session_ouverte(
    client, monde, suppleant, aujourd_hui
):
    from django.test import Client

    situation = SituationFactory(personne__poste=monde.poste)
    nomination = _designer(monde, suppleant, aujourd_hui, aujourd_hui + 10 * UN_JOUR)
    suppleant.refresh_from_db()
    dossier = reverse("accueil:situation", args=[situation.pk])
    sessions = [Client(), Client()]
    for session in sessions:
        session.force_login(suppleant)
        assert session.get(dossier).status_code == 200
    client.force_login(monde["employeur"])
    terminer = reverse("intervenants:equipe_terminer", args=[nomination.affectation.pk])
    assert client.post(terminer, {"date_fin": aujourd_hui.isoformat()}).status_code == 302
    for session in sessions:
        assert session.get(dossier).status_code == 404


# --- Who may be named substitute ---------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AUTORITE, Role.AGENT])
def test_un_ancien_policier_ne_devient_jamais_suppleant(client_de, monde, aujourd_hui, role):
    """His chief or officer affectation is over, he has a profile (the administrator can
    create one): he still never reads a file. Before: named, with his old password."""
    policier = UserFactory(username="ancien_policier", email="p@interieur.invalid")
    affecter(
        policier,
        role,
        monde.commissariat,
        date_debut=datetime.date(2024, 1, 1),
        date_fin=datetime.date(2025, 1, 1),
    )
    Intervenant.objects.create(utilisateur=policier)
    donnees = {
        "compte": "ancien_policier",
        "poste": monde.poste.pk,
        "date_debut": aujourd_hui.isoformat(),
        "dernier_jour": (aujourd_hui + UN_JOUR).isoformat(),
    }
    reponse = client_de("employeur").post(DESIGNER, donnees)
    assert reponse.status_code == 200
    assert "police" in " ".join(reponse.context["form"].errors["compte"])
    assert not Affectation.objects.filter(utilisateur=policier, role=Role.INTERVENANT).exists()
    # Nor named on the post for good.
    reponse = client_de("employeur").post(
        reverse("intervenants:equipe_nommer"),
        {
            "compte": "ancien_policier",
            "courriel": "p@interieur.invalid",
            "poste": monde.poste.pk,
            "date_debut": aujourd_hui.isoformat(),
        },
    )
    assert not Affectation.objects.filter(utilisateur=policier, role=Role.INTERVENANT).exists()


def test_un_compte_desactive_ne_supplee_pas(client_de, monde, suppleant, aujourd_hui):
    suppleant.is_active = False
    suppleant.save()
    donnees = {
        "compte": "rmartin",
        "poste": monde.poste.pk,
        "date_debut": aujourd_hui.isoformat(),
        "dernier_jour": (aujourd_hui + UN_JOUR).isoformat(),
    }
    reponse = client_de("employeur").post(DESIGNER, donnees)
    assert "désactivé" in " ".join(reponse.context["form"].errors["compte"])
    assert not Affectation.objects.filter(utilisateur=suppleant).exists()


@override_settings(DOUBLE_AUTHENTIFICATION_OBLIGATOIRE=True)
def test_le_suppleant_sans_second_facteur_n_ouvre_rien_avant_de_l_installer(
    client, monde, suppleant, aujourd_hui
):
    situation = SituationFactory(personne__poste=monde.poste)
    _designer(monde, suppleant, aujourd_hui, aujourd_hui + UN_JOUR)
    suppleant.refresh_from_db()
    client.force_login(suppleant)
    reponse = client.get(reverse("accueil:situation", args=[situation.pk]))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("intervenants:otp_enrolement"))


# --- The designating employer and another employer's worker -------------------------------


@pytest.fixture
def suppleante_d_ailleurs(monde, aujourd_hui):
    """The worker of P2 (another employer) substitutes on P1 for a week."""
    compte = monde["intervenant_autre"]
    Intervenant.objects.create(utilisateur=compte, diplome="DEASS", statut_secret="profession")
    _designer(monde, compte, aujourd_hui, aujourd_hui + 6 * UN_JOUR)
    return compte


def test_l_employeur_qui_designe_ne_modifie_pas_le_profil_de_la_suppleante_d_ailleurs(
    client_de, monde, suppleante_d_ailleurs
):
    """Her profile is hers and her employer's: the substitution does not make P1's employer
    hers. Before: he could rewrite her secrecy status."""
    url = reverse("intervenants:equipe_profil_modifier", args=[suppleante_d_ailleurs.pk])
    client = client_de("employeur")
    assert client.get(url).status_code == 404
    reponse = client.post(url, {"version": "1", "diplome": "aucun", "statut_secret": "aucun"})
    assert reponse.status_code == 404
    profil = Intervenant.objects.get(utilisateur=suppleante_d_ailleurs)
    assert (profil.diplome, profil.statut_secret) == ("DEASS", "profession")


def test_l_employeur_qui_designe_ne_reinitialise_pas_l_acces_de_la_suppleante_d_ailleurs(
    client_de, monde, suppleante_d_ailleurs
):
    """Before: one POST removed her password, second factor and sessions."""
    mot_de_passe = suppleante_d_ailleurs.password
    url = reverse("intervenants:equipe_reinitialiser", args=[suppleante_d_ailleurs.pk])
    client = client_de("employeur")
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    suppleante_d_ailleurs.refresh_from_db()
    assert suppleante_d_ailleurs.password == mot_de_passe


def test_son_propre_employeur_garde_la_main_sur_son_profil(client, monde, suppleante_d_ailleurs):
    employeur_cd = UserFactory(username="employeur_cd")
    affecter(employeur_cd, Role.EMPLOYEUR, monde.employeur_autre)
    client.force_login(employeur_cd)
    url = reverse("intervenants:equipe_profil_modifier", args=[suppleante_d_ailleurs.pk])
    assert client.get(url).status_code == 200


def test_l_employeur_qui_designe_peut_encore_terminer_la_suppleance(
    client_de, monde, suppleante_d_ailleurs, aujourd_hui
):
    suppleance = Affectation.objects.get(utilisateur=suppleante_d_ailleurs, suppleance=True)
    url = reverse("intervenants:equipe_terminer", args=[suppleance.pk])
    reponse = client_de("employeur").post(url, {"date_fin": aujourd_hui.isoformat()})
    assert reponse.status_code == 302


def test_un_suppleant_sans_autre_poste_reste_gere_par_qui_l_a_designe(
    client_de, monde, suppleant, aujourd_hui
):
    """A worker whose only naming is this substitution (a pool worker): nobody else answers
    for her, so the designating employer does."""
    _designer(monde, suppleant, aujourd_hui, aujourd_hui + UN_JOUR)
    url = reverse("intervenants:equipe_profil_modifier", args=[suppleant.pk])
    assert client_de("employeur").get(url).status_code == 200


# --- The handover note: nowhere but in the file ----------------------------------------------


def test_la_note_de_passation_n_est_pas_dans_l_administration(client_de, monde):
    assert NotePassation not in admin.site._registry
    with pytest.raises(NoReverseMatch):
        reverse("admin:accueil_notepassation_changelist")
    page = client_de("admin").get(reverse("admin:index")).content.decode()
    assert "passation" not in page.lower()


def test_le_suppleant_d_un_autre_poste_ne_lit_pas_la_note(
    client, client_de, monde, suppleant, aujourd_hui
):
    """A substitute on P2 guessing the id of a file of P1: 404, on the note's two URLs."""
    situation = SituationFactory(personne__poste=monde.poste)
    client_de("intervenante").post(
        reverse("accueil:passation_ecrire", args=[situation.pk]),
        {"version": "0", "texte": "Ne pas appeler le fixe."},
    )
    assert NotePassation.objects.filter(situation=situation).exists()
    _designer(monde, suppleant, aujourd_hui, aujourd_hui + UN_JOUR, poste=monde.poste_autre)
    suppleant.refresh_from_db()
    client.force_login(suppleant)
    for url in (
        reverse("accueil:passation_ecrire", args=[situation.pk]),
        reverse("accueil:situation", args=[situation.pk]),
    ):
        reponse = client.get(url)
        assert reponse.status_code == 404
        assert "fixe" not in reponse.content.decode()
    assert client.post(reverse("accueil:passation_lue", args=[situation.pk])).status_code == 404
    assert NotePassation.objects.get(situation=situation).lue_le is None
    textes = " ".join(str(e.details) for e in Journal.objects.all())
    assert "fixe" not in textes


# --- The profile: two first saves from two tabs -------------------------------------------------


def test_deux_onglets_sur_un_profil_pas_encore_cree_le_second_est_refuse(client_de, monde):
    """No profile yet (a worker named before issue 17): both tabs open the empty form; the
    second save must not silently overwrite the first."""
    assert not Intervenant.objects.filter(utilisateur=monde["intervenante"]).exists()
    client = client_de("intervenante")
    url = reverse("intervenants:profil_modifier")
    version = client.get(url).context["form"].initial["version"]
    premier = {"version": version, "diplome": "DEASS", "statut_secret": "profession"}
    second = {"version": version, "diplome": "DEES", "statut_secret": "aucun"}
    assert client.post(url, premier).status_code == 302
    reponse = client.post(url, second)
    assert reponse.status_code == 200
    erreurs = " ".join(" ".join(e) for e in reponse.context["form"].errors.values())
    assert "modifié par quelqu'un d'autre" in erreurs
    profil = Intervenant.objects.get(utilisateur=monde["intervenante"])
    assert (profil.diplome, profil.statut_secret) == ("DEASS", "profession")


@pytest.mark.parametrize("role", ["agent", "autorite"])
def test_un_suppleant_ne_recoit_pas_un_role_de_police_par_la_commande(
    monde, suppleant, aujourd_hui, role
):
    """The other way round: while named substitute (even from a coming day), the operator's
    ``affecter`` does not add an officer's role to the account. Before: both rights at once."""
    from django.core.management import CommandError, call_command

    _designer(monde, suppleant, aujourd_hui + UN_JOUR, aujourd_hui + 5 * UN_JOUR)
    with pytest.raises(CommandError, match="intervenant"):
        call_command("affecter", "rmartin", role, site=monde.commissariat.pk)
    assert not Affectation.objects.filter(utilisateur=suppleant, role=role).exists()


@pytest.mark.parametrize(
    ("champ", "valeur"),
    [
        ("formation_debut", "1900-01-01"),
        ("formation_fin", "2100-06-30"),
        ("date_prise_fonction", "2100-01-01"),
    ],
)
def test_dates_de_profil_absurdes_refusees_a_cote_du_champ(client_de, monde, champ, valeur):
    donnees = {
        "version": "0",
        "diplome": "DEASS",
        "formation_sur_site": "on",
        "formation_debut": "2025-06-02",
        "formation_fin": "2025-06-27",
    } | {champ: valeur}
    reponse = client_de("intervenante").post(reverse("intervenants:profil_modifier"), donnees)
    assert reponse.status_code == 200
    assert "Saisissez une date" in " ".join(reponse.context["form"].errors[champ])
    assert reponse.context["form"]["diplome"].value() == "DEASS"
    assert not Intervenant.objects.filter(utilisateur=monde["intervenante"]).exists()


def test_une_suppleance_a_venir_annulee_n_est_plus_annoncee(
    client_de, monde, suppleant, aujourd_hui
):
    """Cancelled before its first day (« Terminer » on its first day: no day of access): the
    titular is no longer told « X vous supplée du 10 au 9 », the team lists it as ended."""
    debut = aujourd_hui + 3 * UN_JOUR
    nomination = _designer(monde, suppleant, debut, debut + 5 * UN_JOUR)
    terminer = reverse("intervenants:equipe_terminer", args=[nomination.affectation.pk])
    client = client_de("employeur")
    assert client.post(terminer, {"date_fin": debut.isoformat()}).status_code == 302
    equipe = client.get(reverse("intervenants:equipe"))
    assert nomination.affectation not in equipe.context["a_venir"]
    assert nomination.affectation.pk in [a.pk for a in equipe.context["terminees"]]
    page = client_de("intervenante").get(reverse("espace:espace")).content.decode()
    assert "Romain Martin" not in page
    services.synchroniser_permissions(utilisateur=suppleant, jour=debut)
    from intervenants.permissions import a_la_permission

    assert not a_la_permission(suppleant, "intervenants.acceder_dossiers", monde.poste)
