from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from intervenants import services
from intervenants.models import ActionJournal


class Command(BaseCommand):
    help = (
        "Aligne les permissions de chaque compte sur ses affectations du jour "
        "(à lancer chaque nuit : une affectation arrivée à échéance perd ses droits)."
    )

    def handle(self, *args, **options):
        modifies = [
            u.get_username()
            for u in get_user_model().objects.order_by("pk")
            if services.synchroniser_permissions(utilisateur=u)
        ]
        services.journaliser(
            utilisateur=None,
            action=ActionJournal.PERMISSIONS_SYNCHRONISEES,
            details={"comptes_modifies": len(modifies)},
        )
        self.stdout.write(f"{len(modifies)} compte(s) mis à jour.")
