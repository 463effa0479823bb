"""Fixtures of the confidential side: one person's file on each post, and small helpers."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from accueil.models import (
    Acte,
    Adhesion,
    Entretien,
    Orientation,
    Personne,
    PieceJointe,
    Rappel,
    RendezVous,
    Requisition,
    Saisine,
    Situation,
    Transmission,
)
from intervenants.models import Journal
from tests.accueil.factories import (
    AdhesionFactory,
    EntretienFactory,
    OrientationFactory,
    SaisineFactory,
    SituationFactory,
)

OUVERTURE = datetime.date(2026, 3, 2)

MODELES_CONFIDENTIELS = (
    Personne,
    Situation,
    Saisine,
    Adhesion,
    Entretien,
    Acte,
    Orientation,
    Transmission,
    RendezVous,
    Rappel,
    PieceJointe,
    Requisition,
)


def texte(response) -> str:
    return response.content.decode()


def messages_de(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def erreurs_de(response) -> list[str]:
    """Every error of the page's form, beside its fields or above them."""
    return [e for liste in response.context["form"].errors.values() for e in liste]


def comptes_des_lignes() -> dict[str, int]:
    """Row counts of every confidential table (and the journal), to prove nothing was saved."""
    comptes = {m.__name__: m.objects.count() for m in MODELES_CONFIDENTIELS}
    comptes["Journal"] = Journal.objects.count()
    return comptes


def iso(jour: datetime.date) -> str:
    return jour.isoformat()


@pytest.fixture
def aujourd_hui():
    return timezone.localdate()


@pytest.fixture
def situation(monde):
    """A file of post P1, opened from a referral of the commissariat, with the person's
    consent recorded."""
    sit = SituationFactory(
        personne__poste=monde.poste,
        personne__nom="Lefèvre",
        personne__prenom="Élodie",
        personne__telephone="06 11 22 33 44",
        date_ouverture=OUVERTURE,
    )
    sit.sites.set([monde.commissariat])
    SaisineFactory(situation=sit, site=monde.commissariat, agent=monde["agent"])
    AdhesionFactory(situation=sit, recueillie_par=monde["intervenante"])
    return sit


@pytest.fixture
def situation_sans_adhesion(monde):
    sit = SituationFactory(personne__poste=monde.poste, personne__nom="Sansavis")
    sit.sites.set([monde.commissariat])
    return sit


@pytest.fixture
def situation_autre(monde):
    """A file of post P2 (the other worker's post)."""
    sit = SituationFactory(
        personne__poste=monde.poste_autre,
        personne__nom="Rezéenne",
        personne__prenom="Odile",
    )
    sit.sites.set([monde.commissariat_autre])
    SaisineFactory(situation=sit, site=monde.commissariat_autre)
    return sit


@pytest.fixture
def entretien(situation, monde):
    return EntretienFactory(
        situation=situation,
        auteur=monde["intervenante"],
        notes="Confidence : Madame craint pour ses enfants.",
    )


@pytest.fixture
def orientation(situation, monde):
    return OrientationFactory(situation=situation, auteur=monde["intervenante"])


@pytest.fixture
def saisine_a_qualifier(monde):
    """An officer's referral of the commissariat, waiting in post P1's inbox."""
    return SaisineFactory(
        situation=None,
        poste=monde.poste,
        site=monde.commissariat,
        agent=monde["agent"],
        etat="recue",
        date_saisine=OUVERTURE + datetime.timedelta(days=30),
        nom_declare="Lefevre",
        prenom_declare="Elodie",
        annee_naissance_declaree=1988,
        telephone_declare="06 99 88 77 66",
        motif="Appel au 17 pour menaces de l'ex-conjoint",
    )
