import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from conventions import exports, selectors
from intervenants.models import ActionJournal, Journal
from tests.conventions.factories import AvenantFactory, FinancementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def financee(convention):
    FinancementFactory(convention=convention, annee=2024, montant=Decimal("26000.50"))
    FinancementFactory(
        convention=convention, annee=2024, financeur="conseil_departemental", montant=Decimal("1")
    )
    AvenantFactory(convention=convention, numero=1)
    return convention


def _lire_csv(contenu: bytes):
    assert contenu.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))


def test_csv_des_conventions_pour_excel_francais(client_de, financee):
    reponse = client_de("employeur").get(reverse("conventions:export_conventions"))
    lignes = _lire_csv(reponse.content)
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert lignes[0][:3] == ["Intitulé", "Référence", "Employeur"]
    assert lignes[1][0] == "Convention ISCG Estuaire"
    assert (lignes[1][8], lignes[1][9]) == ("50000,00", "26001,50")


def test_csv_des_financements_avec_virgule_decimale_et_parts(client_de, financee):
    reponse = client_de("coordinateur").get(reverse("conventions:export_financements"))
    lignes = _lire_csv(reponse.content)
    assert b";" in reponse.content.splitlines()[0]
    par_financeur = {ligne[3]: (ligne[5], ligne[6]) for ligne in lignes[1:]}
    assert par_financeur == {
        "État (FIPD)": ("26000,50", "52,0"),
        "conseil départemental": ("1,00", "0,0"),
    }


def test_csv_neutralise_les_formules(monde):
    from tests.conventions.factories import ConventionFactory

    piege = ConventionFactory(titre='=HYPERLINK("http://x")', employeur=monde.employeur)
    nom, _, contenu = exports.ConventionsCSV(
        list(selectors.liste_conventions(monde["employeur"]).filter(pk=piege.pk))
    ).exporter()
    assert _lire_csv(contenu)[1][0].startswith("'=")
    assert nom.endswith(".csv")


def test_export_filtre_comme_la_liste(client_de, financee, convention_autre):
    reponse = client_de("coordinateur").get(
        reverse("conventions:export_conventions"), {"employeur": convention_autre.employeur.pk}
    )
    assert [ligne[0] for ligne in _lire_csv(reponse.content)[1:]] == ["Convention ISCG Rezé"]


def test_export_journalise(client_de, monde, financee):
    client_de("employeur").get(reverse("conventions:export_conventions"))
    entree = Journal.objects.get(action=ActionJournal.EXPORT)
    assert entree.details == {"format": "csv", "lignes": 1}


def test_csv_ne_contient_que_le_perimetre(client_de, financee, convention_autre):
    reponse = client_de("employeur").get(reverse("conventions:export_financements"))
    assert "Rezé" not in reponse.content.decode("utf-8-sig")


def test_fiche_pdf_d_une_page_avec_le_texte_de_la_convention(client_de, financee, tmp_path):
    reponse = client_de("chef").get(reverse("conventions:fiche_pdf", args=[financee.pk]))
    assert reponse["Content-Type"] == "application/pdf"
    fichier = tmp_path / "fiche.pdf"
    fichier.write_bytes(reponse.content)
    texte = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(fichier), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    infos = subprocess.run(
        [shutil.which("pdfinfo"), str(fichier)], capture_output=True, check=True, text=True
    ).stdout
    assert "Convention ISCG Estuaire" in texte
    assert "26 000,50 €" in texte.replace("\u202f", " ").replace("\xa0", " ")
    assert "Pages:           1" in infos


def test_fiche_pdf_reste_sur_une_page_pour_une_convention_chargee(monde, tmp_path):
    from conventions.echeances import obligations_a_venir
    from conventions.models import PartieConvention, TypeFinanceur
    from tests.conventions.factories import ConventionFactory

    convention = ConventionFactory(employeur=monde.employeur, postes=[monde.poste])
    for annee in (2024, 2025, 2026):
        for code, _ in TypeFinanceur.choices:
            FinancementFactory(
                convention=convention, annee=annee, financeur=code, montant=Decimal("8000")
            )
    for numero in range(1, 5):
        AvenantFactory(convention=convention, numero=numero)
        PartieConvention.objects.create(convention=convention, role="autre", nom=f"Partie {numero}")
    convention = selectors.convention_detaillee(monde["employeur"], convention.pk).get()
    _, _, contenu = exports.FichePDF(
        convention,
        financements=selectors.tableau_financements(convention),
        obligations=obligations_a_venir([convention], mois=12),
    ).exporter()
    fichier = tmp_path / "fiche.pdf"
    fichier.write_bytes(contenu)
    infos = subprocess.run(
        [shutil.which("pdfinfo"), str(fichier)], capture_output=True, check=True, text=True
    ).stdout
    assert "Pages:           1" in infos
