"""The role × URL matrix: what every persona gets on every URL pattern of the project.

Each app declares its rows in ``tests/<app>/matrice.py`` as ``LIGNES = {url name: Ligne}``;
``test_matrice_permissions.py`` fails when a URL pattern has no row, when a row names a
URL that no longer exists, or when a row lacks a persona.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PERSONAS


@dataclass(frozen=True)
class Redirection:
    """A 302 to the view named ``vers`` (``namespace:name``), whatever its arguments."""

    vers: str


CONNEXION = Redirection("intervenants:connexion")
OK = 200


@dataclass(frozen=True)
class Ligne:
    attendus: dict[str, int | Redirection]
    kwargs: Callable = field(default=lambda monde: {})
    methode: str = "get"
    donnees: Callable = field(default=lambda monde: {})


def selon(defaut, **exceptions) -> dict:
    """Expectations for every persona: ``defaut``, except those named."""
    inconnus = set(exceptions) - set(PERSONAS)
    if inconnus:
        raise ValueError(f"personas inconnus : {sorted(inconnus)}")
    return {persona: exceptions.get(persona, defaut) for persona in PERSONAS}


def connectes(defaut, **exceptions) -> dict:
    """Expectations for a page behind login: anonymous users go to the login page."""
    return selon(defaut, anonyme=CONNEXION, **exceptions)


# Django's own admin is tested through its index only; its other pages share its guard.
NAMESPACES_IGNORES = {"admin"}
NOMS_TESTES_DANS_ADMIN = {"admin:index"}


def noms_des_urls() -> set[str]:
    noms = set()

    def parcourir(motifs, prefixe):
        for motif in motifs:
            if isinstance(motif, URLResolver):
                espace = f"{prefixe}{motif.namespace}:" if motif.namespace else prefixe
                parcourir(motif.url_patterns, espace)
            elif isinstance(motif, URLPattern) and motif.name:
                noms.add(f"{prefixe}{motif.name}")

    parcourir(get_resolver().url_patterns, "")
    return {
        nom
        for nom in noms
        if nom.split(":")[0] not in NAMESPACES_IGNORES or nom in NOMS_TESTES_DANS_ADMIN
    }
