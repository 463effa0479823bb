import calendar
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from intervenants.models import ActionJournal, Journal
from intervenants.services import journaliser


def il_y_a_mois(moment: datetime.datetime, mois: int) -> datetime.datetime:
    """Same day and time ``mois`` months earlier (clamped to the end of a shorter month)."""
    total = moment.year * 12 + moment.month - 1 - mois
    annee, mois_0 = divmod(total, 12)
    jour = min(moment.day, calendar.monthrange(annee, mois_0 + 1)[1])
    return moment.replace(year=annee, month=mois_0 + 1, day=jour)


@transaction.atomic
def purger_journal(*, mois: int, executer: bool) -> tuple[int, datetime.datetime]:
    """Delete journal entries older than ``mois`` months; the purge journals itself.

    The append-only trigger lets a DELETE through only in a transaction that says so
    with SET LOCAL; the flag dies with the transaction.
    """
    limite = il_y_a_mois(timezone.now(), mois)
    anciennes = Journal.objects.filter(horodatage__lt=limite)
    if not executer:
        return anciennes.count(), limite
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL trait_union.purge_journal = 'on'")
    nombre, _ = anciennes.delete()
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL trait_union.purge_journal = 'off'")
    # Written after the DELETE, dated now: this run can never erase its own trace.
    journaliser(
        utilisateur=None,
        action=ActionJournal.PURGE,
        details={"journal": nombre, "avant": limite.isoformat(), "mois": mois},
    )
    return nombre, limite


class Command(BaseCommand):
    help = (
        "Supprime les entrées du journal des accès plus anciennes que JOURNAL_RETENTION_MOIS "
        "(12 mois par défaut). Simulation par défaut ; --execute pour supprimer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--execute", action="store_true", help="supprimer réellement (sinon : simulation)"
        )
        parser.add_argument(
            "--mois",
            type=int,
            default=None,
            help="durée de conservation en mois (défaut : JOURNAL_RETENTION_MOIS, 12)",
        )

    def handle(self, *args, execute, mois, **options):
        mois = mois if mois is not None else getattr(settings, "JOURNAL_RETENTION_MOIS", 12)
        if mois < 1:
            raise CommandError("La durée de conservation doit être d'au moins un mois.")
        nombre, limite = purger_journal(mois=mois, executer=execute)
        avant = timezone.localtime(limite).strftime("%d/%m/%Y %H:%M")
        if execute:
            self.stdout.write(
                f"{nombre} entrée(s) du journal antérieure(s) au {avant} supprimée(s)."
            )
        else:
            self.stdout.write(
                f"Simulation : {nombre} entrée(s) du journal antérieure(s) au {avant} "
                "seraient supprimée(s). Relancez avec --execute pour supprimer."
            )
