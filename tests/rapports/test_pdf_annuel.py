"""The annual report's PDF, read as its readers (elected members of the CLSPD) get it:
a front page that stands alone, a table of contents, no comparison column against a year
without activity, a tagged PDF with its title and language, a file named after the place."""

import datetime
import re
import subprocess
import zlib

import pytest
from django.urls import reverse

from rapports import services
from rapports.models import BilanAnnuel
from rapports.statistiques import Perimetre
from tests.accueil.factories import EntretienFactory, SaisineFactory

CINQ_CHIFFRES = [
    "Personnes rencontrées",
    "Nouvelles situations",
    "Saisines reçues",
    "Entretiens",
    "Orientations",
]


def _pdftotext(contenu: bytes, *options: str) -> str:
    resultat = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", *options, "-", "-"],
        input=contenu,
        capture_output=True,
        check=True,
    )
    return resultat.stdout.decode("utf-8")


def _pdfinfo(contenu: bytes) -> dict[str, str]:
    resultat = subprocess.run(
        ["/usr/bin/pdfinfo", "-"], input=contenu, capture_output=True, check=True
    )
    lignes = resultat.stdout.decode("utf-8").splitlines()
    return {
        cle.strip(): valeur.strip() for cle, _, valeur in (ligne.partition(":") for ligne in lignes)
    }


def _objets_decompresses(contenu: bytes) -> bytes:
    """The PDF's streams, inflated: the catalog (and its /Lang) sits in an object stream."""
    morceaux = [contenu]
    for flux in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", contenu, re.DOTALL):
        try:
            morceaux.append(zlib.decompress(flux))
        except zlib.error:
            continue
    return b"\n".join(morceaux)


def _bilan_valide(monde, annee: int, **textes) -> BilanAnnuel:
    bilan = services.creer_bilan(
        auteur=monde["coordinateur"], perimetre=Perimetre("site", monde.commissariat), annee=annee
    )
    if textes:
        services.modifier_textes(
            auteur=monde["coordinateur"], rapport=bilan, version=bilan.version, textes=textes
        )
    return services.valider_rapport(auteur=monde["coordinateur"], rapport=bilan)


@pytest.fixture
def bilan_2025(monde, activite):
    """Activity in 2025 and 2024 (tests/rapports/conftest.py), texts of several sentences."""
    return _bilan_valide(
        monde,
        2025,
        texte_situations="Les violences conjugales dominent. Une seconde phrase de détail.",
        texte_suites="Beaucoup d'orientations vers le CIDFF. Détail qui ne monte pas en une.",
        texte_impact="Des mises à l'abri plus rapides. Encore un détail.",
        texte_perspectives="Une permanence de plus en 2026.",
    )


def test_la_premiere_page_se_suffit(bilan_2025):
    une = _pdftotext(bytes(bilan_2025.pdf), "-f", "1", "-l", "1")
    phrases = " ".join(une.split())
    assert "Bilan annuel 2025" in une
    assert "L'essentiel" in une
    for libelle in CINQ_CHIFFRES:
        assert libelle in une, libelle
    # Each of the five figures with its value (a number or « masqué ») and its evolution.
    for libelle in CINQ_CHIFFRES:
        ligne = next(li for li in une.splitlines() if libelle in li)
        assert re.search(r"\d|masqué", ligne.split(libelle)[0]), ligne
        assert "par rapport à 2024" in ligne or "non publiée" in ligne or "aucun" in ligne
    # Three highlights: the first sentence of the first three written parts, no more.
    assert "Faits marquants" in une
    assert "Les violences conjugales dominent." in phrases
    assert "orientations vers le CIDFF." in phrases
    assert "abri plus rapides." in phrases
    assert "seconde phrase" not in phrases
    assert "permanence" not in phrases
    # The rule of the figures is on the front page too.
    assert "aucune donnée nominative" in une


def test_sommaire_en_page_deux_et_nombre_de_pages_raisonnable(bilan_2025):
    contenu = bytes(bilan_2025.pdf)
    deux = _pdftotext(contenu, "-f", "2", "-l", "2")
    assert "Sommaire" in deux
    for partie in ["Chiffres clés", "Analyse qualitative", "Public et situations"]:
        assert re.search(rf"{partie}\s*\.+\s*\d+", deux), partie
    assert 4 <= int(_pdfinfo(contenu)["Pages"]) <= 10


def test_pdf_balise_titre_et_langue(bilan_2025):
    contenu = bytes(bilan_2025.pdf)
    info = _pdfinfo(contenu)
    assert info["Tagged"] == "yes"
    assert info["Title"].startswith("Bilan annuel 2025 — Commissariat de Saint-Nazaire")
    assert re.search(rb"/Lang\s*\(fr\)", _objets_decompresses(contenu))


def test_fichier_nomme_d_apres_le_lieu_et_l_annee(monde, bilan_2025, client_de):
    nom = "bilan-annuel-2025-commissariat-de-saint-nazaire.pdf"
    assert bilan_2025.nom_fichier == nom
    services.transmettre_rapport(auteur=monde["coordinateur"], rapport=bilan_2025)
    reponse = client_de("clspd").get(reverse("rapports:bilan_pdf", kwargs={"pk": bilan_2025.pk}))
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"] == f'attachment; filename="{nom}"'


def test_bilan_de_departement_nomme_d_apres_le_departement(monde):
    bilan = BilanAnnuel(departement=monde.departement, annee=2025)
    assert bilan.nom_fichier.startswith(f"bilan-annuel-2025-{monde.departement.code}-")
    assert re.fullmatch(r"bilan-annuel-2025-[a-z0-9-]+\.pdf", bilan.nom_fichier)


def test_avec_une_annee_precedente_les_deux_colonnes_et_l_evolution(bilan_2025):
    texte = _pdftotext(bytes(bilan_2025.pdf))
    chiffres = texte.split("Chiffres clés", 2)[-1]
    assert re.search(r"Indicateur\s+2025\s+2024\s+Évolution", chiffres)
    assert "Pas de comparaison" not in texte


def test_sans_annee_precedente_pas_de_colonne_de_comparaison(monde):
    """A first year of activity: 2024 holds nothing, so neither a column of zeros nor
    « non publié » beside 2025."""
    for jour in range(12):
        saisine = SaisineFactory(
            situation__personne__poste=monde.poste,
            situation__date_ouverture=datetime.date(2025, 3, 3) + datetime.timedelta(days=9 * jour),
            site=monde.commissariat,
        )
        EntretienFactory(situation=saisine.situation, auteur=monde["intervenante"])
    bilan = _bilan_valide(monde, 2025, texte_impact="Première année du poste.")
    assert bilan.instantane["statistiques"]["entetes"] == ["2025", "2024"]
    texte = _pdftotext(bytes(bilan.pdf))
    assert "Pas de comparaison avec année 2024" in texte
    assert "2024" not in texte.replace("Pas de comparaison avec année 2024", "")
    assert "non publié" not in texte
    assert re.search(r"Indicateur\s+2025\s*\n", texte)
