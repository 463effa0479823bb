"""Fill a dedicated benchmark database with a national-scale dataset (docs/performance.md).

Available with the benchmark's settings only:
``DJANGO_SETTINGS_MODULE=tests.perf.settings python manage.py generer_volume``."""

from django.core.management.base import BaseCommand, CommandError

from tests.perf import volume


class Command(BaseCommand):
    help = (
        "Génère un jeu de données à l'échelle nationale (COPY PostgreSQL) pour le banc de "
        "performance. À n'utiliser que sur une base dédiée au banc : la commande refuse une "
        "base qui contient déjà d'autres données, sauf --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--postes", type=int, default=600, help="nombre de postes (600)")
        parser.add_argument("--annees", type=int, default=2, help="années d'activité (2)")
        parser.add_argument("--graine", type=int, default=2026, help="graine du tirage")
        parser.add_argument(
            "--force",
            action="store_true",
            help="écrire même si la base contient déjà des données (jamais en production)",
        )

    def handle(self, *args, postes, annees, graine, force, **options):
        if postes < 1 or annees < 1:
            raise CommandError("--postes et --annees doivent être positifs.")
        if not force and volume.donnees_non_generees():
            raise CommandError(
                "Cette base contient des données qui ne viennent pas de generer_volume. "
                "Utilisez une base dédiée au banc (voir docs/performance.md), ou --force."
            )
        if not force and volume.deja_generee():
            raise CommandError(
                "Cette base contient déjà un jeu généré : videz-la (ou --force pour en ajouter un)."
            )
        lignes = volume.generer(
            postes=postes,
            annees=annees,
            graine=graine,
            sortie=self.stderr._out,
            journal=lambda message: self.stdout.write(message),
        )
        for table, nombre in lignes.items():
            self.stdout.write(f"{table:>16} : {nombre:>10,}".replace(",", " "))
        self.stdout.write(self.style.SUCCESS("Jeu de données généré."))
