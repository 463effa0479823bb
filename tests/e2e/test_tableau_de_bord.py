"""The chief's dashboard on the demo data, in a real browser: short enough to be read
(key figures first, each theme a chart with its table behind a disclosure), no label cut,
no text under 12 px on a phone (issue #19, items 4 and 6)."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import Parcours

BUREAU = {"width": 1366, "height": 768}
TELEPHONE = {"width": 390, "height": 844}
HAUTEUR_MAXIMALE = 3000

# Every element that draws text of its own (a text node child), with its font size and
# whether the text is cut: wider than its box while hiding the overflow, or ending with
# an ellipsis; SVG texts (none today) are compared to their box too.
TEXTES = """() => {
    const resultat = [];
    const racine = document.querySelector("main") || document.body;
    for (const el of racine.querySelectorAll("*")) {
        const propre = [...el.childNodes]
            .filter(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim())
            .map(n => n.textContent.trim()).join(" ");
        if (!propre) continue;
        const style = getComputedStyle(el);
        if (style.display === "none" || style.visibility === "hidden") continue;
        const boite = el.getBoundingClientRect();
        if (boite.width === 0 && boite.height === 0) continue;
        if (el.closest(".visually-hidden, details:not([open]) > :not(summary)")) continue;
        let coupe = /…$/.test(propre) && !!el.closest(".graphique, .tuiles");
        if (style.overflow !== "visible" || style.textOverflow === "ellipsis") {
            coupe = coupe || el.scrollWidth > el.clientWidth + 1;
        }
        if (el instanceof SVGTextElement) {
            const svg = el.ownerSVGElement.getBoundingClientRect();
            coupe = coupe || boite.left < svg.left - 1 || boite.right > svg.right + 1;
        }
        resultat.push({
            texte: propre.slice(0, 60),
            taille: parseFloat(style.fontSize),
            coupe,
        });
    }
    return resultat;
}"""


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True  # the demo command refuses to run otherwise
    call_command("demo", stdout=io.StringIO())
    settings.DEBUG = False


def _chef(navigateur, live_server, settings, viewport):
    contexte = navigateur.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport=viewport, bypass_csp=True
    )
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    parcours = Parcours(page, live_server.url)
    page.goto(live_server.url + "/connexion/")
    parcours.verifier()
    page.get_by_label("Identifiant").fill("chef")
    page.get_by_label("Mot de passe").fill("demo")
    settings.DEBUG = True  # the demo password is accepted only while DEBUG is on
    try:
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(live_server.url + "/")
    finally:
        settings.DEBUG = False
    parcours.verifier()
    parcours.aller("/rapports/statistiques/")
    return contexte, parcours


def test_au_bureau_le_tableau_de_bord_tient_en_moins_de_3000_px(
    navigateur, live_server, settings, demo
):
    contexte, parcours = _chef(navigateur, live_server, settings, BUREAU)
    page = parcours.page
    try:
        expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord")
        # Key figures first: on the first screen, with their evolution.
        tuiles = page.locator(".tuile")
        expect(tuiles.first).to_be_visible()
        assert tuiles.first.bounding_box()["y"] < BUREAU["height"]
        assert page.locator(".tuile .evolution").count() >= 1

        hauteur = page.evaluate("document.documentElement.scrollHeight")
        assert hauteur < HAUTEUR_MAXIMALE, f"page de {hauteur} px"

        # Every theme: a chart whose bars carry their values, the table behind <details>.
        themes = page.locator("figure.statistique")
        assert themes.count() >= 10
        assert page.locator("figure.statistique table:visible").count() == 0
        barres = page.locator(".graphique .piste")
        assert barres.count() > 0
        for k in range(barres.count()):
            assert barres.nth(k).locator(".barre-valeur").inner_text().strip()
        # A masked bar reads « masqué » beside a hatched stub, never a zero-length bar.
        masquees = page.locator(".barre-masquee")
        if masquees.count():
            piste = masquees.first.locator("xpath=..")
            expect(piste.locator(".barre-valeur")).to_have_text("masqué")

        details = page.locator("details.valeurs").first
        details.locator("summary").click()
        expect(details.locator("table")).to_be_visible()
        parcours.verifier()

        textes = page.evaluate(TEXTES)
        coupes = [t for t in textes if t["coupe"]]
        assert coupes == [], coupes
        assert page.locator(".graphique").count() > 0
    finally:
        contexte.close()


def test_sur_telephone_aucun_texte_sous_12_px_et_rien_ne_deborde(
    navigateur, live_server, settings, demo
):
    contexte, parcours = _chef(navigateur, live_server, settings, TELEPHONE)
    page = parcours.page
    try:
        page.locator("details.valeurs").first.locator("summary").click()
        textes = page.evaluate(TEXTES)
        assert len(textes) > 50
        petits = [t for t in textes if t["taille"] < 12]
        assert petits == [], petits
        coupes = [t for t in textes if t["coupe"]]
        assert coupes == [], coupes
        largeur = page.evaluate("document.documentElement.scrollWidth")
        assert largeur <= TELEPHONE["width"], f"la page défile de côté ({largeur} px)"
        # Charts rearrange: the label above its bars, the bars the width of the screen.
        libelle = page.locator(".barres-libelle").first.bounding_box()
        piste = page.locator(".barres-pistes").first.bounding_box()
        assert piste["y"] >= libelle["y"] + libelle["height"] - 1
        assert piste["width"] > TELEPHONE["width"] * 0.6
    finally:
        contexte.close()
