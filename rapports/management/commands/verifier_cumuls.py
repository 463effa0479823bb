"""Compare the statistics' running totals with a fresh recomputation (each night)."""

from django.core.management.base import BaseCommand, CommandError

from rapports import cumuls


class Command(BaseCommand):
    help = (
        "Vérifie que les cumuls mensuels tenus par la base (statistiques) sont égaux à un "
        "recalcul complet depuis les dossiers. Sans --reparer, ne modifie rien et échoue "
        "s'il y a un écart ; avec --reparer, recalcule tout."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reparer", action="store_true", help="recalculer les cumuls en cas d'écart"
        )

    def handle(self, *args, reparer, **options):
        ecarts = cumuls.ecarts()
        if not ecarts:
            self.stdout.write(self.style.SUCCESS("Cumuls exacts : aucun écart."))
            return
        for table, cote, cle, valeurs in ecarts:
            self.stdout.write(f"écart {table} ({cote}) {cle} : {valeurs}")
        if reparer:
            cumuls.reconstruire()
            self.stdout.write(self.style.WARNING("Cumuls recalculés depuis les dossiers."))
            return
        raise CommandError(
            f"{len(ecarts)} écart(s) entre les cumuls et les dossiers "
            "(relancer avec --reparer, et signaler l'anomalie)."
        )
