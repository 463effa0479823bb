import pytest

from tests.conventions.factories import ConventionFactory


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
