from pathlib import Path

import pytest

from tests.conventions.factories import ConventionFactory
from tests.e2e import conftest as e2e


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


@pytest.fixture(scope="module")
def navigateur_conventions():
    """Chromium for this folder's browser journey, closed with the module.

    tests/e2e keeps its own browser for the whole session; two Playwright instances cannot
    run at once, so this journey is skipped if that one is already open.
    """
    import asyncio

    from playwright.sync_api import sync_playwright

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        pytest.skip("navigateur Playwright déjà ouvert par tests/e2e dans cette session")
    if not Path(e2e.CHROMIUM).exists() or not e2e.AXE.exists():
        pytest.fail("Chromium ou axe-core absent (voir tests/e2e/conftest.py)")
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=e2e.CHROMIUM, args=e2e.ARGUMENTS)
        yield navigateur
        navigateur.close()


@pytest.fixture
def parcours_conventions(navigateur_conventions, live_server, transactional_db):
    """Same as tests/e2e's ``parcours``: every page loaded is checked with axe-core."""
    contexte = navigateur_conventions.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    )
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    parcours = e2e.Parcours(page, live_server.url)
    yield parcours
    non_verifiees = [u for u in parcours.chargees if u not in parcours.verifiees]
    contexte.close()
    assert non_verifiees == [], f"pages chargées sans contrôle d'accessibilité : {non_verifiees}"
