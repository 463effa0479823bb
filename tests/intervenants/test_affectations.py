import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from guardian.models import UserObjectPermission

from intervenants import services
from intervenants.models import ActionJournal, Journal, Poste, Role, Site
from intervenants.permissions import a_la_permission, objets_autorises
from intervenants.roles import PERMISSIONS_PAR_ROLE
from tests.factories import PosteFactory, SiteFactory, UserFactory, affecter

pytestmark = pytest.mark.django_db


def _codenames(user, objet):
    return set(
        UserObjectPermission.objects.filter(user=user, object_pk=str(objet.pk)).values_list(
            "permission__codename", flat=True
        )
    )


@pytest.mark.parametrize(
    "persona, portee",
    [
        ("intervenante", "poste"),
        ("chef", "commissariat"),
        ("agent", "commissariat"),
        ("employeur", "employeur"),
        ("coordinateur", "departement"),
        ("clspd", "commissariat"),
        ("cdp", "departement"),
    ],
)
def test_affectation_accorde_exactement_les_permissions_du_role(monde, persona, portee):
    user = monde[persona]
    role = user.affectations.get().role
    assert _codenames(user, getattr(monde, portee)) == set(PERMISSIONS_PAR_ROLE[role][1])
    assert UserObjectPermission.objects.filter(user=user).count() == len(
        PERMISSIONS_PAR_ROLE[role][1]
    )


def test_administrateur_n_a_aucune_permission_objet_mais_l_acces_admin(monde):
    assert not UserObjectPermission.objects.filter(user=monde["admin"]).exists()
    assert monde["admin"].is_staff


def test_superutilisateur_ne_voit_aucun_poste_par_les_pages(monde):
    assert not objets_autorises(monde["admin"], "intervenants.acceder_dossiers", Poste).exists()


def test_chef_n_accede_pas_aux_dossiers_du_poste(monde):
    assert not a_la_permission(monde["chef"], "intervenants.acceder_dossiers", monde.poste)


def test_intervenante_n_accede_qu_a_son_poste(monde):
    postes = objets_autorises(monde["intervenante"], "intervenants.acceder_dossiers", Poste)
    assert list(postes) == [monde.poste]


def test_affectation_terminee_perd_ses_droits_aussitot(monde):
    user = monde["intervenante"]
    services.terminer_affectation(affectation=user.affectations.get())
    assert not a_la_permission(user, "intervenants.acceder_dossiers", monde.poste)
    assert not UserObjectPermission.objects.filter(user=user).exists()


def test_affectation_arrivee_a_echeance_perd_ses_droits_a_la_synchronisation(monde):
    user = monde["chef"]
    affectation = user.affectations.get()
    demain = timezone.localdate() + datetime.timedelta(days=1)
    services.terminer_affectation(affectation=affectation, date_fin=demain)
    assert a_la_permission(user, "intervenants.voir_statistiques_site", monde.commissariat)

    services.synchroniser_permissions(utilisateur=user, jour=demain)
    assert not a_la_permission(user, "intervenants.voir_statistiques_site", monde.commissariat)


def test_affectation_future_n_ouvre_rien_avant_son_debut(db):
    user = UserFactory()
    site = SiteFactory()
    debut = timezone.localdate() + datetime.timedelta(days=10)
    affecter(user, Role.AUTORITE, site, date_debut=debut)
    assert not objets_autorises(user, "intervenants.voir_statistiques_site", Site).exists()


def test_plusieurs_affectations_se_cumulent(monde):
    user = monde["chef"]
    affecter(user, Role.AUTORITE, monde.brigade_1)
    sites = objets_autorises(user, "intervenants.voir_statistiques_site", Site)
    assert set(sites) == {monde.commissariat, monde.brigade_1}


def test_terminer_une_affectation_garde_les_droits_des_autres(monde):
    user = monde["chef"]
    seconde = affecter(user, Role.AUTORITE, monde.brigade_1)
    services.terminer_affectation(affectation=seconde)
    sites = objets_autorises(user, "intervenants.voir_statistiques_site", Site)
    assert list(sites) == [monde.commissariat]


def test_successeur_sur_le_poste_recoit_le_poste_et_rien_d_autre(monde):
    sortante = monde["intervenant_autre"]
    services.terminer_affectation(affectation=sortante.affectations.get())
    successeur = UserFactory(username="successeur")
    affecter(successeur, Role.INTERVENANT, monde.poste_autre)
    postes = objets_autorises(successeur, "intervenants.acceder_dossiers", Poste)
    assert list(postes) == [monde.poste_autre]


def test_portee_incoherente_avec_le_role_refusee(db):
    with pytest.raises(ValidationError):
        affecter(UserFactory(), Role.INTERVENANT, SiteFactory())


def test_fin_avant_debut_refusee(monde):
    affectation = monde["chef"].affectations.get()
    with pytest.raises(ValidationError):
        services.terminer_affectation(affectation=affectation, date_fin=datetime.date(2023, 1, 1))


def test_creation_et_fin_sont_journalisees(monde):
    affectation = monde["agent"].affectations.get()
    services.terminer_affectation(affectation=affectation, auteur=monde["admin"])
    entree = Journal.objects.filter(action=ActionJournal.AFFECTATION_TERMINEE).get()
    assert entree.utilisateur == monde["admin"]
    assert entree.objet_id == str(affectation.pk)
    assert Journal.objects.filter(action=ActionJournal.AFFECTATION_CREEE).count() == 10


def test_poste_mutualise(monde):
    assert monde.poste.est_mutualise
    assert not PosteFactory(sites=[monde.commissariat_autre]).est_mutualise


def test_synchronisation_idempotente(monde):
    assert services.synchroniser_permissions(utilisateur=monde["intervenante"]) is False
