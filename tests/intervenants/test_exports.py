"""The house's exports (intervenants/exports.py): one CSV writer, one PDF renderer, one
PDF base template that every document extends."""

import datetime
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from intervenants.exports import ecrire_csv

# --- CSV ----------------------------------------------------------------------------------


def test_csv_pour_excel_francais_bom_point_virgule_crlf_virgule_decimale():
    contenu = ecrire_csv([["Année", "Montant (€)"], [2025, Decimal("26000.50")]])
    assert contenu == "\ufeffAnnée;Montant (€)\r\n2025;26000,50\r\n".encode()


def test_csv_neutralise_les_formules_mais_pas_les_nombres_negatifs():
    ligne = ["=1+1", "@SOMME", "-3,5", -2, None, datetime.date(2025, 3, 1)]
    assert ecrire_csv([ligne]).decode("utf-8-sig") == "'=1+1;'@SOMME;-3,5;-2;;01/03/2025\r\n"


# --- PDF ----------------------------------------------------------------------------------


def test_une_seule_regle_de_page_pour_tous_les_pdf():
    gabarits = Path(settings.BASE_DIR, "templates")
    avec_page = [p for p in gabarits.rglob("*.html") if "@page" in p.read_text(encoding="utf-8")]
    assert avec_page == [gabarits / "pdf" / "base.html"]


def test_weasyprint_n_est_appele_que_par_le_rendu_commun():
    appelants = {
        str(p.relative_to(settings.BASE_DIR))
        for app in ["config", "intervenants", "accueil", "rapports", "conventions"]
        for p in Path(settings.BASE_DIR, app).rglob("*.py")
        if "from weasyprint" in p.read_text(encoding="utf-8")
    }
    assert appelants == {"intervenants/exports.py"}


def _rapport(monde) -> bytes:
    from rapports import services
    from rapports.statistiques import Perimetre

    bilan = services.creer_bilan(
        auteur=monde["coordinateur"], perimetre=Perimetre("site", monde.commissariat), annee=2025
    )
    return bytes(services.valider_rapport(auteur=monde["coordinateur"], rapport=bilan).pdf)


def _fiche_convention(monde) -> bytes:
    from conventions import exports, selectors
    from conventions.echeances import obligations_a_venir
    from tests.conventions.factories import ConventionFactory

    pk = ConventionFactory(employeur=monde.employeur, postes=[monde.poste]).pk
    convention = selectors.convention_detaillee(monde["employeur"], pk).get()
    return exports.FichePDF(
        convention,
        financements=selectors.tableau_financements(convention),
        obligations=obligations_a_venir([convention], mois=12),
    ).exporter()[2]


def _droit_d_acces(monde) -> bytes:
    from accueil import exports, selectors
    from tests.accueil.factories import SituationFactory

    situation = SituationFactory(personne__poste=monde.poste)
    situation.sites.set([monde.commissariat])
    dossier = selectors.dossier_complet(monde["intervenante"], situation.pk)
    return exports.DroitDAccesPDF(situation.personne, situations=[dossier]).exporter()[2]


def _sortie(*commande) -> str:
    return subprocess.run(commande, capture_output=True, check=True, text=True).stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "pied"),
    [
        pytest.param(_rapport, "aucune donnée nominative", id="rapport"),
        pytest.param(_fiche_convention, "fiche éditée le", id="convention"),
        pytest.param(_droit_d_acces, "droit d'accès", id="droit-d-acces"),
    ],
)
def test_chaque_page_porte_le_pied_de_page_numerote_en_dejavu(monde, document, pied, tmp_path):
    fichier = tmp_path / "document.pdf"
    fichier.write_bytes(document(monde))
    pages = _sortie("pdftotext", "-layout", str(fichier), "-").split("\f")[:-1]
    numeros = [f"Page {i} sur {len(pages)}" in page for i, page in enumerate(pages, 1)]
    assert numeros == [True] * len(pages)
    assert all(pied in page for page in pages)
    polices = {
        ligne.split()[0].split("+")[-1]
        for ligne in _sortie("pdffonts", str(fichier)).splitlines()[2:]
    }
    assert polices <= {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique"}
