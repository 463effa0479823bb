"""Relevé des mains courantes in a real browser: a day's logbook of 10 lines typed with the
keyboard only, every action counted, then one of the referrals qualified (issue 16, item 2)."""

from playwright.sync_api import expect

from accueil.choix import EtatSaisine
from accueil.models import Saisine
from intervenants.models import Journal

# (référence, motif, nom, prénom, année, urgence: first letter, sans suite: first letter)
LIGNES = [
    ("MC 2026/0101", "Violences conjugales, enfants présents", "Morel", "Aline", "1987", "d", ""),
    ("MC 2026/0102", "Dispute de couple, voisins inquiets", "Petit", "Sonia", "1990", "o", ""),
    ("MC 2026/0103", "Différend commercial", "", "", "", "o", "p"),
    ("MC 2026/0104", "Fugue d'une adolescente, retrouvée", "Blanc", "Inès", "2010", "a", ""),
    ("MC 2026/0105", "Personne âgée désorientée", "Roux", "Marcel", "1941", "o", ""),
    ("MC 2026/0106", "Tapage nocturne", "", "", "", "o", "h"),
    ("MC 2026/0107", "Conflit familial, mère dépassée", "Fabre", "Nadia", "", "o", ""),
    ("MC 2026/0108", "Menaces d'un ex-conjoint", "Garnier", "Julie", "1995", "a", ""),
    ("MC 2026/0109", "Personne sans abri, nuit froide", "", "", "", "o", "i"),
    ("MC 2026/0110", "Détresse après un décès", "Lambert", "Odile", "1958", "o", ""),
]
CHAMPS_PAR_LIGNE = 8


class Clavier:
    """``page.keyboard``, with every key pressed and every field typed counted."""

    def __init__(self, page):
        self.clavier = page.keyboard
        self.touches = 0  # Tab, Enter...
        self.saisies = 0  # one text typed in one field
        self.caracteres = 0

    def appuyer(self, touche, fois=1):
        for _ in range(fois):
            self.clavier.press(touche)
            self.touches += 1

    def taper(self, texte):
        if texte:
            self.clavier.type(texte)
            self.saisies += 1
            self.caracteres += len(texte)


