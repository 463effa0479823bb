"""``roles_actifs``: the roles of today's affectations, read by one written statement (issue 18,
item 3) that must say exactly what ``AffectationQuerySet.actives`` says. Tried at the edges
an attacker would use: the last day passed, the first day not come, a substitution over."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from intervenants.models import Affectation, Role
from intervenants.selectors import affectations_actives, roles_actifs
from tests.conftest import PERSONAS
from tests.factories import PosteFactory, UserFactory, affecter


def _selon_l_orm(user) -> frozenset[str]:
    return frozenset(affectations_actives(user).values_list("role", flat=True))


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonyme"])
def test_meme_reponse_que_les_affectations_actives(monde, persona):
    user = monde[persona]
    assert roles_actifs(user) == _selon_l_orm(user)
    if persona != "sans_role":
        assert roles_actifs(user), f"{persona} devrait avoir au moins un rôle"


def test_bornes_des_dates(db):
    jour = timezone.localdate()
    veille, lendemain = jour - datetime.timedelta(days=1), jour + datetime.timedelta(days=1)
    poste = PosteFactory()
    cas = {
        # (start, end) -> active today?
        "finie_hier": (datetime.date(2024, 1, 1), veille, False),
        # date_fin is the first day without the role (AffectationQuerySet.actives).
        "finie_aujourd_hui": (datetime.date(2024, 1, 1), jour, False),
        "finit_demain": (datetime.date(2024, 1, 1), lendemain, True),
        "commence_aujourd_hui": (jour, None, True),
        "commence_demain": (lendemain, None, False),
        "sans_fin": (datetime.date(2024, 1, 1), None, True),
    }
    for nom, (debut, fin, active) in cas.items():
        user = UserFactory(username=nom)
        affectation = affecter(user, Role.INTERVENANT, poste, date_debut=jour)
        # Dates set afterwards: the service refuses a start in the past for some roles.
        Affectation.objects.filter(pk=affectation.pk).update(date_debut=debut, date_fin=fin)
        attendu = frozenset({Role.INTERVENANT.value}) if active else frozenset()
        assert roles_actifs(user) == attendu, nom
        assert roles_actifs(user) == _selon_l_orm(user), nom


def test_plusieurs_roles_et_un_seul_exemplaire(db):
    user = UserFactory(username="double")
    affecter(user, Role.INTERVENANT, PosteFactory(), date_debut=timezone.localdate())
    affecter(user, Role.INTERVENANT, PosteFactory(), date_debut=timezone.localdate())
    assert roles_actifs(user) == frozenset({Role.INTERVENANT.value})


def test_visiteur_sans_role():
    assert roles_actifs(AnonymousUser()) == frozenset()


def test_le_menu_suit_le_dernier_jour(monde, client):
    """The day an affectation ends, the menu no longer offers the worker's pages."""
    user = monde["intervenante"]
    client.force_login(user)
    lien = reverse("accueil:dossiers")
    assert f'href="{lien}"' in client.get(reverse("espace:espace")).content.decode()
    Affectation.objects.filter(utilisateur=user).update(date_fin=timezone.localdate())
    assert f'href="{lien}"' not in client.get(reverse("espace:espace")).content.decode()
