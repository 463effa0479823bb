"""Attachments of a situation (issue 17, item 2): recognised, size-limited, encrypted at rest.

- **Recognised by content**: the first bytes (PDF, JPEG, PNG signatures), never the file
  name nor the Content-Type the browser sent.
- **Never in clear on a disk**: the upload is kept in memory by :class:`EnvoiEnMemoire`
  (Django would otherwise spool a large upload to a temporary file), bounded by the size
  limit; the content is then stored as a Fernet token (``CHIFFREMENT_CLES``, the notes'
  keys) in the database.
- **Journaled**: deposit, download, deletion, generated letters (accueil/courriers.py).
"""

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from accueil.chiffrement import chiffreur
from accueil.models import FormatPiece, OriginePiece, Personne, PieceJointe, Situation
from intervenants.models import ActionJournal, Poste
from intervenants.services import journaliser

TAILLE_MAX_PAR_DEFAUT = 10 * 1024 * 1024
TITRE_MAX = 200

# First bytes of each accepted format.
SIGNATURES = (
    (b"%PDF-", FormatPiece.PDF),
    (b"\xff\xd8\xff", FormatPiece.JPEG),
    (b"\x89PNG\r\n\x1a\n", FormatPiece.PNG),
)
LONGUEUR_SIGNATURE = max(len(s) for s, _ in SIGNATURES)


def taille_max_piece() -> int:
    return getattr(settings, "ACCUEIL_TAILLE_MAX_PIECE", TAILLE_MAX_PAR_DEFAUT)


def reconnaitre(debut: bytes) -> str | None:
    """The format of a file from its first bytes, or None."""
    return next((format for signature, format in SIGNATURES if debut.startswith(signature)), None)


def valider_piece(fichier) -> str:
    """Refuse an empty, too large or unrecognised file; return its format."""
    maximum = taille_max_piece()
    if not fichier.size:
        raise ValidationError("Le fichier est vide.", code="vide")
    if fichier.size > maximum:
        raise ValidationError(
            f"Le fichier dépasse la taille maximale de {filesizeformat(maximum)}.",
            code="trop_gros",
        )
    fichier.seek(0)
    format = reconnaitre(fichier.read(LONGUEUR_SIGNATURE))
    fichier.seek(0)
    if format is None:
        raise ValidationError(
            "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (son contenu a été vérifié, "
            "pas seulement son nom).",
            code="type_refuse",
        )
    return format


class EnvoiEnMemoire(MemoryFileUploadHandler):
    """Keep every uploaded file in memory, whatever its size, so that no clear copy is ever
    written to a temporary file; past the size limit, stop keeping bytes but keep counting,
    so that the form can say the file is too large (the truncated file is never stored).

    Installed by the upload view before anything reads the request body."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True

    def new_file(self, *args, **kwargs):
        self.recus = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        garder = taille_max_piece() + 1 - self.recus
        if garder > 0:
            self.file.write(raw_data[:garder])
        self.recus += len(raw_data)


# --- Encryption ---------------------------------------------------------------------------


def chiffrer_octets(octets: bytes) -> bytes:
    return chiffreur().encrypt(octets)


def dechiffrer_octets(jeton: bytes) -> bytes:
    try:
        return chiffreur().decrypt(bytes(jeton))
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Impossible de déchiffrer une pièce jointe : la clé qui l'a chiffrée n'est plus dans "
            "CHIFFREMENT_CLES."
        ) from exc


def contenu_en_clair(piece: PieceJointe) -> bytes:
    return dechiffrer_octets(piece.contenu)


# --- Services -----------------------------------------------------------------------------


def _journal(auteur, action, piece: PieceJointe, situation: Situation, **details):
    journaliser(
        utilisateur=auteur,
        action=action,
        objet=piece,
        poste=Poste(pk=situation.poste_id),
        details={"situation": situation.pk} | details,
    )


def _personne_non_effacee(situation: Situation) -> None:
    """Lock the person (the erasure and the purge lock it too) and refuse an erased one."""
    personne = Personne.objects.select_for_update().get(pk=situation.personne_id)
    if personne.anonymisee_le:
        raise ValidationError(
            "Les données de cette personne sont effacées : aucune pièce ne peut y être ajoutée."
        )


@transaction.atomic
def enregistrer_piece(
    *,
    auteur,
    situation: Situation,
    contenu: bytes,
    format: str,
    titre: str,
    origine: str = OriginePiece.DEPOT,
    nom_original: str = "",
    transmission=None,
) -> PieceJointe:
    """Encrypt and store a file of ``situation`` (already read through the user's scope)."""
    _personne_non_effacee(situation)
    piece = PieceJointe.objects.create(
        situation=situation,
        transmission=transmission,
        origine=origine,
        format=format,
        titre=titre[:TITRE_MAX],
        nom_original=nom_original[:255],
        taille=len(contenu),
        contenu=chiffrer_octets(contenu),
        auteur=auteur,
    )
    _journal(
        auteur,
        ActionJournal.CREATION,
        piece,
        situation,
        origine=origine,
        format=format,
        taille=piece.taille,
        **({"transmission": transmission.pk} if transmission else {}),
    )
    return piece


@transaction.atomic
def deposer_piece(*, auteur, situation: Situation, fichier, titre: str) -> PieceJointe:
    format = valider_piece(fichier)
    fichier.seek(0)
    contenu = fichier.read()
    if len(contenu) != fichier.size:  # a truncated upload (EnvoiEnMemoire past the limit)
        raise ValidationError({"fichier": "Le fichier n'a pas été reçu en entier."})
    return enregistrer_piece(
        auteur=auteur,
        situation=situation,
        contenu=contenu,
        format=format,
        titre=titre,
        nom_original=fichier.name or "",
    )


def journaliser_telechargement(*, auteur, piece: PieceJointe) -> None:
    _journal(auteur, ActionJournal.EXPORT, piece, piece.situation, format=piece.format)


@transaction.atomic
def supprimer_piece(*, auteur, piece: PieceJointe) -> None:
    """Delete a file for good (the row and its encrypted content); journaled, not its content."""
    situation = piece.situation
    pk = piece.pk
    supprimees, _ = PieceJointe.objects.filter(pk=pk).delete()
    if supprimees:
        piece.pk = pk  # the journal names the deleted piece
        _journal(auteur, ActionJournal.PURGE, piece, situation, suppression=True)
