"""The benchmark dataset generator writes consistent records and refuses foreign data.

The command belongs to the benchmark (tests/perf), installed by its settings only: here it
is called directly."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command, get_commands

from accueil.models import Entretien, Saisine, Situation
from intervenants.models import Poste
from intervenants.services import synchroniser_permissions
from rapports import cumuls
from rapports.models import Cumul
from tests.accueil.factories import ActeFactory
from tests.factories import PosteFactory
from tests.perf.management.commands.generer_volume import Command


@pytest.mark.django_db
def test_generer_volume_ecrit_des_donnees_coherentes():
    call_command(Command(), postes=2, annees=1)

    assert Poste.objects.count() == 2
    assert not Situation.objects.filter(saisines__isnull=True).exists()
    assert not Situation.objects.filter(tranche_age="").exists()
    entretien = Entretien.objects.exclude(notes="").first()
    assert entretien.notes  # decrypts with the configured key


@pytest.mark.django_db
def test_generer_volume_laisse_les_cumuls_des_statistiques_exacts():
    """Triggers are off during the COPY, then the running totals are recomputed: they
    equal a fresh recomputation, and the triggers are back on afterwards."""
    call_command(Command(), postes=2, annees=1)

    assert Cumul.objects.filter(dimension="mode").exists()
    assert cumuls.ecarts() == []
    situation = Situation.objects.first()
    avant = Cumul.objects.filter(poste=situation.poste, dimension="acte").count()
    ActeFactory(situation=situation, date=datetime.date(1999, 1, 5))
    assert Cumul.objects.filter(poste=situation.poste, dimension="acte").count() == avant + 1


@pytest.mark.django_db
def test_generer_volume_donne_les_permissions_des_affectations():
    call_command(Command(), postes=2, annees=1)

    comptes = get_user_model().objects.all()
    assert not any(synchroniser_permissions(utilisateur=u) for u in comptes)
    assert not Saisine.objects.filter(situation__isnull=True).exclude(etat="recue").exists()


@pytest.mark.django_db
def test_generer_volume_refuse_une_base_qui_contient_d_autres_donnees():
    PosteFactory()
    with pytest.raises(CommandError, match="base dédiée"):
        call_command(Command(), postes=2, annees=1)


def test_generer_volume_n_est_pas_une_commande_de_la_production():
    """Production settings (which the test settings extend) leave the benchmark app out."""
    assert "generer_volume" not in get_commands()
