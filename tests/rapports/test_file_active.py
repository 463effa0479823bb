"""The file active (issue 19) equals SQL written by hand on the raw tables.

File active: situations with at least one interview that reached someone (not an
unanswered attempt) in the period, whatever their opening date (docs/rapports.md). For a
post, a shared site, a site of two posts and the département, over a year and its
quarters: the statistics (running-totals path and raw path), the audited cube that every
reader outside the post reads, after writes that move it (an interview moved to another
situation, another date, turned into an unanswered attempt, deleted; a situation moved to
another post, deleted). Months, quarters and years are read from the running totals the
database keeps (rapports_contactssituation and the ``file_active_*`` counters).
"""

import datetime

import pytest
from django.db import connection

from accueil.models import Entretien
from rapports import cumuls, secret
from rapports.publication import publier
from rapports.statistiques import Perimetre, Periode, calculer
from tests.accueil.factories import EntretienFactory, PersonneFactory, SituationFactory

ANNEE = 2025
PERIODES = [Periode.de_l_annee(ANNEE)] + [Periode.du_trimestre(ANNEE, t) for t in range(1, 5)]

FILE_ACTIVE = (
    "SELECT count(*) FROM accueil_situation s WHERE s.poste_id = ANY(%s) AND EXISTS ("
    "SELECT 1 FROM accueil_entretien e WHERE e.situation_id = s.id "
    "AND e.mode <> 'sans_reponse' AND e.date BETWEEN %s AND %s)"
)


def _attendu(perimetre, periode) -> int:
    postes = list(perimetre.postes().values_list("pk", flat=True))
    with connection.cursor() as curseur:
        curseur.execute(FILE_ACTIVE, [postes, periode.debut, periode.fin])
        return curseur.fetchone()[0]


def _lu(stats) -> int:
    return {c: v for c, _, v, _ in stats.indicateurs}["file_active"]


def _perimetres(monde):
    return [
        Perimetre("poste", monde.poste),
        Perimetre("site", monde.commissariat),
        Perimetre("site", monde.brigade_2),  # covered by both posts
        Perimetre("departement", monde.departement),
    ]


def _verifier(monde):
    postes = secret.composante([monde.poste.pk])
    masque = secret.masque(postes, ANNEE, a_jour=True)
    for perimetre in _perimetres(monde):
        ensemble = tuple(sorted(perimetre.postes().values_list("pk", flat=True)))
        for periode in PERIODES:
            attendu = _attendu(perimetre, periode)
            assert _lu(calculer(perimetre, periode)) == attendu, (perimetre.cle, periode)
            assert _lu(calculer(perimetre, periode, direct=True)) == attendu
            code = "A" if periode.nature == "annee" else periode.libelle_court.split()[0]
            # The cube may hide it, never change it.
            assert masque.case(ensemble, code, "file_active")[1] == attendu


@pytest.fixture
def donnees(monde, activite):
    monde.poste_autre.sites.add(monde.brigade_2)
    return activite


def test_la_file_active_egale_le_sql_ecrit_a_la_main(monde, donnees):
    departement = Perimetre("departement", monde.departement)
    annee = _lu(calculer(departement, PERIODES[0]))
    trimestres = [_lu(calculer(departement, p)) for p in PERIODES[1:]]
    # Not a sum of quarters (a situation met in two quarters counts once in the year),
    # and not empty: the comparison is not between zeros.
    assert 0 < max(trimestres) <= annee < sum(trimestres)
    _verifier(monde)


def test_la_file_active_compte_chaque_situation_une_fois(monde):
    """Two interviews of one situation in the quarter: one. An unanswered call: none. A
    situation opened the year before and met this year: counted. Each write moves it."""
    auteur = monde["intervenante"]
    personne = PersonneFactory(poste=monde.poste)
    ancienne = SituationFactory(personne=personne, date_ouverture=datetime.date(ANNEE - 1, 11, 2))
    nouvelle = SituationFactory(personne=personne, date_ouverture=datetime.date(ANNEE, 2, 1))
    poste, t1 = Perimetre("poste", monde.poste), Periode.du_trimestre(ANNEE, 1)

    def file_active(periode=t1) -> int:
        n = _lu(calculer(poste, periode))
        assert n == _lu(calculer(poste, periode, direct=True)) == _attendu(poste, periode)
        return n

    assert file_active() == 0
    EntretienFactory(situation=nouvelle, auteur=auteur, mode="sans_reponse")
    assert file_active() == 0
    premier = EntretienFactory(situation=nouvelle, auteur=auteur, date=datetime.date(ANNEE, 2, 3))
    EntretienFactory(situation=nouvelle, auteur=auteur, date=datetime.date(ANNEE, 3, 9))
    assert file_active() == 1
    EntretienFactory(situation=ancienne, auteur=auteur, date=datetime.date(ANNEE, 1, 20))
    assert file_active() == 2
    # The same person, two situations: one person met, two situations in the file active.
    stats = calculer(poste, t1)
    assert {c: v for c, _, v, _ in stats.indicateurs}["personnes"] == 1
    premier.situation = ancienne
    premier.save()
    assert file_active() == 2  # the March interview still keeps the new one
    Entretien.objects.filter(situation=nouvelle).exclude(mode="sans_reponse").update(
        date=datetime.date(ANNEE, 4, 2)
    )
    assert file_active() == 1
    assert file_active(Periode.du_trimestre(ANNEE, 2)) == 1
    assert file_active(Periode.de_l_annee(ANNEE)) == 2
    Entretien.objects.filter(situation=ancienne).update(mode="sans_reponse")
    assert file_active() == 0
    Entretien.objects.filter(situation=nouvelle).delete()
    assert file_active(Periode.de_l_annee(ANNEE)) == 0