def test_une_journee_de_main_courante_saisie_au_clavier_puis_qualifiee(parcours, monde):
    page = parcours.page
    # Every mouse press on every page, counted in the test: the relevé is keyboard only.
    clics = []
    page.expose_function("signalerClic", lambda: clics.append(1))
    page.add_init_script(
        "document.addEventListener('mousedown', () => window.signalerClic(), true);"
        "document.addEventListener('click', e => { if (e.detail) window.signalerClic(); }, true);"
    )
    parcours.connecter("intervenante")
    parcours.aller("/accueil/saisines/releve/")
    clics.clear()  # the login button was clicked; from here on, the keyboard only
    clavier = Clavier(page)

    # Three units on this post: the cursor waits on « Unité »; one letter picks it.
    expect(page.get_by_label("Unité")).to_be_focused()
    clavier.taper("c")  # Commissariat de Saint-Nazaire
    expect(page.get_by_label("Unité")).to_have_value(str(monde.commissariat.pk))
    clavier.appuyer("Tab")
    expect(page.locator("#id_ligne-0-reference_main_courante")).to_be_focused()

    for i, (reference, motif, nom, prenom, annee, urgence, sans_suite) in enumerate(LIGNES):
        expect(page.locator(f"#id_ligne-{i}-reference_main_courante")).to_be_focused()
        for valeur in (reference, motif, nom, prenom, annee, urgence, sans_suite):
            clavier.taper(valeur)
            clavier.appuyer("Tab")
        if i < len(LIGNES) - 1:
            clavier.appuyer("Tab")  # the « précision » box, left empty
        else:
            page.locator(f"#id_ligne-{i}-precision_sans_suite").press("Enter")
            clavier.touches += 1
    page.wait_for_url("**/accueil/saisines/releve/?date=*")
    parcours.verifier()

    expect(
        page.get_by_text("Relevé enregistré : 10 lignes — 7 à qualifier, 3 classées sans suite.")
    ).to_be_visible()
    saisines = Saisine.objects.filter(site=monde.commissariat).order_by("reference_main_courante")
    assert [s.reference_main_courante for s in saisines] == [ligne[0] for ligne in LIGNES]
    assert [s.urgence for s in saisines][:4] == [
        "danger_immediat",
        "ordinaire",
        "ordinaire",
        "aujourd_hui",
    ]
    assert [s.motif_sans_suite for s in saisines if s.etat == EtatSaisine.SANS_SUITE] == [
        "pas_de_dimension_sociale",
        "hors_secteur",
        "injoignable",
    ]
    assert Journal.objects.filter(details__lignes=10).count() == 1

    # Keyboard only, and few keys: one Tab per field, one Enter for the whole relevé.
    assert clics == []
    # 81 keys: one Tab after the unit, one per box of each line, one Enter at the end.
    assert clavier.touches <= len(LIGNES) * CHAMPS_PAR_LIGNE + 2, clavier.touches
    assert clavier.saisies <= len(LIGNES) * 7 + 1, clavier.saisies
    # The next relevé of the same unit and day starts in the first box.
    expect(page.locator("#id_ligne-0-reference_main_courante")).to_be_focused()
    expect(page.get_by_role("cell", name="MC 2026/0110")).to_be_visible()

    # The most urgent line waits first in the inbox; qualify it.
    parcours.cliquer("link", name="Saisines à qualifier")
    expect(page.get_by_text("main courante MC 2026/0101")).to_be_visible()
    parcours.cliquer("link", name="Qualifier")
    expect(page.get_by_text("MC 2026/0101", exact=True)).to_be_visible()
    page.get_by_label("Ouvrir une nouvelle situation").check()
    expect(page.locator("#id_personne-nom")).to_have_value("Morel")
    page.get_by_label("Sexe").select_option(label="femme")
    page.get_by_label("Statut dans l'affaire").select_option(label="victime")
    page.get_by_label("Problématique principale").select_option(
        label="violences conjugales — physiques"
    )
    page.get_by_label("Déjà connu d'un service social").select_option(label="inconnu")
    parcours.cliquer("button", name="Valider")
    expect(page.get_by_role("heading", name="MOREL Aline")).to_be_visible()
    expect(page.get_by_text("main courante MC 2026/0101")).to_be_visible()
    saisine = Saisine.objects.get(reference_main_courante="MC 2026/0101")
    assert saisine.etat == EtatSaisine.PRISE_EN_CHARGE
    assert saisine.situation.personne.nom == "Morel"


def test_le_releve_tient_sur_un_telephone(parcours, monde):
    page = parcours.page
    page.set_viewport_size({"width": 390, "height": 844})
    parcours.connecter("intervenante")
    parcours.aller("/accueil/saisines/releve/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_ajouter_une_ligne_met_le_curseur_dedans_et_la_ligne_est_enregistree(parcours, monde):
    page = parcours.page
    parcours.connecter("intervenante")
    parcours.aller(f"/accueil/saisines/releve/?lignes=1&site={monde.brigade_2.pk}")
    expect(page.locator("fieldset.ligne-releve")).to_have_count(1)
    page.get_by_role("button", name="Ajouter une ligne").click()  # the static script
    expect(page.locator("fieldset.ligne-releve")).to_have_count(2)
    expect(page.get_by_role("group", name="Ligne 2")).to_be_visible()
    expect(page.locator("#id_ligne-1-reference_main_courante")).to_be_focused()
    page.keyboard.type("BR 2026/55")
    page.keyboard.press("Tab")
    page.keyboard.type("Ligne ajoutée")
    page.locator("#id_ligne-1-urgence").select_option(label="ordinaire")
    page.locator("#id_ligne-1-motif").press("Enter")
    page.wait_for_url("**/accueil/saisines/releve/?date=*")
    parcours.verifier()
    assert Saisine.objects.get(site=monde.brigade_2).reference_main_courante == "BR 2026/55"
