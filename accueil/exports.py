"""Exports of the confidential side, as plain exporters returning (filename, type, bytes)."""

from django.conf import settings
from django.utils import timezone

from accueil.models import Personne, Situation
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

    def contexte(self) -> dict:
        return {
            "personne": self.personne,
            "situations": self.situations,
            "poste": self.situations[0].poste if self.situations else None,
            "retention_mois": getattr(settings, "RETENTION_MOIS", 24),
            "edite_le": timezone.localtime(),
        }

    def exporter(self) -> Export:
        contenu = rendre_pdf(self.gabarit, self.contexte())
        return f"droit-d-acces-personne-{self.personne.pk}.pdf", TYPE_PDF, contenu


def exporter_droit_d_acces(*, auteur, personne: Personne, situations: list[Situation]) -> Export:
    """Render the right-of-access PDF and journal the export (no content in the journal)."""
    resultat = DroitDAccesPDF(personne, situations=situations).exporter()
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.EXPORT,
        objet=personne,
        poste=Poste(pk=personne.poste_id),
        details={"format": "pdf", "droit": "acces", "situations": len(situations)},
    )
    return resultat
