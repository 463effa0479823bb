from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accueil.retention import purger_donnees

LIBELLES = {
    "personnes": "personne(s) anonymisée(s)",
    "situations": "situation(s) concernée(s)",
    "saisines": "saisine(s) dont l'identité déclarée et le motif sont effacés",
    "entretiens": "entretien(s) dont les notes sont effacées",
    "transmissions": "transmission(s) dont le résumé est effacé",
    "rendez_vous": "rendez-vous dont le motif est effacé",
    "rappels": "rappel(s) dont le motif est effacé",
    "notes_passation": "note(s) de passation supprimée(s)",
    "pieces": "pièce(s) jointe(s) supprimée(s)",
    "requisitions": "réquisition(s) dont la demande, la réponse et la référence sont effacées",
}


class Command(BaseCommand):
    help = (
        "Efface l'identité, les coordonnées et les textes libres des personnes dont le dernier "
        "contact date de plus de RETENTION_MOIS mois (24 par défaut) et dont toutes les "
        "situations sont closes. Le résidu statistique est conservé. Simulation par défaut ; "
        "--execute pour effacer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--execute", action="store_true", help="effacer réellement (sinon : simulation)"
        )
        parser.add_argument(
            "--mois",
            type=int,
            default=None,
            help="durée de conservation après le dernier contact (défaut : RETENTION_MOIS, 24)",
        )

    def handle(self, *args, execute, mois, **options):
        mois = mois if mois is not None else getattr(settings, "RETENTION_MOIS", 24)
        if mois < 1:
            raise CommandError("La durée de conservation doit être d'au moins un mois.")
        bilan = purger_donnees(mois=mois, executer=execute)
        if not execute:
            self.stdout.write(f"Simulation (dernier contact il y a plus de {mois} mois) :")
        for champ, nombre in bilan.en_dict().items():
            self.stdout.write(f"  {nombre} {LIBELLES[champ]}")
        if not execute:
            self.stdout.write("Rien n'a été effacé. Relancez avec --execute pour effacer.")
