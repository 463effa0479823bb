"""End an affectation from the server's shell (the Django admin shows them read-only)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from intervenants import services
from intervenants.models import Affectation


class Command(BaseCommand):
    help = (
        "Termine une affectation : plus de droits à partir de --fin (par défaut aujourd'hui). "
        "Les nominations d'intervenant·es se terminent aussi depuis « L'équipe »."
    )

    def add_arguments(self, parser):
        parser.add_argument("affectation", type=int, help="numéro de l'affectation")
        parser.add_argument(
            "--fin", type=datetime.date.fromisoformat, help="premier jour sans droits, AAAA-MM-JJ"
        )

    def handle(self, *args, affectation, fin, **options):
        objet = Affectation.objects.filter(pk=affectation).first()
        if objet is None:
            raise CommandError(f"Aucune affectation n° {affectation}.")
        try:
            services.terminer_affectation(affectation=objet, date_fin=fin)
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from erreur
        self.stdout.write(
            f"Affectation n° {objet.pk} terminée : plus de droits le {objet.date_fin}."
        )
