from django.core.management.base import BaseCommand
from django.db import connection, transaction

from accueil.chiffrement import rechiffrer_jeton
from accueil.models import Entretien, Rappel, RendezVous, Requisition, Transmission
from intervenants.models import ActionJournal
from intervenants.services import journaliser

CHAMPS = [
    (Entretien, "notes"),
    (Transmission, "resume"),
    (RendezVous, "motif"),
    (Rappel, "motif"),
    (Requisition, "objet"),
    (Requisition, "transmis"),
]
LOT = 500


class Command(BaseCommand):
    help = (
        "Rechiffre les notes, résumés et motifs d'agenda sous la première clé de CHIFFREMENT_CLES. "
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
        journaliser(
            utilisateur=None, action=ActionJournal.MODIFICATION, details={"rechiffrement": total}
        )
        self.stdout.write(f"{total} texte(s) rechiffré(s) sous la clé la plus récente.")
