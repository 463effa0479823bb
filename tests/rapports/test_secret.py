"""The cube of rapports/secret.py: what it hides, when it is computed, what pages read.

The attack on everything a reader downloads is tests/rapports/test_attaque.py; here, the
review's own cases on hand-made counts, and the life of the stored decisions.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapports import secret
from rapports.models import SecretCalcule
from rapports.statistiques import Perimetre
from tests.accueil.factories import SituationFactory

TABLEAU_DE_BORD = reverse("rapports:tableau_de_bord")


def _donnees(monde, situations_par_trimestre: dict, annee=2025) -> secret.Donnees:
    """Counts made by hand: women's new situations of the shared post, per quarter."""
    postes = secret.composante([monde.poste.pk])
    donnees = secret.Donnees(postes, annee)
    for dimension, codes in secret._codes_publies().items():
        donnees.codes[dimension] |= codes
    for trimestre, n in situations_par_trimestre.items():
        if n:
            donnees.n[(monde.poste.pk, trimestre, "sexe", "F")] = n
    return donnees


def _cachee(donnees, cachees, ensemble, periode, variable) -> bool:
    masque = secret.Masque(donnees, cachees, set(secret.ensembles(donnees.postes)))
    return masque.case(ensemble, periode, variable)[0]


def test_la_composante_reunit_les_postes_d_un_meme_departement(monde):
    assert secret.composante([monde.poste.pk]) == tuple(
        sorted([monde.poste.pk, monde.poste_autre.pk])
    )
    ensembles = secret.ensembles(secret.composante([monde.poste.pk]))
    assert (monde.poste.pk,) in ensembles
    assert tuple(sorted([monde.poste.pk, monde.poste_autre.pk])) in ensembles


def test_le_trimestre_de_la_revue_ne_se_deduit_plus_de_l_annee(monde):
    """The review: year 97, Q1 0, Q3 43, Q4 44, so Q2 = 10 was given back by subtraction."""
    donnees = _donnees(monde, {"T1": 0, "T2": 10, "T3": 43, "T4": 44})
    cachees = secret.proteger(donnees)
    poste = (monde.poste.pk,)

    def cachee(periode, variable="situations"):
        return _cachee(donnees, cachees, poste, periode, variable)

    assert cachee("T2")
    # A second cell of the year's equation is hidden with it: year or another quarter.
    assert cachee("A") or cachee("T3") or cachee("T4")
    # Zeros stay zeros.
    assert not cachee("T1")
    assert secret.Masque(donnees, cachees, set(secret.ensembles(donnees.postes))).case(
        poste, "T1", "situations"
    ) == (False, 0)


def test_rien_n_est_cache_quand_aucun_petit_effectif(monde):
    donnees = _donnees(monde, {"T1": 30, "T2": 25, "T3": 43, "T4": 44})
    assert secret.proteger(donnees) == set()


def test_le_calcul_est_le_meme_a_chaque_fois(monde):
    donnees = _donnees(monde, {"T1": 3, "T2": 10, "T3": 43, "T4": 14})
    assert secret.proteger(donnees) == secret.proteger(donnees)


def test_une_case_cachee_n_est_jamais_une_case_publiee_sous_un_autre_nom(monde):
    """A grid column and the table row with the same codes are one cell."""
    donnees = _donnees(monde, {"T1": 2, "T2": 20, "T3": 20, "T4": 20})
    cachees = secret.proteger(donnees)
    poste = (monde.poste.pk,)
    assert _cachee(donnees, cachees, poste, "A", "sexe:F") == _cachee(
        donnees, cachees, poste, "A", "situations_femmes"
    )
    assert _cachee(donnees, cachees, poste, "T1", "sexe:F")


@pytest.fixture
def situations(monde):
    def creer(jours):
        for jour in jours:
            SituationFactory(personne__poste=monde.poste, poste=monde.poste, date_ouverture=jour)

    return creer


