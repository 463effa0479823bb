import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from intervenants.models import ActionJournal, Journal
from intervenants.services import journaliser

pytestmark = pytest.mark.django_db

ERREURS_BASE = (IntegrityError, InternalError, ProgrammingError)


def test_le_journal_refuse_la_modification(monde):
    entree = journaliser(utilisateur=monde["chef"], action=ActionJournal.CONNEXION)
    with pytest.raises(ERREURS_BASE), transaction.atomic():
        Journal.objects.filter(pk=entree.pk).update(action=ActionJournal.EXPORT)
    entree.refresh_from_db()
    assert entree.action == ActionJournal.CONNEXION


def test_le_journal_refuse_la_suppression(monde):
    entree = journaliser(utilisateur=monde["chef"], action=ActionJournal.CONNEXION)
    with pytest.raises(ERREURS_BASE), transaction.atomic():
        Journal.objects.filter(pk=entree.pk).delete()
    assert Journal.objects.filter(pk=entree.pk).exists()


def test_la_purge_explicite_peut_supprimer(monde):
    entree = journaliser(utilisateur=monde["chef"], action=ActionJournal.CONNEXION)
    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SET LOCAL trait_union.purge_journal = 'on'")
        Journal.objects.filter(pk=entree.pk).delete()
    assert not Journal.objects.filter(pk=entree.pk).exists()