def test_la_file_active_suit_la_situation_d_un_poste_a_l_autre(monde, django_assert_num_queries):
    """Kept by the database: a situation seen in January and March counts once in the
    quarter, in each of its months, on its post; moved to another post, it leaves the
    first post's figures for the second's; deleted, it leaves both. Read in the one query
    of the running totals (no count over the interviews)."""
    auteur = monde["intervenante"]
    situation = SituationFactory(
        personne=PersonneFactory(poste=monde.poste), date_ouverture=datetime.date(ANNEE, 1, 5)
    )
    for jour in (datetime.date(ANNEE, 1, 6), datetime.date(ANNEE, 3, 20)):
        EntretienFactory(situation=situation, auteur=auteur, date=jour)
    ici, la_bas = Perimetre("poste", monde.poste), Perimetre("poste", monde.poste_autre)
    departement = Perimetre("departement", monde.departement)
    periodes = [
        Periode.du_mois(ANNEE, 1),
        Periode.du_mois(ANNEE, 2),
        Periode.du_mois(ANNEE, 3),
        Periode.du_trimestre(ANNEE, 1),
        Periode.de_l_annee(ANNEE),
    ]

    def lus(perimetre) -> list[int]:
        valeurs = [_lu(calculer(perimetre, p)) for p in periodes]
        assert valeurs == [_lu(calculer(perimetre, p, direct=True)) for p in periodes]
        assert valeurs == [_attendu(perimetre, p) for p in periodes]
        return valeurs

    assert lus(ici) == [1, 0, 1, 1, 1]
    assert lus(la_bas) == [0, 0, 0, 0, 0]
    situation.poste = monde.poste_autre
    situation.save()
    assert lus(ici) == [0, 0, 0, 0, 0]
    assert lus(la_bas) == [1, 0, 1, 1, 1]
    assert lus(departement) == [1, 0, 1, 1, 1]
    assert cumuls.ecarts() == []
    with django_assert_num_queries(2):  # the running totals, the names of the sites
        calculer(departement, Periode.du_trimestre(ANNEE, 1))

    situation.entretiens.all().delete()
    situation.delete()
    assert lus(departement) == [0, 0, 0, 0, 0]
    assert cumuls.ecarts() == []


def test_la_file_active_se_publie_par_le_cube(monde, donnees):
    """Outside the post the file active is a cell of the cube: a small one reads
    « masqué », and every published one is the true count."""
    postes = secret.composante([monde.poste.pk])
    masque = secret.masque(postes, ANNEE, a_jour=True)
    vus = 0
    for perimetre in _perimetres(monde):
        ensemble = tuple(sorted(perimetre.postes().values_list("pk", flat=True)))
        for periode in PERIODES:
            publie = publier(calculer(perimetre, periode), 11, a_jour=False)
            cellule = next(i for i in publie["indicateurs"] if i["code"] == "file_active")
            code = "A" if periode.nature == "annee" else periode.libelle_court.split()[0]
            cachee, valeur = masque.case(ensemble, code, "file_active")
            if 0 < valeur < 11:
                assert cachee
            assert cellule["cellules"][0]["texte"] == ("masqué" if cachee else str(valeur))
            vus += 1
    assert vus == 20


def _cube(poste, file_active: dict, personnes: dict, entretiens: dict) -> secret.Masque:
    donnees = secret.Donnees((poste.pk,), ANNEE)
    for dimension, codes in secret._codes_publies().items():
        donnees.codes[dimension] |= codes
    for periode, n in file_active.items():
        donnees.n[(poste.pk, periode, "file_active", "")] = n
    for periode, n in personnes.items():
        donnees.n[(poste.pk, periode, "personnes", "")] = n
    for periode, n in entretiens.items():
        donnees.n[(poste.pk, periode, "mode", "physique")] = n
    return secret.Masque(donnees, secret.proteger(donnees), set(secret.ensembles(donnees.postes)))


def test_le_cube_connait_les_relations_de_la_file_active(monde):
    """The case that would leak: 13, 12 and 12 situations met in the first three quarters,
    40 in the year (each met in one quarter), 3 in the fourth, whose 12 interviews are
    published. A reader knows the year is at most the sum of its quarters (the fourth:
    at least 40 - 37 = 3) and the file active at most the interviews (at most 12): 3 to 12,
    fewer than 11 values. The cube, knowing the same relations, hides one more cell.
    (Without them in rapports/secret.py, this test fails: nothing but the small cell is
    hidden.) People met are many times the same people: their own cells do not bind."""
    masque = _cube(
        monde.poste,
        file_active={"T1": 13, "T2": 12, "T3": 12, "T4": 3, "A": 40},
        personnes={"T1": 13, "T2": 12, "T3": 12, "T4": 3, "A": 20},
        entretiens={"T1": 13, "T2": 12, "T3": 12, "T4": 12},
    )
    ensemble = (monde.poste.pk,)

    def cachee(periode, variable):
        return masque.case(ensemble, periode, variable)[0]

    assert cachee("T4", "file_active") and cachee("T4", "personnes")
    bornes = [cachee("A", "file_active"), cachee("T4", "entretiens")]
    bornes += [cachee(t, "file_active") for t in ("T1", "T2", "T3")]
    assert any(bornes), "la file active du 4e trimestre se lirait entre 3 et 12"
    # Nothing small is published.
    for periode in secret.PERIODES:
        for variable in ("file_active", "personnes", "entretiens"):
            est_cachee, valeur = masque.case(ensemble, periode, variable)
            assert est_cachee or valeur == 0 or valeur >= 11
