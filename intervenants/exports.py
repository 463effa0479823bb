"""Exports, shared by every app: one CSV writer, one PDF renderer, one download response.

An exporter is a plain class whose ``exporter()`` returns ``(file name, content type,
bytes)`` (pretix's ``base/exporter.py``); it knows nothing of requests or permissions, and
the view or service that runs it journals the export. Kept here, at the bottom of the app
ladder, so that the confidential side, the reports and the conventions can all import it.

- CSV for a French spreadsheet: UTF-8 with a byte-order mark (so Excel detects the
  encoding), ``;`` between columns, CRLF line ends, a decimal comma, dates as dd/mm/yyyy,
  and text that a spreadsheet would run as a formula neutralised.
- PDF: WeasyPrint renders a template extending ``templates/pdf/base.html``, which holds
  the page format, the fonts and the footer with page numbers.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

Export = tuple[str, str, bytes]

TYPE_CSV = "text/csv; charset=utf-8"
TYPE_PDF = "application/pdf"

# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
# "-12", "-3,5": a negative number, which a spreadsheet reads as a number, not a formula.
NOMBRE_FR = re.compile(r"-?\d+(,\d+)?")


# --- CSV ----------------------------------------------------------------------------------


def nombre_fr(valeur: int | Decimal | float | None, decimales: int | None = None) -> str:
    """``Decimal("26000.5")`` → ``"26000,5"`` (``"26000,50"`` with ``decimales=2``)."""
    if valeur is None:
        return ""
    if decimales is not None:
        texte = f"{valeur:.{decimales}f}"
    elif isinstance(valeur, Decimal):
        texte = f"{valeur:f}"  # never "1E+3"
    else:
        texte = str(valeur)
    return texte.replace(".", ",")


def date_fr(jour: datetime.date | None) -> str:
    return jour.strftime("%d/%m/%Y") if jour else ""


def cellule(valeur) -> str:
    """What one value becomes in a CSV cell."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, Decimal | float):
        return nombre_fr(valeur)
    if isinstance(valeur, int):
        return str(valeur)
    if isinstance(valeur, datetime.date) and not isinstance(valeur, datetime.datetime):
        return date_fr(valeur)
    texte = str(valeur)
    if texte.startswith(DEBUTS_DE_FORMULE) and not NOMBRE_FR.fullmatch(texte):
        return f"'{texte}"
    return texte


def ecrire_csv(lignes: Iterable[Sequence]) -> bytes:
    """Rows of values as a CSV that a French Excel opens without an import wizard."""
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerows([cellule(v) for v in ligne] for ligne in lignes)
    return tampon.getvalue().encode("utf-8-sig")


# --- PDF ----------------------------------------------------------------------------------


def rendre_pdf(
    gabarit: str, contexte: dict, *, fichiers_joints: Sequence[tuple[str, bytes]] = ()
) -> bytes:
    """Render a template extending ``pdf/base.html`` to PDF bytes.

    Fonts are the system's DejaVu (``scripts/paquets_debian.sh`` checks they are there),
    named once in the base template. Relative URLs (an image, a stylesheet) resolve against
    ``static/``, never against the current directory. ``fichiers_joints`` (name, bytes) are
    embedded in the PDF as attached files, which a PDF reader lists and saves.
    """
    from weasyprint import HTML, Attachment  # heavy import: only when a PDF is asked for

    html = render_to_string(gabarit, contexte)
    base_url = settings.STATICFILES_DIRS[0].as_uri() + "/"
    # Tagged PDF (structure tree, reading order, the document's <title> and lang="fr"):
    # screen readers read tables and headings as such (docs/decisions.md).
    options = {"pdf_tags": True}
    if fichiers_joints:
        options["attachments"] = [
            Attachment(string=contenu, name=nom) for nom, contenu in fichiers_joints
        ]
    return HTML(string=html, base_url=base_url).write_pdf(**options)


# --- Download -----------------------------------------------------------------------------


def telechargement(export: Export) -> HttpResponse:
    """An export as a file to save; kept out of shared caches: exports are not public."""
    nom, type_contenu, contenu = export
    reponse = HttpResponse(contenu, content_type=type_contenu)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse
