"""On a phone (390 × 844): no page scrolls sideways, actions stay on screen, and the
dossier shows its timeline before the identity cards."""

import datetime

import pytest

from accueil.models import Saisine
from conventions.models import Convention
from rapports.models import CompteRendu
from tests.accueil.factories import (
    ActeFactory,
    AdhesionFactory,
    EntretienFactory,
    OrientationFactory,
    PartenaireFactory,
    SaisineFactory,
    SaisineRecueFactory,
    SituationFactory,
    TransmissionFactory,
)
from tests.conventions.factories import ConventionFactory, FinancementFactory
from tests.e2e.conftest import Parcours
from tests.rapports.factories import CompteRenduFactory

TELEPHONE = {"width": 390, "height": 844}
BUREAU = {"width": 1366, "height": 768}

MOTIF_LONG = (
    "Intervention au domicile pour un différend familial, enfants présents, "
    "la personne souhaite rencontrer l'intervenante sociale rapidement : "
    "numéro-de-main-courante-2026-000123-très-long-sans-espace"
)


def _parcours(navigateur, live_server, viewport):
    contexte = navigateur.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport=viewport, bypass_csp=True
    )
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    p = Parcours(page, live_server.url)
    yield p
    non_verifiees = [u for u in p.chargees if u not in p.verifiees and not u.startswith("data:")]
    contexte.close()
    assert non_verifiees == [], f"pages chargées sans contrôle d'accessibilité : {non_verifiees}"


@pytest.fixture
def telephone(navigateur, live_server, transactional_db):
    yield from _parcours(navigateur, live_server, TELEPHONE)


@pytest.fixture
def bureau(navigateur, live_server, transactional_db):
    yield from _parcours(navigateur, live_server, BUREAU)


def debordement(page, largeur: int = TELEPHONE["width"]) -> dict | None:
    """What sticks out sideways (None when nothing does): the page scrolling horizontally,
    a box scrolling inside itself (a table in ``.table-responsive``), or a link or button
    partly off screen."""
    return page.evaluate(
        """(attendue) => {
            const largeur = window.innerWidth;
            const nom = e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "");
            const probleme = {};
            if (largeur !== attendue) probleme.innerWidth = largeur;
            if (document.documentElement.scrollWidth > largeur) {
                probleme.page = document.documentElement.scrollWidth;
                probleme.fautifs = [...document.querySelectorAll("body *")]
                    .filter(e => e.getBoundingClientRect().right > largeur + 1)
                    .slice(0, 5).map(nom);
            }
            const defilants = [...document.querySelectorAll("main *")].filter(e => {
                const x = getComputedStyle(e).overflowX;
                return (x === "auto" || x === "scroll") && e.scrollWidth > e.clientWidth + 1;
            }).map(nom);
            if (defilants.length) probleme.defilement_interne = defilants;
            const coupes = [...document.querySelectorAll("main a, main button, main .btn")]
                .filter(e => e.getClientRects().length > 0)
                .filter(e => {
                    const r = e.getBoundingClientRect();
                    return r.left < 0 || r.right > largeur;
                }).map(e => e.textContent.trim());
            if (coupes.length) probleme.actions_hors_ecran = coupes;
            return Object.keys(probleme).length ? probleme : null;
        }""",
        largeur,
    )


def parcourir(telephone, chemins):
    debordements = {}
    for chemin in chemins:
        telephone.aller(chemin)
        assert telephone.page.url.endswith(chemin), f"{chemin} a mené à {telephone.page.url}"
        if (d := debordement(telephone.page)) is not None:
            debordements[chemin] = d
    assert debordements == {}, f"pages qui défilent de côté à 390 px : {debordements}"


@pytest.fixture
def dossier(monde):
    """A busy situation of the post, a referral waiting, a partner in the directory."""
    poste = monde.poste
    situation = SituationFactory(
        personne__poste=poste,
        personne__nom="Castelnau-Dupont",
        personne__prenom="Marie-Hélène",
        date_ouverture=datetime.date.today() - datetime.timedelta(days=20),
    )
    SaisineFactory(situation=situation, site=monde.commissariat, motif=MOTIF_LONG)
    AdhesionFactory(situation=situation, recueillie_par=monde["intervenante"])
    EntretienFactory(situation=situation, auteur=monde["intervenante"], notes=MOTIF_LONG)
    ActeFactory(situation=situation, auteur=monde["intervenante"])
    partenaire = PartenaireFactory(
        departement=monde.departement,
        nom="Centre d'information sur les droits des femmes et des familles",
        courriel="accueil.centre-information-droits-femmes@exemple-association.fr",
        telephone="02 40 00 00 00",
    )
    OrientationFactory(situation=situation, partenaire=partenaire, auteur=monde["intervenante"])
    TransmissionFactory(situation=situation, auteur=monde["intervenante"])
    for nom in ("Lemoine", "Abdelkader-Martineau"):
        SaisineRecueFactory(
            poste=poste,
            site=monde.commissariat,
            agent=monde["agent"],
            nom_declare=nom,
            prenom_declare="Jean-Christophe",
            annee_naissance_declaree=1979,
            motif=MOTIF_LONG,
        )
    convention = ConventionFactory(employeur=monde.employeur, postes=[poste])
    FinancementFactory(convention=convention)
    CompteRenduFactory(poste=poste, redige_par=monde["intervenante"], annee=2025, trimestre=4)
    CompteRenduFactory(
        poste=poste, redige_par=monde["intervenante"], annee=2025, trimestre=3, fige=True
    )
    return situation


