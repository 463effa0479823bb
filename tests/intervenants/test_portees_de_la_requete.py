"""The request's memory of object permissions (intervenants/permissions.py, issue 18 item 3).

Within a request, the user's object permissions are read once and every scope question is
answered from memory. Tried as an attacker would: is the answer ever different from
guardian's, does a right removed during the request still open a door, does one request's
memory reach the next one or another user?"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_objects_for_user

from intervenants.models import Affectation, Role
from intervenants.permissions import (
    PorteesDeLaRequeteMiddleware,
    a_la_permission,
    a_une_portee,
    objets_autorises,
)
from intervenants.roles import PERMISSIONS_PAR_ROLE
from intervenants.services import synchroniser_permissions, terminer_affectation
from tests.conftest import PERSONAS
from tests.factories import PosteFactory

MODELES = {
    "poste": "intervenants.Poste",
    "site": "intervenants.Site",
    "employeur": "intervenants.Employeur",
    "departement": "intervenants.Departement",
}


def _questions():
    """Every (permission, model) pair a role can hold."""
    for champ, codenames in PERMISSIONS_PAR_ROLE.values():
        if champ is None:
            continue
        for codename in codenames:
            yield codename, apps.get_model(MODELES[champ])


def dans_une_requete(fonction):
    """Run ``fonction`` as a view behind the middleware; return what it returned."""
    resultat = {}

    def vue(request):
        resultat["valeur"] = fonction()
        return None

    PorteesDeLaRequeteMiddleware(vue)(RequestFactory().get("/"))
    return resultat["valeur"]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonyme"])
def test_memoire_et_guardian_donnent_la_meme_reponse(monde, persona):
    utilisateur = monde[persona]
    for codename, modele in set(_questions()):
        attendu = set(
            get_objects_for_user(
                utilisateur, codename, modele, with_superuser=False, accept_global_perms=False
            ).values_list("pk", flat=True)
        )

        def lu(codename=codename, modele=modele):
            # The second question answers from memory (the first inlines guardian's subquery).
            objets_autorises(utilisateur, codename, modele)
            return (
                set(objets_autorises(utilisateur, codename, modele).values_list("pk", flat=True)),
                a_une_portee(utilisateur, codename, modele),
                {o.pk for o in modele.objects.all() if a_la_permission(utilisateur, codename, o)},
            )

        ensemble, portee, une_a_une = dans_une_requete(lu)
        assert ensemble == attendu, (persona, codename)
        assert portee == bool(attendu), (persona, codename)
        assert une_a_une == attendu, (persona, codename)


def test_le_superutilisateur_n_a_rien_de_plus_en_memoire(monde):
    admin = monde["admin"]
    assert not dans_une_requete(
        lambda: a_une_portee(admin, "acceder_dossiers", monde.poste.__class__)
    )
    assert not dans_une_requete(
        lambda: a_la_permission(admin, "intervenants.acceder_dossiers", monde.poste)
    )


def test_une_permission_de_groupe_compte_comme_chez_guardian(monde):
    sans_role = monde["sans_role"]
    groupe = Group.objects.create(name="groupe")
    groupe.user_set.add(sans_role)
    assign_perm("intervenants.acceder_dossiers", groupe, monde.poste_autre)
    assert dans_une_requete(
        lambda: a_la_permission(sans_role, "intervenants.acceder_dossiers", monde.poste_autre)
    )


def test_un_droit_retire_pendant_la_requete_ne_sert_plus_dans_la_meme_requete(monde):
    intervenante = monde["intervenante"]
    modele = monde.poste.__class__

    def retirer_puis_demander():
        avant = a_une_portee(intervenante, "acceder_dossiers", modele)
        affectation = Affectation.objects.get(utilisateur=intervenante, role=Role.INTERVENANT)
        affectation.date_fin = timezone.localdate() - datetime.timedelta(days=1)
        affectation.save()
        synchroniser_permissions(utilisateur=intervenante)
        return (
            avant,
            a_une_portee(intervenante, "acceder_dossiers", modele),
            a_la_permission(intervenante, "acceder_dossiers", monde.poste),
            list(objets_autorises(intervenante, "acceder_dossiers", modele)),
        )

    assert dans_une_requete(retirer_puis_demander) == (True, False, False, [])


def test_un_droit_donne_pendant_la_requete_sert_dans_la_meme_requete(monde):
    sans_role = monde["sans_role"]
    modele = monde.poste.__class__
    nouveau = PosteFactory(employeur=monde.employeur)

    def donner_puis_demander():
        avant = a_une_portee(sans_role, "acceder_dossiers", modele)
        from tests.factories import affecter

        affecter(sans_role, Role.INTERVENANT, nouveau)
        return avant, a_la_permission(sans_role, "acceder_dossiers", nouveau)

    assert dans_une_requete(donner_puis_demander) == (False, True)


def test_la_memoire_ne_passe_pas_d_un_utilisateur_a_l_autre(monde):
    modele = monde.poste.__class__

    def deux_utilisateurs():
        return (
            a_la_permission(monde["intervenante"], "acceder_dossiers", monde.poste),
            a_la_permission(monde["intervenant_autre"], "acceder_dossiers", monde.poste),
            set(objets_autorises(monde["intervenant_autre"], "acceder_dossiers", modele)),
            set(objets_autorises(monde["intervenant_autre"], "acceder_dossiers", modele)),
        )

    assert dans_une_requete(deux_utilisateurs) == (
        True,
        False,
        {monde.poste_autre},
        {monde.poste_autre},
    )


def test_la_memoire_ne_survit_pas_a_la_requete(client_de, monde):
    """A right that ends between two requests closes the door at the next one."""
    client = client_de("intervenante")
    assert client.get(reverse("accueil:dossiers")).status_code == 200
    affectation = Affectation.objects.get(utilisateur=monde["intervenante"], role=Role.INTERVENANT)
    terminer_affectation(
        affectation=affectation,
        date_fin=timezone.localdate(),
        auteur=monde["admin"],
    )
    assert client.get(reverse("accueil:dossiers")).status_code == 404
    # Outside a request nothing is remembered either.
    assert not a_une_portee(monde["intervenante"], "acceder_dossiers", monde.poste.__class__)
