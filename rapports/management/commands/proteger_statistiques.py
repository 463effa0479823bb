"""Protect every component's figures again on today's counts (each night)."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from rapports import secret


class Command(BaseCommand):
    help = (
        "Recalcule le secret statistique (cases masquées hors du poste) de chaque groupe de "
        "postes liés, pour l'année en cours et la précédente, sur les effectifs du jour. "
        "Un groupe dont les effectifs n'ont pas changé n'est pas recalculé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--annee", type=int, action="append", help="année (répétable ; défaut : N et N-1)"
        )

    def handle(self, *args, annee=None, **options):
        annees = annee or [timezone.localdate().year, timezone.localdate().year - 1]
        debut = time.monotonic()
        calcules = 0
        groupes = secret.composantes()
        for postes in groupes:
            for a in annees:
                _, recalcule = secret.calculer_masque(postes, a)
                calcules += recalcule
        self.stdout.write(
            self.style.SUCCESS(
                f"Secret statistique : {calcules} calcul(s) sur "
                f"{len(groupes) * len(annees)} en {time.monotonic() - debut:.1f} s."
            )
        )
