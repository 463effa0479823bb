"""Checks on uploaded signed documents: by content, never by name or declared type."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

SIGNATURE_PDF = b"%PDF-"
# Signed conventions are scans of a few pages; 10 Mo leaves room without inviting abuse.
TAILLE_MAX_PAR_DEFAUT = 10 * 1024 * 1024


def taille_max_document() -> int:
    return getattr(settings, "CONVENTIONS_TAILLE_MAX_DOCUMENT", TAILLE_MAX_PAR_DEFAUT)


def valider_pdf(fichier) -> None:
    """Refuse anything that is not a PDF by its first bytes, or that is too large."""
    maximum = taille_max_document()
    if fichier.size is None or fichier.size == 0:
        raise ValidationError("Le fichier est vide.", code="vide")
    if fichier.size > maximum:
        raise ValidationError(
            f"Le fichier dépasse la taille maximale de {filesizeformat(maximum)}.",
            code="trop_gros",
        )
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    debut = fichier.read(len(SIGNATURE_PDF))
    fichier.seek(position)
    if debut != SIGNATURE_PDF:
        raise ValidationError(
            "Ce fichier n'est pas un PDF : déposez le document signé au format PDF.",
            code="pas_pdf",
        )
