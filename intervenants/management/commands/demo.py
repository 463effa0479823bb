import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from intervenants import demo
from intervenants.demo import COMPTES

# Each area adds its demo records after the organisation, in this order, when it has a
# ``demo`` module with a ``peupler(contexte)`` function.
ETAPES = ["conventions", "accueil", "rapports"]


class Command(BaseCommand):
    help = "Crée (ou complète) les données de démonstration. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--si-vide",
            action="store_true",
            help="Ne rien créer si la base contient déjà des comptes.",
        )

    def handle(self, *args, si_vide=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Les données de démonstration ne se créent qu'en développement (DEBUG=1) : "
                "leurs comptes partagent le mot de passe « demo »."
            )
        if si_vide and get_user_model().objects.exists():
            self.stdout.write(
                "La base contient déjà des comptes : données de démonstration inchangées."
            )
        else:
            self._peupler()
        self.stdout.write(
            f"Comptes de démonstration (mot de passe « {settings.MOT_DE_PASSE_DEMO} ») :"
        )
        for username, prenom, nom, role, _, _ in COMPTES:
            self.stdout.write(f"  {username:<14} {prenom} {nom} — {role.label}")

    def _peupler(self):
        with transaction.atomic():
            contexte = demo.peupler()
            for app in ETAPES:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.peupler(contexte)

        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
