"""Browser journeys: Playwright driving Debian's Chromium against a live server.

Never ``playwright install``: the browser is the system's ``chromium``. axe-core (npm) is
injected into every page a journey visits; serious or critical violations fail the test.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests themselves (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

RACINE = Path(__file__).resolve().parents[2]
AXE = RACINE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGUMENTS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
IMPACTS_BLOQUANTS = {"serious", "critical"}
MOT_DE_PASSE = "mot-de-passe-de-test"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def navigateur():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium absent : sudo apt-get install chromium (jamais playwright install)")
    if not AXE.exists():
        pytest.fail("axe-core absent : lancez « npm ci » (make test le fait)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        yield navigateur
        navigateur.close()


class Parcours:
    """A page plus the accessibility bookkeeping: every page loaded must be checked."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.chargees, self.verifiees = [], set()
        page.on("load", lambda p: self.chargees.append(p.url))

    def aller(self, chemin):
        self.page.goto(self.base + chemin)
        self.verifier()

    def verifier(self):
        """Run axe-core on the current page; fail on serious or critical violations."""
        self.page.wait_for_load_state("load")
        self.page.add_script_tag(path=str(AXE))
        resultat = self.page.evaluate(
            """async () => {
                const r = await axe.run(document, {
                    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
                });
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, aide: v.help,
                    cibles: v.nodes.slice(0, 3).map(n => n.target.join(" "))
                }));
            }"""
        )
        bloquantes = [v for v in resultat if v["impact"] in IMPACTS_BLOQUANTS]
        assert bloquantes == [], (
            f"{self.page.url} :\n{json.dumps(bloquantes, indent=1, ensure_ascii=False)}"
        )
        self.verifiees.add(self.page.url)

    def connecter(self, username):
        self.aller("/connexion/")
        self.page.get_by_label("Identifiant").fill(username)
        self.page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
        self.page.get_by_role("button", name="Se connecter").click()
        self.verifier()

    def cliquer(self, *args, **kwargs):
        """Click something that loads a new page, then check that page (names match exactly)."""
        kwargs.setdefault("exact", True)
        self.page.get_by_role(*args, **kwargs).first.click()
        self.verifier()


@pytest.fixture
def parcours(navigateur, live_server, transactional_db):
    contexte = navigateur.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        # axe-core is injected as an inline script, which our CSP rightly forbids.
        bypass_csp=True,
    )
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    p = Parcours(page, live_server.url)
    yield p
    non_verifiees = [u for u in p.chargees if u not in p.verifiees and not u.startswith("data:")]
    contexte.close()
    assert non_verifiees == [], f"pages chargées sans contrôle d'accessibilité : {non_verifiees}"