def test_aucune_page_de_l_intervenante_ne_defile_de_cote_au_telephone(telephone, dossier):
    telephone.connecter("intervenante")
    pk = dossier.pk
    entretien = dossier.entretiens.get()
    orientation = dossier.orientations.get()
    compte_rendu = CompteRendu.objects.get(trimestre=4)
    attente = Saisine.objects.filter(poste=dossier.poste, situation=None).first()
    parcourir(
        telephone,
        [
            "/",
            "/accueil/saisines/a-qualifier/",
            f"/accueil/saisines/{attente.pk}/qualifier/",
            "/accueil/saisines/nouvelle/",
            "/accueil/dossiers/",
            "/accueil/dossiers/?closes=on",
            f"/accueil/situations/{pk}/",
            f"/accueil/situations/{pk}/entretiens/nouveau/",
            f"/accueil/entretiens/{entretien.pk}/modifier/",
            f"/accueil/situations/{pk}/actes/nouveau/",
            f"/accueil/situations/{pk}/orientations/nouvelle/",
            f"/accueil/orientations/{orientation.pk}/issue/",
            f"/accueil/situations/{pk}/transmissions/nouvelle/",
            f"/accueil/situations/{pk}/modifier/",
            f"/accueil/situations/{pk}/identite/",
            f"/accueil/situations/{pk}/identite/effacer/",
            f"/accueil/situations/{pk}/cloturer/",
            f"/accueil/situations/{pk}/adhesion/retrait/",
            # Issue 16's pages merged after this test was written.
            "/accueil/agenda/",
            "/accueil/agenda/?tout=1",
            f"/accueil/situations/{pk}/rendez-vous/nouveau/",
            f"/accueil/situations/{pk}/rappels/nouveau/",
            f"/accueil/recherche/?q={dossier.personne.nom}",
            "/accueil/contacts-anonymes/nouveau/",
            "/accueil/saisines/releve/",
            "/accueil/partenaires/",
            "/rapports/statistiques/",
            "/rapports/",
            f"/rapports/comptes-rendus/{compte_rendu.pk}/",
            f"/rapports/comptes-rendus/{compte_rendu.pk}/modifier/",
            f"/conventions/{Convention.objects.get().pk}/",
            "/securite/",
            "/mot-de-passe/",
        ],
    )


def test_les_boutons_qualifier_sont_dans_l_ecran_au_telephone(telephone, dossier):
    telephone.connecter("intervenante")
    telephone.aller("/accueil/saisines/a-qualifier/")
    boutons = telephone.page.get_by_role("link", name="Qualifier", exact=True)
    assert boutons.count() == 2
    for bouton in boutons.all():
        cadre = bouton.bounding_box()
        assert cadre["x"] >= 0 and cadre["x"] + cadre["width"] <= TELEPHONE["width"], cadre
    assert debordement(telephone.page) is None


def test_le_dossier_montre_la_chronologie_avant_les_cartes_au_telephone(telephone, dossier):
    telephone.connecter("intervenante")
    telephone.aller(f"/accueil/situations/{dossier.pk}/")
    page = telephone.page
    chronologie = page.get_by_role("heading", name="Chronologie").bounding_box()
    personne = page.get_by_role("heading", name="Personne", exact=True).bounding_box()
    assert chronologie["y"] < personne["y"]
    assert chronologie["y"] < TELEPHONE["height"], "la chronologie commence hors du premier écran"


def test_aucune_page_de_l_agent_ne_defile_de_cote_au_telephone(telephone, dossier):
    telephone.connecter("agent")
    parcourir(telephone, ["/", "/accueil/orienter/", "/accueil/mes-saisines/"])


def test_aucune_page_du_chef_ne_defile_de_cote_au_telephone(telephone, dossier):
    telephone.connecter("chef")
    parcourir(telephone, ["/", "/accueil/saisines-de-l-unite/", "/rapports/statistiques/"])


def affichage_des_lignes(page) -> set[str]:
    """How the rows of the page's list tables are displayed ("block" for cards)."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll("main table tbody tr")]
                .map(tr => getComputedStyle(tr).display)"""
        )
    )


LISTES_DE_L_INTERVENANTE = [
    "/accueil/saisines/a-qualifier/",
    "/accueil/dossiers/",
    "/accueil/partenaires/",
    "/rapports/",
]


def test_au_telephone_chaque_liste_devient_des_cartes_etiquetees(telephone, dossier):
    telephone.connecter("intervenante")
    for chemin in LISTES_DE_L_INTERVENANTE:
        telephone.aller(chemin)
        assert affichage_des_lignes(telephone.page) == {"block"}, chemin
    telephone.aller("/accueil/saisines/a-qualifier/")
    etiquette = telephone.page.evaluate(
        """() => getComputedStyle(
            document.querySelector("td[data-label='Motif']"), "::before").content"""
    )
    assert etiquette == '"Motif"'
    telephone.page.context.clear_cookies()
    telephone.connecter("agent")
    telephone.aller("/accueil/mes-saisines/")
    assert affichage_des_lignes(telephone.page) == {"block"}


def test_au_bureau_les_listes_restent_des_tableaux_et_le_dossier_deux_colonnes(bureau, dossier):
    bureau.connecter("intervenante")
    for chemin in LISTES_DE_L_INTERVENANTE:
        bureau.aller(chemin)
        assert affichage_des_lignes(bureau.page) == {"table-row"}, chemin
        assert debordement(bureau.page, largeur=BUREAU["width"]) is None, chemin
    bureau.aller(f"/accueil/situations/{dossier.pk}/")
    chronologie = bureau.page.get_by_role("heading", name="Chronologie").bounding_box()
    personne = bureau.page.get_by_role("heading", name="Personne", exact=True).bounding_box()
    assert personne["x"] < chronologie["x"]
    assert chronologie["y"] == pytest.approx(personne["y"], abs=30)
