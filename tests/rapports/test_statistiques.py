"""The figures equal independent raw SQL counts on generated data."""

import datetime

import pytest
from django.db import connection
from django.db.models.functions import Now

from accueil.models import Personne
from rapports.statistiques import Perimetre, Periode, calculer

ANNEE = 2025


def _sql(requete, params):
    with connection.cursor() as curseur:
        curseur.execute(requete, params)
        return curseur.fetchall()


def _groupes(requete, params):
    return dict(_sql(requete, params))


@pytest.fixture
def stats(monde, activite):
    return calculer(Perimetre("poste", monde.poste), Periode.de_l_annee(ANNEE))


BORNES = [datetime.date(ANNEE, 1, 1), datetime.date(ANNEE, 12, 31)]


def _params(monde):
    return [monde.poste.pk, *BORNES]


def _colonne(tableau, indice=0):
    return {
        code: n
        for (code, _), n in zip(tableau.lignes, tableau.colonnes[indice][1], strict=True)
        if n
    }


def test_personnes_rencontrees_egales_au_compte_sql(stats, monde):
    attendu = _sql(
        "SELECT COUNT(DISTINCT s.personne_id) FROM accueil_entretien e "
        "JOIN accueil_situation s ON s.id = e.situation_id "
        "WHERE s.poste_id = %s AND e.date BETWEEN %s AND %s AND e.mode <> 'sans_reponse'",
        _params(monde),
    )[0][0]
    assert attendu > 0
    assert {c: v for c, _, v, _ in stats.indicateurs}["personnes"] == attendu


def test_nouvelles_situations_et_profil_egaux_au_sql(stats, monde):
    for cle, colonne in [
        ("sexe", "sexe"),
        ("tranches_age", "tranche_age"),
        ("statuts", "statut_affaire"),
    ]:
        attendu = _groupes(
            f"SELECT {colonne}, COUNT(*) FROM accueil_situation "  # noqa: S608
            f"WHERE poste_id = %s AND date_ouverture BETWEEN %s AND %s GROUP BY {colonne}",
            _params(monde),
        )
        assert _colonne(stats.tableau(cle)) == attendu, cle


def test_problematiques_egales_au_sql(stats, monde):
    attendu = _groupes(
        "SELECT p, COUNT(*) FROM accueil_situation, unnest(problematiques) AS p "
        "WHERE poste_id = %s AND date_ouverture BETWEEN %s AND %s GROUP BY p",
        _params(monde),
    )
    assert _colonne(stats.tableau("problematiques")) == attendu


@pytest.mark.parametrize(
    ("cle", "table", "colonne"),
    [
        ("actes", "accueil_acte", "type"),
        ("modes_entretien", "accueil_entretien", "mode"),
        ("orientations_partenaires", "accueil_orientation", "type_partenaire"),
        ("orientations_issues", "accueil_orientation", "issue"),
        ("transmissions", "accueil_transmission", "nature"),
    ],
)
def test_repartitions_des_enregistrements_egales_au_sql(stats, monde, cle, table, colonne):
    attendu = _groupes(
        f"SELECT t.{colonne}, COUNT(*) FROM {table} t "  # noqa: S608
        "JOIN accueil_situation s ON s.id = t.situation_id "
        f"WHERE s.poste_id = %s AND t.date BETWEEN %s AND %s GROUP BY t.{colonne}",
        _params(monde),
    )
    assert _colonne(stats.tableau(cle)) == attendu


def test_origines_egales_au_sql(stats, monde):
    attendu = _groupes(
        "SELECT origine, COUNT(*) FROM accueil_saisine "
        "WHERE poste_id = %s AND date_saisine BETWEEN %s AND %s GROUP BY origine",
        _params(monde),
    )
    assert _colonne(stats.tableau("origines")) == attendu


def test_comparaison_avec_l_annee_precedente(stats, monde):
    attendu = _sql(
        "SELECT COUNT(*) FROM accueil_situation WHERE poste_id = %s "
        "AND date_ouverture BETWEEN %s AND %s",
        [monde.poste.pk, datetime.date(ANNEE - 1, 1, 1), datetime.date(ANNEE - 1, 12, 31)],
    )[0][0]
    assert {c: p for c, _, _, p in stats.indicateurs}["situations"] == attendu


def test_delai_median_egal_au_percentile_sql(stats, monde):
    attendu = _sql(
        "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY GREATEST(c.d - s.d, 0)) FROM "
        "(SELECT situation_id, MIN(date_saisine) d FROM accueil_saisine GROUP BY 1) s JOIN "
        "(SELECT situation_id, MIN(date) d FROM accueil_entretien "
        " WHERE mode <> 'sans_reponse' GROUP BY 1) c USING (situation_id) "
        "JOIN accueil_situation x ON x.id = s.situation_id "
        "WHERE x.poste_id = %s AND x.date_ouverture BETWEEN %s AND %s",
        _params(monde),
    )[0][0]
    assert stats.delai_median == attendu


def test_perimetre_departement_additionne_les_postes(monde, activite):
    periode = Periode.de_l_annee(ANNEE)
    dpt = calculer(Perimetre("departement", monde.departement), periode)
    p1 = calculer(Perimetre("poste", monde.poste), periode)
    p2 = calculer(Perimetre("poste", monde.poste_autre), periode)
    a = {c: v for c, _, v, _ in dpt.indicateurs}
    b = {c: v for c, _, v, _ in p1.indicateurs}
    c = {c: v for c, _, v, _ in p2.indicateurs}
    assert a["situations"] == b["situations"] + c["situations"]


def test_memes_chiffres_apres_effacement_des_identites(monde, activite):
    periode = Periode.de_l_annee(ANNEE)
    avant = calculer(Perimetre("site", monde.commissariat), periode)
    # What the retention purge will do: blank names and phones, keep ids and residue.
    Personne.objects.update(
        anonymisee_le=Now(), nom="", prenom="", telephone="", date_naissance=None
    )
    apres = calculer(Perimetre("site", monde.commissariat), periode)
    assert avant.indicateurs == apres.indicateurs
    assert [t.colonnes for t in avant.tableaux] == [t.colonnes for t in apres.tableaux]


def test_une_requete_par_dimension(monde, activite, django_assert_max_num_queries):
    with django_assert_max_num_queries(50):
        calculer(Perimetre("departement", monde.departement), Periode.de_l_annee(ANNEE))


def test_periodes_precedentes():
    assert Periode.du_trimestre(2026, 1).precedente() == Periode.du_trimestre(2025, 4)
    assert Periode.du_mois(2026, 3).precedente() == Periode.du_mois(2026, 2)
    plage = Periode(datetime.date(2026, 3, 11), datetime.date(2026, 3, 20))
    assert plage.precedente() == Periode(datetime.date(2026, 3, 1), datetime.date(2026, 3, 10))
