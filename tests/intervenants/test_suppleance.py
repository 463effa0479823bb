"""Substitutes (issue 17, item 1): named from « L'équipe » for a dated period, shown to the
post's worker, ended by themselves the day after their last day."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intervenants import services
from intervenants.models import ActionJournal, Affectation, Intervenant, Journal, Poste, Role
from intervenants.permissions import a_la_permission
from tests.factories import PosteFactory, UserFactory, affecter

pytestmark = pytest.mark.django_db

DESIGNER = reverse("intervenants:equipe_suppleance_creer")
UN_JOUR = datetime.timedelta(days=1)


@pytest.fixture
def aujourd_hui():
    return timezone.localdate()


@pytest.fixture
def suppleant(db):
    compte = UserFactory(
        username="rmartin", first_name="Romain", last_name="Martin", email="r.martin@escale.invalid"
    )
    Intervenant.objects.create(utilisateur=compte)
    return compte


def _donnees(monde, debut, fin, **changements):
    return {
        "compte": "rmartin",
        "poste": monde.poste.pk,
        "date_debut": debut.isoformat(),
        "dernier_jour": fin.isoformat(),
    } | changements


def _erreur(reponse, champ):
    return " ".join(reponse.context["form"].errors.get(champ, []))


def _a_acces(compte, poste, jour):
    services.synchroniser_permissions(utilisateur=compte, jour=jour)
    return a_la_permission(compte, "intervenants.acceder_dossiers", poste)


@pytest.fixture
def jour_fixe(monkeypatch):
    """``fixer(jour)``: every ``timezone.localdate()`` answers ``jour`` from now on."""

    def fixer(jour):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: jour)

    return fixer


# --- Naming a substitute --------------------------------------------------------------------


def test_l_employeur_designe_un_suppleant_pour_deux_semaines(
    client_de, monde, suppleant, aujourd_hui
):
    fin = aujourd_hui + 13 * UN_JOUR
    reponse = client_de("employeur").post(DESIGNER, _donnees(monde, aujourd_hui, fin))
    assert reponse.status_code == 302
    suppleance = Affectation.objects.get(utilisateur=suppleant)
    assert suppleance.suppleance and suppleance.role == Role.INTERVENANT
    assert suppleance.poste == monde.poste
    # Stored as the first day without access: the day after the last one.
    assert (suppleance.date_debut, suppleance.date_fin) == (aujourd_hui, fin + UN_JOUR)
    assert suppleance.dernier_jour == fin
    assert a_la_permission(suppleant, "intervenants.acceder_dossiers", monde.poste)
    entree = Journal.objects.get(action=ActionJournal.AFFECTATION_CREEE, objet_id=suppleance.pk)
    assert entree.utilisateur == monde["employeur"] and entree.poste == monde.poste
    assert entree.details["suppleance"] is True
    assert entree.details["dernier_jour"] == fin.isoformat()


def test_la_suppleance_apparait_dans_l_equipe(client_de, monde, suppleant, aujourd_hui):
    client = client_de("employeur")
    client.post(DESIGNER, _donnees(monde, aujourd_hui, aujourd_hui + 5 * UN_JOUR))
    page = client.get(reverse("intervenants:equipe")).content.decode()
    assert "rmartin" in page and "suppléance" in page


def test_le_coordinateur_designe_sur_un_poste_de_son_departement(
    client_de, monde, suppleant, aujourd_hui
):
    donnees = _donnees(monde, aujourd_hui, aujourd_hui + UN_JOUR, poste=monde.poste_autre.pk)
    assert client_de("coordinateur").post(DESIGNER, donnees).status_code == 302
    assert Affectation.objects.get(utilisateur=suppleant).poste == monde.poste_autre


def test_l_employeur_ne_designe_pas_sur_le_poste_d_un_autre_employeur(
    client_de, monde, suppleant, aujourd_hui
):
    donnees = _donnees(monde, aujourd_hui, aujourd_hui + UN_JOUR, poste=monde.poste_autre.pk)
    reponse = client_de("employeur").post(DESIGNER, donnees)
    assert reponse.status_code == 200
    assert "Choisissez l'un de vos postes" in _erreur(reponse, "poste")
    assert not Affectation.objects.filter(utilisateur=suppleant).exists()


def test_le_coordinateur_d_un_autre_departement_ne_designe_pas(
    client, monde, suppleant, aujourd_hui
):
    ailleurs = PosteFactory(intitule="ISCG Vendée")
    coordinateur = UserFactory(username="coord85")
    affecter(coordinateur, Role.COORDINATEUR, ailleurs.departement)
    client.force_login(coordinateur)
    reponse = client.post(DESIGNER, _donnees(monde, aujourd_hui, aujourd_hui + UN_JOUR))
    assert reponse.status_code == 200
    assert "Choisissez l'un de vos postes" in _erreur(reponse, "poste")
    assert not Affectation.objects.filter(utilisateur=suppleant).exists()


def test_l_employeur_d_un_autre_employeur_ne_voit_pas_la_page(client, monde):
    autre = UserFactory(username="employeur_cd")
    affecter(autre, Role.EMPLOYEUR, monde.employeur_autre)
    client.force_login(autre)
    # His page lists only his own posts; the profile of a worker of P1 is a 404 for him.
    page = client.get(DESIGNER).content.decode()
    assert "ISCG Rezé" in page and "ISCG Estuaire" not in page
    profil = reverse("intervenants:equipe_profil_modifier", args=[monde["intervenante"].pk])
    assert client.get(profil).status_code == 404


@pytest.mark.parametrize("persona", ["intervenante", "chef", "agent", "clspd", "sans_role"])
def test_les_autres_roles_n_atteignent_pas_la_page(client_de, monde, persona, suppleant):
    jour = timezone.localdate()
    reponse = client_de(persona).post(DESIGNER, _donnees(monde, jour, jour + UN_JOUR))
    assert reponse.status_code == 404
    assert not Affectation.objects.filter(utilisateur=suppleant).exists()


# --- Refusals, in French beside the field ------------------------------------------------


@pytest.mark.parametrize(
    ("debut", "fin", "champ", "message"),
    [
        (0, -1, "dernier_jour", "Le dernier jour ne peut pas précéder le début."),
        (-1, 5, "date_debut", "ne peut pas commencer dans le passé"),
        (0, 400, "dernier_jour", "dure au plus un an"),
        (400, 402, "date_debut", "au plus un an à l'avance"),
    ],
)
def test_periodes_absurdes_refusees_en_francais(
    client_de, monde, suppleant, aujourd_hui, debut, fin, champ, message
):
    donnees = _donnees(monde, aujourd_hui + debut * UN_JOUR, aujourd_hui + fin * UN_JOUR)
    reponse = client_de("employeur").post(DESIGNER, donnees)
    assert reponse.status_code == 200
    assert message in _erreur(reponse, champ)
    # The input is kept.
    assert reponse.context["form"]["compte"].value() == "rmartin"
    assert not Affectation.objects.filter(utilisateur=suppleant).exists()


def test_dates_manquantes_ou_hors_plage(client_de, monde, suppleant):
    reponse = client_de("employeur").post(
        DESIGNER, {"compte": "rmartin", "poste": monde.poste.pk, "date_debut": "9999-01-01"}
    )
    assert "Saisissez une date entre" in _erreur(reponse, "date_debut")
    assert _erreur(reponse, "dernier_jour")
    assert not Affectation.objects.filter(utilisateur=suppleant).exists()


def test_suppleance_chevauchante_refusee(client_de, monde, suppleant, aujourd_hui):
    client = client_de("employeur")
    client.post(DESIGNER, _donnees(monde, aujourd_hui, aujourd_hui + 13 * UN_JOUR))
    donnees = _donnees(monde, aujourd_hui + 10 * UN_JOUR, aujourd_hui + 20 * UN_JOUR)
    reponse = client.post(DESIGNER, donnees)
    assert reponse.status_code == 200
    assert "les périodes se chevauchent" in _erreur(reponse, "date_debut")
    assert Affectation.objects.filter(utilisateur=suppleant).count() == 1


def test_la_titulaire_ne_se_supplee_pas(client_de, monde, aujourd_hui):
    Intervenant.objects.create(utilisateur=monde["intervenante"])
    donnees = _donnees(monde, aujourd_hui, aujourd_hui + UN_JOUR, compte="intervenante")
    reponse = client_de("employeur").post(DESIGNER, donnees)
    assert "les périodes se chevauchent" in _erreur(reponse, "date_debut")


def test_le_remplacant_doit_etre_un_compte_d_intervenant(client_de, monde, aujourd_hui):
    UserFactory(username="sansprofil")
    client = client_de("employeur")
    erreurs = {}
    # An account without a worker's profile, the chief's and the administrator's, and an
    # identifier nobody has: the same answer, so the form tells no one which accounts exist.
    for compte in ("sansprofil", "chef", "admin", "inconnu"):
        donnees = _donnees(monde, aujourd_hui, aujourd_hui + UN_JOUR, compte=compte)
        reponse = client.post(DESIGNER, donnees)
        assert reponse.status_code == 200
        erreurs[compte] = _erreur(reponse, "compte")
        assert reponse.context["form"]["compte"].value() == compte  # the input kept
    assert "Aucun compte d'intervenant·e n'a cet identifiant" in erreurs["inconnu"]
    assert set(erreurs.values()) == {erreurs["inconnu"]}
    assert not Affectation.objects.filter(suppleance=True).exists()


def test_un_compte_d_employeur_ne_peut_pas_suppleer(client_de, monde, aujourd_hui):
    Intervenant.objects.create(utilisateur=monde["chef"])
    donnees = _donnees(monde, aujourd_hui, aujourd_hui + UN_JOUR, compte="chef")
    reponse = client_de("employeur").post(DESIGNER, donnees)
    assert "a déjà le rôle" in _erreur(reponse, "compte")


def test_la_base_refuse_une_suppleance_sans_fin(monde, suppleant):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Affectation.objects.create(
            utilisateur=suppleant, role=Role.INTERVENANT, poste=monde.poste, suppleance=True
        )


def test_le_service_refuse_aussi_sans_formulaire(monde, suppleant, aujourd_hui):
    with pytest.raises(ValidationError) as erreur:
        services.designer_suppleant(
            compte=suppleant,
            poste=monde.poste,
            date_debut=aujourd_hui,
            dernier_jour=aujourd_hui - UN_JOUR,
            auteur=monde["employeur"],
            adresse_site="http://testserver/",
        )
    assert "dernier_jour" in erreur.value.error_dict


# --- Access: opened the first day, closed the day after the last -----------------------------


def test_le_suppleant_a_acces_le_premier_jour_et_le_perd_le_lendemain_de_la_fin(
    monde, suppleant, aujourd_hui, jour_fixe
):
    debut, fin = aujourd_hui + 3 * UN_JOUR, aujourd_hui + 16 * UN_JOUR
    services.designer_suppleant(
        compte=suppleant,
        poste=monde.poste,
        date_debut=debut,
        dernier_jour=fin,
        auteur=monde["employeur"],
        adresse_site="http://testserver/",
    )
    # Named ahead: nothing before the first day.
    assert not a_la_permission(suppleant, "intervenants.acceder_dossiers", monde.poste)
    assert not _a_acces(suppleant, monde.poste, debut - UN_JOUR)
    # The nightly synchronisation of the first day opens it…
    jour_fixe(debut)
    call_command("synchroniser_permissions", stdout=io.StringIO())
    assert a_la_permission(suppleant, "intervenants.acceder_dossiers", monde.poste)
    # …the last day keeps it…
    jour_fixe(fin)
    call_command("synchroniser_permissions", stdout=io.StringIO())
    assert a_la_permission(suppleant, "intervenants.acceder_dossiers", monde.poste)
    # …and the day after closes it.
    jour_fixe(fin + UN_JOUR)
    call_command("synchroniser_permissions", stdout=io.StringIO())
    assert not a_la_permission(suppleant, "intervenants.acceder_dossiers", monde.poste)
    # The titular keeps hers.
    assert a_la_permission(monde["intervenante"], "intervenants.acceder_dossiers", monde.poste)


def test_a_la_connexion_le_lendemain_de_la_fin_le_suppleant_n_ouvre_plus_rien(
    client, monde, suppleant, aujourd_hui, jour_fixe
):
    from tests.accueil.factories import SituationFactory

    situation = SituationFactory(personne__poste=monde.poste)
    services.designer_suppleant(
        compte=suppleant,
        poste=monde.poste,
        date_debut=aujourd_hui,
        dernier_jour=aujourd_hui + UN_JOUR,
        auteur=monde["employeur"],
        adresse_site="http://testserver/",
    )
    dossier = reverse("accueil:situation", args=[situation.pk])
    connexion = reverse("intervenants:connexion")
    identifiants = {"username": "rmartin", "password": "mot-de-passe-de-test"}
    suppleant.set_password("mot-de-passe-de-test")
    suppleant.save()
    client.post(connexion, identifiants)
    assert client.get(dossier).status_code == 200
    client.logout()
    jour_fixe(aujourd_hui + 2 * UN_JOUR)
    client.post(connexion, identifiants)
    assert client.get(dossier).status_code == 404


# --- Shown on the home page ----------------------------------------------------------------


def test_la_titulaire_voit_qui_la_supplee_et_quand(client_de, monde, suppleant, aujourd_hui):
    debut, fin = aujourd_hui + 2 * UN_JOUR, aujourd_hui + 15 * UN_JOUR
    services.designer_suppleant(
        compte=suppleant,
        poste=monde.poste,
        date_debut=debut,
        dernier_jour=fin,
        auteur=monde["employeur"],
        adresse_site="http://testserver/",
    )
    attendu = f"Romain Martin vous supplée sur ISCG Estuaire du {debut:%d/%m/%Y} au {fin:%d/%m/%Y}"
    for persona in ("intervenante", "intervenante_binome"):
        page = " ".join(client_de(persona).get(reverse("espace:espace")).content.decode().split())
        assert attendu in page
    # The worker of another post, and the chief of the unit, do not see it.
    for persona in ("intervenant_autre", "chef", "agent", "clspd"):
        page = client_de(persona).get(reverse("espace:espace")).content.decode()
        assert "Romain Martin" not in page


def test_le_suppleant_voit_sa_suppleance_et_plus_rien_apres(
    client, monde, suppleant, aujourd_hui, jour_fixe
):
    services.designer_suppleant(
        compte=suppleant,
        poste=monde.poste,
        date_debut=aujourd_hui,
        dernier_jour=aujourd_hui + UN_JOUR,
        auteur=monde["employeur"],
        adresse_site="http://testserver/",
    )
    # Its first naming reset its password: the session is opened on the account as it is now.
    suppleant.refresh_from_db()
    client.force_login(suppleant)
    page = " ".join(client.get(reverse("espace:espace")).content.decode().split())
    assert "Vous suppléez sur ISCG Estuaire" in page
    jour_fixe(aujourd_hui + 2 * UN_JOUR)
    assert "suppléez" not in client.get(reverse("espace:espace")).content.decode()


def test_terminer_une_suppleance_plus_tot(client_de, monde, suppleant, aujourd_hui):
    nomination = services.designer_suppleant(
        compte=suppleant,
        poste=monde.poste,
        date_debut=aujourd_hui,
        dernier_jour=aujourd_hui + 10 * UN_JOUR,
        auteur=monde["employeur"],
        adresse_site="http://testserver/",
    )
    url = reverse("intervenants:equipe_terminer", args=[nomination.affectation.pk])
    client_de("employeur").post(url, {"date_fin": aujourd_hui.isoformat()})
    assert not a_la_permission(suppleant, "intervenants.acceder_dossiers", Poste(pk=monde.poste.pk))


def test_un_autre_employeur_ou_un_coordinateur_d_ailleurs_ne_touche_pas_a_la_suppleance(
    client, monde, suppleant, aujourd_hui
):
    nomination = services.designer_suppleant(
        compte=suppleant,
        poste=monde.poste,
        date_debut=aujourd_hui,
        dernier_jour=aujourd_hui + 10 * UN_JOUR,
        auteur=monde["employeur"],
        adresse_site="http://testserver/",
    )
    employeur_cd = UserFactory(username="employeur_cd")
    affecter(employeur_cd, Role.EMPLOYEUR, monde.employeur_autre)
    coordinateur_85 = UserFactory(username="coord85")
    affecter(coordinateur_85, Role.COORDINATEUR, PosteFactory(intitule="ISCG Vendée").departement)
    terminer = reverse("intervenants:equipe_terminer", args=[nomination.affectation.pk])
    profil = reverse("intervenants:equipe_profil_modifier", args=[suppleant.pk])
    for compte in (employeur_cd, coordinateur_85):
        client.force_login(compte)
        assert "rmartin" not in client.get(reverse("intervenants:equipe")).content.decode()
        assert client.get(terminer).status_code == 404
        assert client.post(terminer, {"date_fin": aujourd_hui.isoformat()}).status_code == 404
        assert client.get(profil).status_code == 404
    nomination.affectation.refresh_from_db()
    assert nomination.affectation.date_fin == aujourd_hui + 11 * UN_JOUR
