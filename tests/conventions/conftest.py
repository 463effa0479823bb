import pytest

from tests.conventions.factories import ConventionFactory


@pytest.fixture(autouse=True)
def fichiers_temporaires(settings, tmp_path):
    """Uploaded documents go to a per-test directory, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "fichiers"
    return settings.MEDIA_ROOT


@pytest.fixture
def convention(monde):
    """A convention of the persona employer, covering post P1 and its three sites."""
    return ConventionFactory(
        titre="Convention ISCG Estuaire", employeur=monde.employeur, postes=[monde.poste]
    )


@pytest.fixture
def convention_autre(monde):
    return ConventionFactory(
        titre="Convention ISCG Rezé", employeur=monde.employeur_autre, postes=[monde.poste_autre]
    )


# The browser fixtures of tests/e2e, for the employer's journey in test_parcours.py.
from tests.e2e.conftest import navigateur, parcours  # noqa: E402,F401
