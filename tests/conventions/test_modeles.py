import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from conventions.models import (
    Convention,
    StatutConvention,
    ajouter_mois,
    date_fin_par_defaut,
)
from tests.conventions.factories import ConventionFactory, FinancementFactory

pytestmark = pytest.mark.django_db
J = datetime.date


def test_duree_par_defaut_de_trois_ans_fin_incluse():
    assert date_fin_par_defaut(J(2024, 1, 1)) == J(2026, 12, 31)
    assert date_fin_par_defaut(J(2024, 2, 29)) == J(2027, 2, 27)


def test_ajouter_mois_ramene_au_dernier_jour_du_mois():
    assert ajouter_mois(J(2025, 1, 31), 1) == J(2025, 2, 28)
    assert ajouter_mois(J(2025, 8, 31), -6) == J(2025, 2, 28)
    assert ajouter_mois(J(2025, 11, 15), 3) == J(2026, 2, 15)


@pytest.mark.parametrize(
    "jour, attendu",
    [
        (J(2023, 12, 31), StatutConvention.A_VENIR),
        (J(2024, 1, 1), StatutConvention.EN_VIGUEUR),
        (J(2026, 12, 31), StatutConvention.EN_VIGUEUR),
        (J(2027, 1, 1), StatutConvention.EXPIREE),
    ],
)
def test_statut_aux_bornes_des_dates(jour, attendu):
    convention = ConventionFactory(date_debut=J(2024, 1, 1), date_fin=J(2026, 12, 31))
    assert convention.statut_le(jour) == attendu
    calcule = Convention.objects.avec_statut(jour).get(pk=convention.pk).statut_calcule
    assert calcule == attendu


def test_non_signee_reste_en_brouillon_meme_dans_sa_periode():
    convention = ConventionFactory(date_signature=None)
    assert convention.statut_le(J(2025, 6, 1)) == StatutConvention.BROUILLON
    assert Convention.objects.en_vigueur(J(2025, 6, 1)).count() == 0


@pytest.mark.parametrize(
    "jour, attendu",
    [
        (J(2025, 5, 31), StatutConvention.EN_VIGUEUR),
        (J(2025, 6, 1), StatutConvention.RESILIEE),
    ],
)
def test_resiliation_prend_effet_le_jour_indique(jour, attendu):
    convention = ConventionFactory(date_resiliation=J(2025, 6, 1))
    assert convention.statut_le(jour) == attendu
    assert Convention.objects.avec_statut(jour).get().statut_calcule == attendu


@pytest.mark.parametrize(
    "jour, bientot",
    [
        (J(2026, 6, 30), False),
        (J(2026, 7, 1), True),
        (J(2026, 12, 31), True),
        (J(2027, 1, 1), False),
    ],
)
def test_fin_dans_les_six_mois_aux_bornes(jour, bientot):
    convention = ConventionFactory(date_fin=J(2026, 12, 31))
    assert convention.finit_bientot(jour) is bientot
    assert Convention.objects.finissant_bientot(jour).exists() is bientot


def test_preavis_six_mois_avant_la_fin():
    assert ConventionFactory(date_fin=J(2026, 12, 31)).date_preavis == J(2026, 6, 30)


def test_la_base_refuse_une_fin_avant_le_debut():
    with pytest.raises(IntegrityError):
        ConventionFactory(date_debut=J(2024, 1, 1), date_fin=J(2023, 12, 31))


def test_la_base_refuse_un_montant_negatif():
    with pytest.raises(IntegrityError):
        FinancementFactory(montant=Decimal("-1.00"))


def test_les_montants_restent_des_decimaux_exacts():
    convention = ConventionFactory()
    for montant in ("0.10", "0.20"):
        FinancementFactory(convention=convention, montant=Decimal(montant))
    montants = [f.montant for f in convention.financements.all()]
    assert all(isinstance(m, Decimal) for m in montants)
    assert sum(montants) == Decimal("0.30")
