"""Persona fixtures: one account per role, on a small département with a shared post."""

from dataclasses import dataclass, field

import pytest
from hypothesis import settings as hypothesis_settings

from intervenants.models import Role
from tests.factories import (
    DepartementFactory,
    EmployeurFactory,
    PosteFactory,
    SiteFactory,
    UserFactory,
    affecter,
)

# No example database on disk: the suite must leave the checkout as it found it.
hypothesis_settings.register_profile("trait_union", database=None)
hypothesis_settings.load_profile("trait_union")

# Every persona of the role × URL matrix, in the order reports list them.
PERSONAS = [
    "anonyme",
    "intervenante",
    "intervenante_binome",
    "intervenant_autre",
    "chef",
    "agent",
    "employeur",
    "coordinateur",
    "clspd",
    "cdp",
    "admin",
    "sans_role",
]


@dataclass
class Monde:
    """A département: post P1 shared by a commissariat and two brigades, post P2 elsewhere."""

    departement: object
    commissariat: object
    brigade_1: object
    brigade_2: object
    commissariat_autre: object
    employeur: object
    employeur_autre: object
    poste: object
    poste_autre: object
    comptes: dict = field(default_factory=dict)

    def __getitem__(self, persona):
        return self.comptes[persona]


def contenu_du_cache() -> list[str]:
    """What the process's cache holds, as text (LocMemCache keeps pickled values): the
    tests of the rendered fragments look there for names that must never be kept."""
    import pickle

    from django.core.cache import cache

    return [str(pickle.loads(valeur)) for valeur in cache._cache.values()]  # noqa: S301


def _compte(persona, **extra):
    # Fixed names: a random Faker name could collide with a person's name that a
    # test looks for (the user's own name is shown in the navigation bar).
    return UserFactory(username=persona, first_name=persona.title(), last_name="Persona", **extra)


@pytest.fixture(autouse=True)
def fichiers_temporaires(settings, tmp_path):
    """Uploaded files of every test go to a temporary folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "fichiers"
    return settings.MEDIA_ROOT


@pytest.fixture
def monde(db):
    departement = DepartementFactory(code="44", nom="Loire-Atlantique")
    commissariat = SiteFactory(nom="Commissariat de Saint-Nazaire", departement=departement)
    brigade_1 = SiteFactory(brigade=True, nom="Brigade de Savenay", departement=departement)
    brigade_2 = SiteFactory(brigade=True, nom="Brigade de Pontchâteau", departement=departement)
    commissariat_autre = SiteFactory(nom="Commissariat de Rezé", departement=departement)
    employeur = EmployeurFactory(nom="Association Escale", departement=departement)
    employeur_autre = EmployeurFactory(nom="Conseil départemental", departement=departement)
    poste = PosteFactory(
        intitule="ISCG Estuaire",
        employeur=employeur,
        sites=[commissariat, brigade_1, brigade_2],
    )
    poste_autre = PosteFactory(
        intitule="ISCG Rezé", employeur=employeur_autre, sites=[commissariat_autre]
    )
    m = Monde(
        departement=departement,
        commissariat=commissariat,
        brigade_1=brigade_1,
        brigade_2=brigade_2,
        commissariat_autre=commissariat_autre,
        employeur=employeur,
        employeur_autre=employeur_autre,
        poste=poste,
        poste_autre=poste_autre,
    )
    roles = {
        "intervenante": (Role.INTERVENANT, poste),
        "intervenante_binome": (Role.INTERVENANT, poste),
        "intervenant_autre": (Role.INTERVENANT, poste_autre),
        "chef": (Role.AUTORITE, commissariat),
        "agent": (Role.AGENT, commissariat),
        "employeur": (Role.EMPLOYEUR, employeur),
        "coordinateur": (Role.COORDINATEUR, departement),
        "clspd": (Role.LECTEUR_CLSPD, commissariat),
        "cdp": (Role.LECTEUR_CDP, departement),
    }
    for persona, (role, perimetre) in roles.items():
        m.comptes[persona] = _compte(persona)
        affecter(m.comptes[persona], role, perimetre)
    m.comptes["admin"] = _compte("admin", is_superuser=True, is_staff=True)
    affecter(m.comptes["admin"], Role.ADMINISTRATEUR)
    m.comptes["sans_role"] = _compte("sans_role")
    m.comptes["anonyme"] = None
    return m


@pytest.fixture
def client_de(client, monde):
    """``client_de("chef")``: the test client logged in as that persona."""

    def connecter(persona):
        client.logout()
        if monde[persona] is not None:
            client.force_login(monde[persona])
        return client

    return connecter
