"""Concurrent writes on one post queue behind its lock instead of deadlocking.

Migration rapports 0006: every change to a post's running totals first takes a
transaction advisory lock on the post. Two workers of a shared post saving at the same
moment, each touching the same counters in the opposite order, would otherwise each hold
a row the other needs, and PostgreSQL would abort one of them (an error page).
"""

import datetime
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from accueil.choix import ModeEntretien
from rapports import cumuls
from rapports.models import Cumul
from tests.accueil.factories import (
    ActeFactory,
    EntretienFactory,
    PersonneFactory,
    SituationFactory,
)
from tests.factories import PosteFactory, UserFactory

JOUR = datetime.date(2025, 3, 4)


@pytest.fixture
def deux_situations(transactional_db):
    """Two situations of one post, and one on another post, all committed."""
    poste = PosteFactory()
    auteur = UserFactory()
    a, b = (
        SituationFactory(personne=PersonneFactory(poste=poste), date_ouverture=JOUR)
        for _ in range(2)
    )
    ailleurs = SituationFactory(date_ouverture=JOUR)
    return a, b, ailleurs, auteur


def _dans_un_fil(travail):
    """Run ``travail`` in a thread (its own connection); return its outcome holder."""
    issue = {}

    def lancer():
        try:
            issue["resultat"] = travail()
        except Exception as erreur:  # noqa: BLE001 -- reported to the test
            issue["erreur"] = erreur
        finally:
            connections.close_all()

    fil = threading.Thread(target=lancer)
    fil.start()
    return fil, issue


def test_une_ecriture_sur_le_poste_attend_la_transaction_en_cours(deux_situations):
    a, b, ailleurs, auteur = deux_situations

    def ecrire(situation):
        def travail():
            with transaction.atomic():
                with connection.cursor() as curseur:
                    curseur.execute("SET LOCAL lock_timeout = '300ms'")
                ActeFactory(situation=situation, auteur=auteur, date=JOUR)
            return True

        return travail

    with transaction.atomic():
        EntretienFactory(situation=a, auteur=auteur, date=JOUR)  # holds the post's lock
        fil, meme_poste = _dans_un_fil(ecrire(b))
        fil.join()
        fil, autre_poste = _dans_un_fil(ecrire(ailleurs))
        fil.join()

    assert isinstance(meme_poste.get("erreur"), OperationalError)
    assert "lock timeout" in str(meme_poste["erreur"])
    assert autre_poste == {"resultat": True}
    # Once the first transaction committed, the same write goes through.
    fil, apres = _dans_un_fil(ecrire(b))
    fil.join()
    assert apres == {"resultat": True}


def test_deux_saisies_croisees_sur_le_meme_poste_passent_toutes_les_deux(deux_situations):
    """Worker 1 records an act then an interview, worker 2 an interview then an act, on
    the same post and month: without the post's lock each would wait for the other's
    counter row (deadlock); with it, the second simply waits for the first."""
    a, b, _, auteur = deux_situations
    premier_fait = threading.Event()
    second_fait = threading.Event()

    def second():
        premier_fait.wait(5)
        with transaction.atomic():
            EntretienFactory(situation=b, auteur=auteur, date=JOUR)
            second_fait.set()
            ActeFactory(situation=b, auteur=auteur, date=JOUR)
        return True

    fil, issue = _dans_un_fil(second)
    with transaction.atomic():
        ActeFactory(situation=a, auteur=auteur, date=JOUR)
        premier_fait.set()
        # Without the lock, the other worker would now hold the interview counters.
        second_fait.wait(1)
        EntretienFactory(situation=a, auteur=auteur, date=JOUR)
    fil.join(10)

    assert issue == {"resultat": True}
    poste = a.poste
    assert Cumul.objects.get(poste=poste, dimension="acte", mois=JOUR.replace(day=1)).n == 2
    assert (
        Cumul.objects.get(
            poste=poste, dimension="mode", code=ModeEntretien.PHYSIQUE, mois=JOUR.replace(day=1)
        ).n
        == 2
    )
    assert cumuls.ecarts() == []
