"""Concurrent writes on one post queue behind its lock instead of deadlocking.

``cumul_verrouiller`` (accueil/sql/): every change to a post's running totals first takes
a transaction advisory lock on the post. Two workers of a shared post saving at the same
moment, each touching the same counters in the opposite order, would otherwise each hold
a row the other needs, and PostgreSQL would abort one of them (an error page).
"""

import datetime
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from accueil import services
from accueil.choix import ModeEntretien, OuiNonInconnu, Problematique, StatutAffaire, TypeActe
from accueil.models import Situation
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


def _verrouiller_le_poste(poste_id):
    with connection.cursor() as curseur:
        curseur.execute("SELECT cumul_verrouiller(%s)", [poste_id])


def _situation_libre(situation) -> bool:
    """Whether another connection can lock the situation's row right now."""

    def travail():
        with transaction.atomic(), connection.cursor() as curseur:
            curseur.execute("SET LOCAL lock_timeout = '400ms'")
            curseur.execute(
                "UPDATE accueil_situation SET derniere_activite = derniere_activite WHERE id = %s",
                [situation.pk],
            )
        return True

    fil, issue = _dans_un_fil(travail)
    fil.join()
    return issue.get("resultat") is True


SERVICES = {
    "clôture": lambda s, a: services.cloturer_situation(auteur=a, situation=s, jour=JOUR),
    "modification": lambda s, a: services.modifier_situation(
        auteur=a,
        situation=s,
        version=s.version,
        donnees={
            "statut_affaire": StatutAffaire.MIS_EN_CAUSE,
            "problematiques": [Problematique.VC_PHYSIQUES],
            "problematique_principale": Problematique.VC_PHYSIQUES,
            "connu_service_social": OuiNonInconnu.INCONNU,
            "enfants_au_foyer": None,
        },
    ),
    "acte": lambda s, a: services.enregistrer_acte(
        auteur=a, situation=s, date=JOUR, type=TypeActe.EVALUATION
    ),
}


@pytest.mark.parametrize("service", SERVICES)
def test_un_service_prend_le_verrou_du_poste_avant_toute_ligne(deux_situations, service):
    """A service waiting for the post's lock holds no row of the situation yet: otherwise
    it could deadlock with a worker who holds the post's lock (an interview recorded)
    and now touches that situation (its last activity)."""
    a, _, _, auteur = deux_situations
    en_attente = threading.Event()

    def second():
        en_attente.set()
        return SERVICES[service](Situation.objects.get(pk=a.pk), auteur)

    with transaction.atomic():
        _verrouiller_le_poste(a.poste_id)
        fil, issue = _dans_un_fil(second)
        en_attente.wait(5)
        fil.join(0.5)
        assert fil.is_alive(), issue  # the service waits for the post's lock...
        assert _situation_libre(a)  # ...without holding the situation's row
    fil.join(10)
    assert "erreur" not in issue
    assert cumuls.ecarts() == []


def test_une_situation_deplacee_pendant_une_saisie_est_comptee_sur_son_nouveau_poste(
    deux_situations,
):
    """An interview recorded while another transaction moves its situation to another
    post is counted on the post the situation ends up on."""
    a, _, ailleurs, auteur = deux_situations
    deplacee = threading.Event()

    def deplacer():
        with transaction.atomic():
            Situation.objects.filter(pk=a.pk).update(poste_id=ailleurs.poste_id)
            deplacee.set()
            threading.Event().wait(1)  # the interview below waits for this commit
        return True

    fil, issue = _dans_un_fil(deplacer)
    deplacee.wait(5)
    EntretienFactory(situation_id=a.pk, auteur=auteur, date=JOUR)
    fil.join(10)

    assert issue == {"resultat": True}
    assert cumuls.ecarts() == []
    assert Cumul.objects.filter(poste_id=ailleurs.poste_id, dimension="mode").exists()


def test_la_verification_se_contente_du_droit_de_lecture(deux_situations):
    """The nightly check runs under a role that may only read, and takes no lock."""
    a, _, _, auteur = deux_situations
    EntretienFactory(situation=a, auteur=auteur, date=JOUR)
    with connection.cursor() as curseur:
        curseur.execute("DROP ROLE IF EXISTS trait_union_lecture_seule")
        curseur.execute("CREATE ROLE trait_union_lecture_seule")
        curseur.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO trait_union_lecture_seule")
        curseur.execute("SET ROLE trait_union_lecture_seule")
    try:
        resultat = cumuls.ecarts()
    finally:
        with connection.cursor() as curseur:
            curseur.execute("RESET ROLE")
            curseur.execute("DROP OWNED BY trait_union_lecture_seule")
            curseur.execute("DROP ROLE trait_union_lecture_seule")
    assert resultat == []


def test_un_element_vide_dans_les_problematiques_ne_casse_pas_le_recalcul(deux_situations):
    a, *_ = deux_situations
    Situation.objects.filter(pk=a.pk).update(problematiques=[Problematique.VC_PHYSIQUES, None])

    assert cumuls.ecarts() == []
    cumuls.reconstruire()
    assert cumuls.ecarts() == []
