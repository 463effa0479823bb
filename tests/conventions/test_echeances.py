import datetime

import pytest

from conventions.echeances import (
    TypeObligation,
    calendrier,
    obligations_a_venir,
    rapports_en_retard,
)
from tests.conventions.factories import ConventionFactory

pytestmark = pytest.mark.django_db
J = datetime.date


def _par_type(obligations, type_):
    return [o for o in obligations if o.type == type_]


def test_trois_ans_donnent_douze_comptes_rendus_et_trois_bilans():
    obligations = calendrier(ConventionFactory(date_debut=J(2024, 1, 1), date_fin=J(2026, 12, 31)))
    trimestriels = _par_type(obligations, TypeObligation.COMPTE_RENDU_TRIMESTRIEL)
    bilans = _par_type(obligations, TypeObligation.BILAN_ANNUEL)
    assert len(trimestriels) == 12
    assert [b.echeance for b in bilans] == [J(2025, 3, 31), J(2026, 3, 31), J(2027, 3, 31)]


def test_compte_rendu_du_a_la_fin_du_mois_suivant_le_trimestre():
    obligations = calendrier(ConventionFactory(date_debut=J(2024, 1, 1), date_fin=J(2026, 12, 31)))
    trimestriels = _par_type(obligations, TypeObligation.COMPTE_RENDU_TRIMESTRIEL)
    assert (trimestriels[0].periode, trimestriels[0].echeance) == ("T1 2024", J(2024, 4, 30))
    assert (trimestriels[3].periode, trimestriels[3].echeance) == ("T4 2024", J(2025, 1, 31))


def test_debut_en_cours_de_trimestre_compte_ce_trimestre():
    obligations = calendrier(ConventionFactory(date_debut=J(2024, 2, 15), date_fin=J(2024, 12, 31)))
    trimestriels = _par_type(obligations, TypeObligation.COMPTE_RENDU_TRIMESTRIEL)
    assert [o.periode for o in trimestriels] == ["T1 2024", "T2 2024", "T3 2024", "T4 2024"]


def test_preavis_de_renouvellement_six_mois_avant_la_fin():
    obligations = calendrier(ConventionFactory(date_fin=J(2026, 12, 31)))
    preavis = _par_type(obligations, TypeObligation.PREAVIS_RENOUVELLEMENT)
    assert [o.echeance for o in preavis] == [J(2026, 6, 30)]


def test_resiliation_arrete_les_obligations_et_supprime_le_preavis():
    obligations = calendrier(ConventionFactory(date_resiliation=J(2025, 1, 1)))
    trimestriels = _par_type(obligations, TypeObligation.COMPTE_RENDU_TRIMESTRIEL)
    assert trimestriels[-1].periode == "T4 2024"
    assert _par_type(obligations, TypeObligation.PREAVIS_RENOUVELLEMENT) == []


def test_un_brouillon_n_a_pas_d_obligation():
    assert calendrier(ConventionFactory(date_signature=None)) == []


@pytest.mark.parametrize(
    "jour, en_retard",
    [
        (J(2025, 4, 30), False),  # due date itself: not late yet
        (J(2025, 5, 1), True),
        (J(2025, 7, 29), True),  # 90 days after 30 April
        (J(2025, 7, 30), False),  # past the window
    ],
)
def test_rapport_en_retard_aux_bornes(jour, en_retard):
    convention = ConventionFactory(date_debut=J(2025, 1, 1), date_fin=J(2027, 12, 31))
    retards = rapports_en_retard([convention], jour)
    assert any(o.periode == "T1 2025" for o in retards) is en_retard


def test_obligations_a_venir_dans_l_horizon():
    convention = ConventionFactory(date_debut=J(2024, 1, 1), date_fin=J(2026, 12, 31))
    a_venir = obligations_a_venir([convention], J(2026, 6, 1), mois=1)
    assert [(o.type, o.echeance) for o in a_venir] == [
        (TypeObligation.PREAVIS_RENOUVELLEMENT, J(2026, 6, 30))
    ]


def _periodes_en_retard(convention, jour):
    return {o.periode for o in rapports_en_retard([convention], jour)}


def test_compte_rendu_transmis_par_chaque_poste_n_est_plus_en_retard(monde):
    from tests.rapports.factories import CompteRenduFactory

    convention = ConventionFactory(
        employeur=monde.employeur,
        postes=[monde.poste],
        date_debut=J(2025, 1, 1),
        date_fin=J(2027, 12, 31),
    )
    assert "T1 2025" in _periodes_en_retard(convention, J(2025, 5, 2))

    CompteRenduFactory(poste=monde.poste, annee=2025, trimestre=1, transmis=True)
    assert "T1 2025" not in _periodes_en_retard(convention, J(2025, 5, 2))


def test_compte_rendu_en_brouillon_reste_en_retard(monde):
    from tests.rapports.factories import CompteRenduFactory

    convention = ConventionFactory(
        employeur=monde.employeur, postes=[monde.poste], date_debut=J(2025, 1, 1)
    )
    CompteRenduFactory(poste=monde.poste, annee=2025, trimestre=1)
    assert "T1 2025" in _periodes_en_retard(convention, J(2025, 5, 2))


def test_bilan_transmis_pour_un_site_de_la_convention_la_libere(monde):
    from tests.rapports.factories import BilanAnnuelFactory

    convention = ConventionFactory(
        employeur=monde.employeur,
        postes=[monde.poste],
        date_debut=J(2024, 1, 1),
        date_fin=J(2026, 12, 31),
    )
    assert "2024" in _periodes_en_retard(convention, J(2025, 4, 2))
    BilanAnnuelFactory(
        site=monde.commissariat, departement=monde.departement, annee=2024, transmis=True
    )
    assert "2024" not in _periodes_en_retard(convention, J(2025, 4, 2))
