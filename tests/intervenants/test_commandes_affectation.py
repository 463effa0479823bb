"""The operator's commands: roles of the organisation from the shell, never a worker's."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from intervenants.models import ActionJournal, Affectation, Journal
from intervenants.permissions import a_la_permission
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_affecter_donne_le_role_employeur(monde):
    compte = UserFactory(username="directrice")
    call_command("affecter", "directrice", "employeur", employeur=monde.employeur.pk)
    assert a_la_permission(compte, "intervenants.gerer_conventions_employeur", monde.employeur)
    assert Journal.objects.filter(
        action=ActionJournal.AFFECTATION_CREEE, details__compte="directrice"
    ).exists()


def test_affecter_coordinateur_par_code_de_departement(monde):
    UserFactory(username="prefecture")
    call_command("affecter", "prefecture", "coordinateur", departement="44")
    assert Affectation.objects.get(utilisateur__username="prefecture").departement == (
        monde.departement
    )


def test_affecter_refuse_le_role_intervenant(monde):
    UserFactory(username="pirate")
    with pytest.raises(CommandError):
        call_command("affecter", "pirate", "intervenant", site=monde.commissariat.pk)
    assert not Affectation.objects.filter(utilisateur__username="pirate").exists()


@pytest.mark.parametrize(
    "arguments, options",
    [
        (["inconnu", "agent"], lambda m: {"site": m.commissariat.pk}),
        (["sans_role", "agent"], lambda m: {"site": 999999}),
        (["sans_role", "agent"], lambda m: {"employeur": m.employeur.pk}),
        (["sans_role", "agent"], lambda m: {"site": m.commissariat.pk, "departement": "44"}),
        (
            ["sans_role", "agent"],
            lambda m: {"site": m.commissariat.pk, "debut": datetime.date(9999, 1, 1)},
        ),
    ],
)
def test_affecter_refuse_une_demande_incoherente(monde, arguments, options):
    avant = Affectation.objects.count()
    with pytest.raises(CommandError):
        call_command("affecter", *arguments, **options(monde))
    assert Affectation.objects.count() == avant


def test_terminer_affectation_retire_les_droits(monde):
    affectation = monde["chef"].affectations.get()
    call_command("terminer_affectation", affectation.pk)
    assert not a_la_permission(
        monde["chef"], "intervenants.voir_statistiques_site", monde.commissariat
    )


def test_terminer_affectation_inconnue(monde):
    with pytest.raises(CommandError):
        call_command("terminer_affectation", 999999)


def test_terminer_affectation_deja_terminee_refuse(monde):
    affectation = monde["agent"].affectations.get()
    call_command("terminer_affectation", affectation.pk, fin=datetime.date(2025, 1, 1))
    with pytest.raises(CommandError):
        call_command("terminer_affectation", affectation.pk)
    affectation.refresh_from_db()
    assert affectation.date_fin == datetime.date(2025, 1, 1)
