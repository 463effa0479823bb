"""Who reads and who writes which convention, persona by persona."""

import pytest
from django.urls import reverse

from conventions import selectors
from intervenants.models import Role
from tests.conventions.factories import ConventionFactory
from tests.factories import DepartementFactory, EmployeurFactory, UserFactory, affecter

pytestmark = pytest.mark.django_db

# Persona -> (reads the Estuaire convention, reads the Rezé one, writes Estuaire)
ATTENDUS = {
    "intervenante": (True, False, False),
    "intervenante_binome": (True, False, False),
    "intervenant_autre": (False, True, False),
    "chef": (True, False, False),
    "agent": (False, False, False),
    "employeur": (True, False, True),
    "coordinateur": (True, True, True),
    "clspd": (False, False, False),
    "cdp": (False, False, False),
    "admin": (False, False, False),
    "sans_role": (False, False, False),
}


@pytest.mark.parametrize("persona", ATTENDUS)
def test_lecture_et_ecriture_par_persona(monde, convention, convention_autre, persona):
    lisibles = set(selectors.conventions_lisibles(monde[persona]))
    modifiables = set(selectors.conventions_modifiables(monde[persona]))
    assert (
        convention in lisibles,
        convention_autre in lisibles,
        convention in modifiables,
    ) == ATTENDUS[persona]


def test_anonyme_ne_lit_rien(convention):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.conventions_lisibles(AnonymousUser()).exists()


def test_autorite_lit_la_convention_couvrant_une_brigade_de_son_perimetre(monde):
    commandant = UserFactory(username="commandant")
    affecter(commandant, Role.AUTORITE, monde.brigade_2)
    convention = ConventionFactory(employeur=monde.employeur, postes=[monde.poste])
    assert list(selectors.conventions_lisibles(commandant)) == [convention]


def test_coordinateur_d_un_autre_departement_ne_voit_rien(monde, convention):
    autre = UserFactory(username="coordinateur_85")
    affecter(autre, Role.COORDINATEUR, DepartementFactory(code="85", nom="Vendée"))
    assert not selectors.conventions_lisibles(autre).exists()


def test_employeur_ne_peut_creer_que_pour_lui(monde):
    assert list(selectors.employeurs_pour_creation(monde["employeur"])) == [monde.employeur]
    employeurs_coordinateur = set(selectors.employeurs_pour_creation(monde["coordinateur"]))
    assert employeurs_coordinateur == {monde.employeur, monde.employeur_autre}


def test_affectation_terminee_retire_la_lecture(monde, convention):
    from intervenants import services
    from intervenants.models import Affectation

    affectation = Affectation.objects.get(utilisateur=monde["intervenante"])
    services.terminer_affectation(affectation=affectation)
    assert not selectors.conventions_lisibles(monde["intervenante"]).exists()


@pytest.mark.parametrize(
    "persona, attendu",
    [("intervenant_autre", 404), ("clspd", 404), ("admin", 404), ("intervenante", 200)],
)
def test_detail_hors_perimetre_repond_404(client_de, convention, persona, attendu):
    reponse = client_de(persona).get(reverse("conventions:detail", args=[convention.pk]))
    assert reponse.status_code == attendu


def test_lecteur_non_redacteur_recoit_403_sur_le_formulaire(client_de, convention):
    reponse = client_de("chef").get(reverse("conventions:modifier", args=[convention.pk]))
    assert reponse.status_code == 403


def test_employeur_ne_peut_pas_rattacher_la_convention_a_un_autre_employeur(
    client_de, monde, convention
):
    reponse = client_de("employeur").post(
        reverse("conventions:creer"),
        {"titre": "Détournement", "employeur": monde.employeur_autre.pk, "date_debut": "2024-01-01"}
        | _gestion_vide(),
    )
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    assert not monde.employeur_autre.conventions.exists()


def test_un_employeur_tiers_ne_voit_pas_la_liste_des_autres(monde, convention):
    tiers = UserFactory(username="employeur_tiers")
    affecter(tiers, Role.EMPLOYEUR, EmployeurFactory(departement=monde.departement))
    assert not selectors.conventions_lisibles(tiers).exists()


def _gestion_vide():
    donnees = {}
    for prefixe in ("parties", "sites", "financements"):
        donnees[f"{prefixe}-TOTAL_FORMS"] = "0"
        donnees[f"{prefixe}-INITIAL_FORMS"] = "0"
    return donnees
