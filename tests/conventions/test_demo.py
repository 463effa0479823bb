import pytest

from conventions import demo as demo_conventions
from conventions.models import Avenant, Convention, Financement, StatutConvention
from intervenants import demo

pytestmark = pytest.mark.django_db


def test_demo_trois_etats_financements_et_avenant_idempotente():
    contexte = demo.peupler()
    demo_conventions.peupler(contexte)
    demo_conventions.peupler(contexte)
    statuts = {c.titre: c.statut_le() for c in Convention.objects.all()}
    assert sorted(statuts.values()) == sorted(
        [StatutConvention.EN_VIGUEUR, StatutConvention.EXPIREE, StatutConvention.BROUILLON]
    )
    assert Avenant.objects.count() == 1
    assert Financement.objects.exists()


def test_demo_leve_les_alertes_du_coordinateur():
    from conventions import selectors

    contexte = demo.peupler()
    demo_conventions.peupler(contexte)
    alertes = selectors.alertes(contexte.comptes["coordinateur"], "coordinateur")
    assert [c.titre for c in alertes.conventions_finissant] == ["Convention ISCG Estuaire"]
    assert {p.intitule for p in alertes.postes_sans_convention} == {
        "ISCG Rezé – Saint-Herblain",
        "ISCG Pornic",
    }
