from django.core.management.base import BaseCommand
from django.db import connection, transaction

from accueil.chiffrement import chiffreur, rechiffrer_jeton
from accueil.models import (
    Entretien,
    NotePassation,
    PieceJointe,
    Rappel,
    RendezVous,
    Requisition,
    Transmission,
)
from intervenants.models import ActionJournal
from intervenants.services import journaliser

CHAMPS = [
    (Entretien, "notes"),
    (Transmission, "resume"),
    (RendezVous, "motif"),
    (Rappel, "motif"),
    (NotePassation, "texte"),
    (PieceJointe, "titre"),
    (PieceJointe, "nom_original"),
    (Requisition, "objet"),
    (Requisition, "transmis"),
]
LOT = 500
# Attachments are up to 10 MB each: a few at a time.
LOT_PIECES = 20


class Command(BaseCommand):
    help = (
        "Rechiffre les notes, résumés, motifs d'agenda, notes de passation et pièces jointes "
        "sous la première clé de CHIFFREMENT_CLES. "
        "À lancer après avoir ajouté une clé en tête ; l'ancienne peut ensuite être retirée."
    )

    def handle(self, *args, **options):
        total = 0
        for modele, champ in CHAMPS:
            table = modele._meta.db_table
            colonne = modele._meta.get_field(champ).column
            # Raw tokens, read and written without going through the decrypting field.
            pks = list(modele.objects.exclude(**{champ: ""}).values_list("pk", flat=True))
            for debut in range(0, len(pks), LOT):
                lot = pks[debut : debut + LOT]
                with transaction.atomic(), connection.cursor() as curseur:
                    curseur.execute(
                        f'SELECT id, "{colonne}" FROM "{table}" WHERE id = ANY(%s) FOR UPDATE',  # noqa: S608
                        [lot],
                    )
                    nouveaux = [(rechiffrer_jeton(jeton), pk) for pk, jeton in curseur.fetchall()]
                    curseur.executemany(
                        f'UPDATE "{table}" SET "{colonne}" = %s WHERE id = %s',  # noqa: S608
                        nouveaux,
                    )
                total += len(lot)
        pieces = self._rechiffrer_pieces()
        journaliser(
            utilisateur=None,
            action=ActionJournal.MODIFICATION,
            details={"rechiffrement": total, "pieces": pieces},
        )
        self.stdout.write(
            f"{total} texte(s) rechiffré(s) et {pieces} pièce(s) jointe(s) rechiffrée(s) sous "
            "la clé la plus récente."
        )

    def _rechiffrer_pieces(self) -> int:
        """The content of every attachment, a few rows per transaction, locked while rewritten."""
        fernet = chiffreur()
        pks = list(PieceJointe.objects.order_by("pk").values_list("pk", flat=True))
        for debut in range(0, len(pks), LOT_PIECES):
            with transaction.atomic():
                for pk, contenu in (
                    PieceJointe.objects.filter(pk__in=pks[debut : debut + LOT_PIECES])
                    .select_for_update()
                    .values_list("pk", "contenu")
                ):
                    PieceJointe.objects.filter(pk=pk).update(contenu=fernet.rotate(bytes(contenu)))
        return len(pks)
