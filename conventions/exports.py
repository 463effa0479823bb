"""Exports of the conventions: plain classes returning (file name, content type, bytes).

The CSV writer and the PDF renderer are the house's (intervenants/exports.py).
"""

from decimal import Decimal

from django.utils import timezone

from conventions.models import Convention, Financement
from intervenants.exports import TYPE_CSV, TYPE_PDF, Export, ecrire_csv, nombre_fr, rendre_pdf


class ExporteurCSV:
    """A list with a header row, in a file named after the day it was exported."""

    format = "csv"
    nom_fichier = "export"
    entetes: list[str] = []

    def lignes(self):
        raise NotImplementedError

    def exporter(self) -> Export:
        nom = f"{self.nom_fichier}-{timezone.localdate():%Y-%m-%d}.csv"
        return nom, TYPE_CSV, ecrire_csv([self.entetes, *self.lignes()])


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
                c.titre,
                c.reference,
                c.employeur.nom,
                c.statut.label,
                c.date_signature,
                c.date_debut,
                c.date_fin,
                c.date_resiliation,
                nombre_fr(c.cout_annuel, 2),
                nombre_fr(total, 2),
                ", ".join(p.intitule for p in c.postes.all()),
                ", ".join(s.site.nom for s in c.sites_couverts.all()),
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
                f.convention.titre,
                f.convention.employeur.nom,
                f.annee,
                f.get_financeur_display(),
                f.libelle_financeur,
                nombre_fr(f.montant, 2),
                pourcentage,
            ]


class FichePDF:
    """A one-page summary of a convention."""

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

    def contexte(self) -> dict:
        financeurs, lignes = self.tableau_croise()
        return {
            "convention": self.convention,
            "financeurs": financeurs,
            "lignes_financement": lignes,
            "obligations": self.obligations[:8],
            "edite_le": timezone.localdate(),
        }

    def exporter(self) -> Export:
        contenu = rendre_pdf(self.gabarit, self.contexte())
        return f"convention-{self.convention.pk}.pdf", TYPE_PDF, contenu