def test_le_calcul_stocke_est_relu_tant_que_les_effectifs_ne_changent_pas(monde, situations):
    situations([datetime.date(2025, 5, j) for j in range(1, 15)])
    postes = secret.composante([monde.poste.pk])
    _, recalcule = secret.calculer_masque(postes, 2025)
    assert recalcule
    _, recalcule = secret.calculer_masque(postes, 2025)
    assert not recalcule
    situations([datetime.date(2025, 6, 2)])
    masque, recalcule = secret.calculer_masque(postes, 2025)
    assert recalcule
    assert masque.case((monde.poste.pk,), "T2", "situations") == (False, 15)
    # What is stored: counts and cell digests, no name, no record id.
    stocke = SecretCalcule.objects.get()
    assert {ligne[2] for ligne in stocke.effectifs} <= {
        "sexe",
        "mineur",
        "tranche_age",
        "statut",
        "problematique",
        "connu_ss",
        "enfants",
        "femme_majeure",
        "suite",
        "repetition",
        "cloture",
    }


def test_un_cube_stocke_est_decode_une_fois_par_version(monde, situations):
    """Every statistics page outside the post reads its component's stored cube: it is
    decoded once per version and process (issue 18), and a new version (the night's
    computation, a report validated, a row changed in SQL) is read at once."""
    situations([datetime.date(2025, 5, j) for j in range(1, 15)])
    postes = secret.composante([monde.poste.pk])
    secret.calculer_masque(postes, 2025)
    premier = secret.masque(postes, 2025)
    with CaptureQueriesContext(connection) as requetes:
        second = secret.masque(postes, 2025, postes=postes)
    assert second is premier
    assert len(requetes) == 1 and "effectifs" not in requetes[0]["sql"]
    assert second.case((monde.poste.pk,), "T2", "situations") == (False, 14)

    # A new computation on new counts: the new cube, not the one kept.
    situations([datetime.date(2025, 6, 2)])
    secret.calculer_masque(postes, 2025)
    assert secret.masque(postes, 2025).case((monde.poste.pk,), "T2", "situations") == (False, 15)

    # The row changed behind the application's back (a restore, a repair by hand).
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("UPDATE rapports_secretcalcule SET effectifs = '[]', empreinte = empreinte")
    assert secret.masque(postes, 2025).case((monde.poste.pk,), "T2", "situations") == (False, 0)


def test_le_chef_lit_le_dernier_calcul_date_puis_celui_de_la_nuit(monde, situations, client_de):
    situations([datetime.date(2025, 5, j) for j in range(1, 15)])
    client = client_de("chef")
    parametres = "?nature=annee&annee=2025"
    s = client.get(TABLEAU_DE_BORD + parametres).context["s"]
    situations_lues = {i["code"]: i["cellules"][0]["texte"] for i in s["indicateurs"]}
    assert situations_lues["situations"] == "14"
    assert s["arrete_le"]
    # A new record today: the chief reads the last audited figures, not a cell that was
    # never audited with the others.
    situations([datetime.date(2025, 6, 2)])
    s = client.get(TABLEAU_DE_BORD + parametres).context["s"]
    assert {i["code"]: i["cellules"][0]["texte"] for i in s["indicateurs"]}["situations"] == "14"
    sortie = io.StringIO()
    call_command("proteger_statistiques", "--annee", "2025", stdout=sortie)
    assert "1 calcul(s)" in sortie.getvalue()
    s = client.get(TABLEAU_DE_BORD + parametres).context["s"]
    assert {i["code"]: i["cellules"][0]["texte"] for i in s["indicateurs"]}["situations"] == "15"
    # The worker reads her exact figures at once, always.
    s = (
        client_de("intervenante")
        .get(TABLEAU_DE_BORD + f"?perimetre=poste-{monde.poste.pk}&nature=annee&annee=2025")
        .context["s"]
    )
    assert {i["code"]: i["cellules"][0]["texte"] for i in s["indicateurs"]}["situations"] == "15"


