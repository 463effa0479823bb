"""Exporters: plain classes returning (file name, content type, bytes), independent of views.

CSV files are written for a French spreadsheet: UTF-8 with a byte-order mark (so Excel
detects the encoding), ``;`` between columns and a decimal comma.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from conventions.models import Convention, Financement

TYPE_CSV = "text/csv; charset=utf-8"
TYPE_PDF = "application/pdf"
# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def decimal_fr(montant: Decimal | None) -> str:
    if montant is None:
        return ""
    return f"{montant:.2f}".replace(".", ",")


def date_fr(jour: datetime.date | None) -> str:
    return jour.strftime("%d/%m/%Y") if jour else ""


def texte(valeur) -> str:
    valeur = "" if valeur is None else str(valeur)
    return f"'{valeur}" if valeur.startswith(DEBUTS_DE_FORMULE) else valeur


class ExporteurCSV:
    format = "csv"
    nom_fichier = "export"
    entetes: list[str] = []

    def lignes(self):
        raise NotImplementedError

    def exporter(self) -> tuple[str, str, bytes]:
        tampon = io.StringIO()
        writer = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
        writer.writerow(self.entetes)
        writer.writerows(self.lignes())
        nom = f"{self.nom_fichier}-{timezone.localdate():%Y-%m-%d}.csv"
        return nom, TYPE_CSV, tampon.getvalue().encode("utf-8-sig")


class ConventionsCSV(ExporteurCSV):
    nom_fichier = "conventions"
    entetes = [
        "Intitulé",
        "Référence",
        "Employeur",
        "Statut",
        "Signature",
        "Début",
        "Fin",
        "Résiliation",
        "Coût annuel (€)",
        "Total financé (€)",
        "Postes",
        "Sites",
        "Avenants",
    ]

    def __init__(self, conventions: list[Convention]):
        self.conventions = conventions

    def lignes(self):
        for c in self.conventions:
            total = sum((f.montant for f in c.financements.all()), Decimal("0"))
            yield [
                texte(c.titre),
                texte(c.reference),
                texte(c.employeur.nom),
                c.statut.label,
                date_fr(c.date_signature),
                date_fr(c.date_debut),
                date_fr(c.date_fin),
                date_fr(c.date_resiliation),
                decimal_fr(c.cout_annuel),
                decimal_fr(total),
                texte(", ".join(p.intitule for p in c.postes.all())),
                texte(", ".join(s.site.nom for s in c.sites_couverts.all())),
                len(c.avenants.all()),
            ]


class FinancementsCSV(ExporteurCSV):
    nom_fichier = "financements"
    entetes = [
        "Convention",
        "Employeur",
        "Année",
        "Financeur",
        "Précision",
        "Montant (€)",
        "Part (%)",
    ]

    def __init__(self, financements: list[Financement]):
        self.financements = financements

    def lignes(self):
        from conventions.selectors import part

        totaux: dict[tuple[int, int], Decimal] = {}
        for f in self.financements:
            cle = (f.convention_id, f.annee)
            totaux[cle] = totaux.get(cle, Decimal("0")) + f.montant
        for f in self.financements:
            base = f.convention.cout_annuel or totaux[(f.convention_id, f.annee)]
            pourcentage = part(f.montant, base)
            yield [
                texte(f.convention.titre),
                texte(f.convention.employeur.nom),
                f.annee,
                f.get_financeur_display(),
                texte(f.libelle_financeur),
                decimal_fr(f.montant),
                "" if pourcentage is None else str(pourcentage).replace(".", ","),
            ]


class FichePDF:
    """A one-page summary of a convention, rendered by WeasyPrint from an HTML template."""

    format = "pdf"
    gabarit = "conventions/fiche_pdf.html"

    def __init__(self, convention: Convention, *, financements, obligations):
        self.convention = convention
        self.financements = financements
        self.obligations = obligations

    def tableau_croise(self) -> tuple[list[str], list[tuple]]:
        """Years as rows, funders as columns: a few lines whatever the number of funding lines."""
        financeurs: list[str] = []
        for annee in self.financements:
            for ligne in annee.lignes:
                if ligne.financement.nom_financeur not in financeurs:
                    financeurs.append(ligne.financement.nom_financeur)
        lignes = []
        for annee in self.financements:
            montants = {}
            for ligne in annee.lignes:
                nom = ligne.financement.nom_financeur
                montants[nom] = montants.get(nom, Decimal("0")) + ligne.financement.montant
            lignes.append(
                (annee.annee, [montants.get(f) for f in financeurs], annee.total, annee.part_totale)
            )
        return financeurs, lignes

    def html(self) -> str:
        financeurs, lignes = self.tableau_croise()
        return render_to_string(
            self.gabarit,
            {
                "convention": self.convention,
                "financeurs": financeurs,
                "lignes_financement": lignes,
                "obligations": self.obligations[:8],
                "edite_le": timezone.localdate(),
            },
        )

    def exporter(self) -> tuple[str, str, bytes]:
        from weasyprint import HTML

        contenu = HTML(string=self.html()).write_pdf()
        return f"convention-{self.convention.pk}.pdf", TYPE_PDF, contenu
