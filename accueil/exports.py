"""Exports of the confidential side, as plain exporters returning (filename, type, bytes)."""

from django.conf import settings
from django.utils import timezone

from accueil.models import Personne, PieceJointe, Situation
from accueil.pieces import contenu_en_clair
from intervenants.exports import TYPE_PDF, Export, rendre_pdf
from intervenants.models import ActionJournal, Poste
from intervenants.services import journaliser


class DroitDAccesPDF:
    """Everything a post holds on a person (GDPR art. 15), for the worker to hand over.

    ``situations`` come from ``selectors.dossier_complet``: scoped and prefetched.
    The file name carries no name, only the person's number.
    """

    format = "pdf"
    gabarit = "accueil/personne_export_pdf.html"

    def __init__(self, personne: Personne, *, situations: list[Situation]):
        self.personne = personne
        self.situations = situations
        # The attachments, decrypted, are embedded in the PDF (issue 17, item 2).
        self.pieces = list(
            PieceJointe.objects.filter(situation__in=[s.pk for s in situations]).order_by(
                "created_at", "pk"
            )
        )

    def contexte(self) -> dict:
        return {
            "personne": self.personne,
            "situations": self.situations,
            "poste": self.situations[0].poste if self.situations else None,
            "retention_mois": getattr(settings, "RETENTION_MOIS", 24),
            "edite_le": timezone.localtime(),
            "pieces": self.pieces,
        }

    def exporter(self) -> Export:
        contenu = rendre_pdf(
            self.gabarit,
            self.contexte(),
            fichiers_joints=[(p.nom_de_telechargement, contenu_en_clair(p)) for p in self.pieces],
        )
        return f"droit-d-acces-personne-{self.personne.pk}.pdf", TYPE_PDF, contenu


def exporter_droit_d_acces(*, auteur, personne: Personne, situations: list[Situation]) -> Export:
    """Render the right-of-access PDF and journal the export (no content in the journal)."""
    export = DroitDAccesPDF(personne, situations=situations)
    resultat = export.exporter()
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.EXPORT,
        objet=personne,
        poste=Poste(pk=personne.poste_id),
        details={
            "format": "pdf",
            "droit": "acces",
            "situations": len(situations),
            "pieces": len(export.pieces),
        },
    )
    return resultat