def test_un_rapport_valide_protege_les_chiffres_du_jour(monde, situations):
    from rapports import services

    situations([datetime.date(2025, 5, j) for j in range(1, 15)])
    bilan = services.creer_bilan(
        auteur=monde["chef"], perimetre=Perimetre("site", monde.commissariat), annee=2025
    )
    assert {
        i["code"]: i["cellules"][0]["texte"]
        for i in services.chiffres_du_rapport(bilan)["indicateurs"]
    }["situations"] == "14"
    situations([datetime.date(2025, 6, 2)])
    bilan = services.valider_rapport(auteur=monde["chef"], rapport=bilan)
    figees = bilan.instantane["statistiques"]
    assert {i["code"]: i["cellules"][0]["texte"] for i in figees["indicateurs"]}[
        "situations"
    ] == "15"
    assert figees["arrete_le"]


def test_le_delai_median_n_est_publie_que_sur_une_case_publiee_d_au_moins_onze(
    monde, situations, client_de
):
    situations([datetime.date(2025, 5, j) for j in range(1, 4)])
    s = client_de("chef").get(TABLEAU_DE_BORD + "?nature=annee&annee=2025").context["s"]
    assert s["delai_median"][0] == "non publié"


def test_une_annee_sans_donnees_ne_cache_rien_et_se_lit(monde, client_de):
    s = client_de("coordinateur").get(TABLEAU_DE_BORD + "?nature=annee&annee=2019").context["s"]
    textes = {c["texte"] for i in s["indicateurs"] for c in i["cellules"]}
    assert textes == {"0"}


class _SimplexQuiSeTrompeUneFois:
    """The HiGHS model of a Programme, whose first solve reports « infeasible » as the
    warm-started simplex once did on the national benchmark (issue 18)."""

    def __init__(self, h):
        self._h, self._erreurs, self.relances = h, 1, 0

    def __getattr__(self, nom):
        return getattr(self._h, nom)

    def run(self):
        self._h.run()
        self._statut = None
        if self._erreurs:
            self._erreurs -= 1
            self._statut = secret.highspy.HighsModelStatus.kInfeasible

    def getModelStatus(self):
        return self._statut or self._h.getModelStatus()

    def clearSolver(self):
        self.relances += 1
        self._statut = None
        return self._h.clearSolver()


def test_un_faux_infaisable_du_simplexe_est_resolu_de_nouveau(monde, monkeypatch):
    """The reader's system is feasible by construction: a solver that says otherwise once is
    asked again from scratch, and the cells hidden are those of a clean run."""
    donnees = _donnees(monde, {"T1": 3, "T2": 10, "T3": 43, "T4": 14})
    attendu = secret.proteger(donnees)
    simplexes = []
    initial = secret.Programme.__init__

    def avec_un_simplexe_fautif(self, *args, **kwargs):
        initial(self, *args, **kwargs)
        self.h = _SimplexQuiSeTrompeUneFois(self.h)
        simplexes.append(self.h)

    monkeypatch.setattr(secret.Programme, "__init__", avec_un_simplexe_fautif)
    assert secret.proteger(donnees) == attendu
    assert any(s.relances == 1 for s in simplexes)


def test_un_systeme_vraiment_infaisable_reste_une_erreur(monde, monkeypatch):
    donnees = _donnees(monde, {"T1": 3, "T2": 10, "T3": 43, "T4": 14})
    initial = secret.Programme.__init__

    def toujours_fautif(self, *args, **kwargs):
        initial(self, *args, **kwargs)
        self.h = _SimplexQuiSeTrompeUneFois(self.h)
        self.h._erreurs = 10**6

    monkeypatch.setattr(secret.Programme, "__init__", toujours_fautif)
    monkeypatch.setattr(_SimplexQuiSeTrompeUneFois, "clearSolver", lambda self: None)
    with pytest.raises(RuntimeError, match="audit du secret"):
        secret.proteger(donnees)
