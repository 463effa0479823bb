"""Issue 17, item 5: the requisitions, counted by answer, are the same whether read from the
running totals (trigger cumul_requisition, rapports/sql/), aggregated from the raw table,
or counted by SQL written here by hand; and their cells enter the cube of the secret
statistique like every other row of a table."""

import datetime
import random

import pytest
from django.db import connection

from accueil.choix import ReponseRequisition
from accueil.models import Requisition
from rapports import cumuls, secret
from rapports.statistiques import Perimetre, Periode, calculer
from tests.accueil.factories import RequisitionFactory, SituationFactory

pytestmark = pytest.mark.django_db

J = datetime.date
PERIODES = [
    Periode.du_mois(2025, 1),
    Periode.du_trimestre(2025, 1),
    Periode.du_trimestre(2024, 4),
    Periode.de_l_annee(2025),
    Periode.de_l_annee(2024),
    Periode(J(2024, 12, 15), J(2025, 2, 10)),  # not whole months: raw table
]


def _a_la_main(postes, periode) -> list[int]:
    """Requisitions received in the period by the posts, per answer, in the table's order."""
    with connection.cursor() as curseur:
        curseur.execute(
            """SELECT reponse, count(*) FROM accueil_requisition
                WHERE poste_id = ANY(%s) AND date BETWEEN %s AND %s GROUP BY reponse""",
            [list(postes), periode.debut, periode.fin],
        )
        comptes = dict(curseur.fetchall())
    return [comptes.get(code, 0) for code in ReponseRequisition.values]


def _activite(monde):
    """Requisitions on both posts over 2024-2025, then moved, changed, deleted."""
    hasard = random.Random(17)
    postes = [monde.poste, monde.poste_autre]
    situation = SituationFactory(personne__poste=monde.poste)
    jours = [J(2024, 12, 31), J(2025, 1, 1), J(2025, 1, 31), J(2025, 3, 31), J(2025, 4, 1)]
    for _ in range(40):
        jour = (
            hasard.choice(jours)
            if hasard.random() < 0.3
            else (J(2024, 1, 1) + datetime.timedelta(days=hasard.randint(0, 730)))
        )
        reponse = hasard.choice(ReponseRequisition.values)
        poste = hasard.choice(postes)
        RequisitionFactory(
            poste=poste,
            situation=situation if poste == monde.poste and hasard.random() < 0.3 else None,
            date=jour,
            date_reponse=jour,
            reponse=reponse,
            motif_refus="" if reponse == "donnee" else "hors_mission",
            auteur=monde["intervenante"],
        )
    ids = list(Requisition.objects.order_by("pk").values_list("pk", flat=True))
    for pk in hasard.sample(ids, 8):  # the answer changed after a second look
        requisition = Requisition.objects.get(pk=pk)
        requisition.reponse, requisition.motif_refus = "refusee", "secret_professionnel"
        requisition.save()
    for pk in hasard.sample(ids, 6):  # a date corrected, across months
        Requisition.objects.filter(pk=pk).update(date=J(2025, 2, 14), date_reponse=J(2025, 2, 14))
    Requisition.objects.filter(pk__in=hasard.sample(ids, 5)).delete()
    Requisition.objects.filter(pk=ids[0]).update(poste=monde.poste_autre)


def test_cumuls_table_brute_et_sql_ecrit_a_la_main_donnent_les_memes_comptes(monde):
    monde.poste_autre.sites.add(monde.brigade_2)
    _activite(monde)
    assert cumuls.ecarts() == []
    perimetres = [
        Perimetre("poste", monde.poste),
        Perimetre("poste", monde.poste_autre),
        Perimetre("site", monde.brigade_2),
        Perimetre("departement", monde.departement),
        Perimetre("national"),
    ]
    ecarts = []
    for perimetre in perimetres:
        postes = perimetre.postes().values_list("pk", flat=True)
        for periode in PERIODES:
            attendu = _a_la_main(postes, periode)
            for direct in (False, True):
                tableau = calculer(perimetre, periode, direct=direct).tableau("requisitions")
                if tableau.colonnes[0][1] != attendu:
                    ecarts.append((perimetre.cle, periode.libelle_court, direct))
    assert ecarts == []
    # Something was counted: the test cannot pass on empty tables.
    assert sum(_a_la_main([monde.poste.pk, monde.poste_autre.pk], Periode.de_l_annee(2025))) > 10


def test_reconstruire_redonne_les_memes_cumuls(monde):
    _activite(monde)
    avant = calculer(Perimetre("departement", monde.departement), Periode.de_l_annee(2025))
    cumuls.reconstruire()
    apres = calculer(Perimetre("departement", monde.departement), Periode.de_l_annee(2025))
    assert avant.tableau("requisitions").colonnes == apres.tableau("requisitions").colonnes


def test_les_requisitions_entrent_dans_le_cube_du_secret_statistique(monde):
    assert {f"requisitions:{code}" for code in ReponseRequisition.values} <= set(
        secret.variables_publiees(secret.Donnees((monde.poste.pk,), 2025))
    )
    RequisitionFactory(poste=monde.poste, date=J(2025, 5, 6), auteur=monde["intervenante"])
    masque = secret.masque([monde.poste.pk], 2025, a_jour=True)
    # One refusal in the year: hidden outside the post, like any small count, and the
    # table's total with it.
    assert masque.case((monde.poste.pk,), "A", "requisitions:refusee") == (True, 1)
    assert masque.case((monde.poste.pk,), "T2", "requisitions") == (True, 1)
