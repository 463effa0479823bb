import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from intervenants.models import ActionJournal, Journal
from intervenants.services import journaliser

pytestmark = pytest.mark.django_db


def _entree(jours: int) -> Journal:
    return Journal.objects.create(
        horodatage=timezone.now() - datetime.timedelta(days=jours),
        action=ActionJournal.CONSULTATION,
    )


def _purger(*args) -> str:
    sortie = StringIO()
    call_command("purger_journal", *args, stdout=sortie)
    return sortie.getvalue()


def test_simulation_ne_supprime_rien():
    ancienne = _entree(400)
    sortie = _purger()
    assert Journal.objects.filter(pk=ancienne.pk).exists()
    assert "Simulation : 1 entrée(s)" in sortie


def test_execute_supprime_les_entrees_de_plus_de_douze_mois_et_garde_les_recentes():
    ancienne, recente = _entree(400), _entree(300)
    _purger("--execute")
    assert not Journal.objects.filter(pk=ancienne.pk).exists()
    assert Journal.objects.filter(pk=recente.pk).exists()


def test_la_purge_est_elle_meme_journalisee_et_survit_a_une_seconde_purge():
    _entree(400)
    _entree(500)
    _purger("--execute")
    trace = Journal.objects.get(action=ActionJournal.PURGE)
    assert trace.details["journal"] == 2
    _purger("--execute")
    assert Journal.objects.filter(pk=trace.pk).exists()


def test_duree_reglable_par_le_reglage(settings):
    settings.JOURNAL_RETENTION_MOIS = 6
    ancienne = _entree(200)
    _purger("--execute")
    assert not Journal.objects.filter(pk=ancienne.pk).exists()


def test_un_delete_ordinaire_reste_refuse_apres_la_purge():
    _entree(400)
    _purger("--execute")
    restante = journaliser(utilisateur=None, action=ActionJournal.CONSULTATION)
    with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic():
        Journal.objects.filter(pk=restante.pk).delete()
    with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic():
        Journal.objects.filter(pk=restante.pk).update(action=ActionJournal.EXPORT)
