"""Alerts and lines of the conventions area on the home page, and the menu entry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conventions import selectors
from tests.conventions.factories import ConventionFactory

pytestmark = pytest.mark.django_db


def _accueil(client_de, persona):
    return client_de(persona).get(reverse("espace:espace")).content.decode()


@pytest.fixture
def fin_proche(monde):
    aujourd_hui = timezone.localdate()
    return ConventionFactory(
        titre="Convention Estuaire",
        employeur=monde.employeur,
        date_debut=aujourd_hui - datetime.timedelta(days=1000),
        date_fin=aujourd_hui + datetime.timedelta(days=90),
        postes=[monde.poste],
    )


def test_coordinateur_voit_fin_proche_poste_sans_convention_et_non_declare(
    client_de, monde, fin_proche
):
    page = _accueil(client_de, "coordinateur")
    assert "Fin dans moins de 6 mois" in page and "Convention Estuaire" in page
    assert "Poste sans convention en vigueur : ISCG Rezé." in page
    assert "Poste non déclaré à la direction de la police : ISCG Estuaire." in page


def test_employeur_ne_voit_que_ses_postes(client_de, fin_proche):
    page = _accueil(client_de, "employeur")
    assert "Convention Estuaire" in page
    assert "ISCG Rezé" not in page


def test_rapports_attendus_derives_du_calendrier(monde, fin_proche):
    alertes = selectors.alertes(monde["coordinateur"], "coordinateur")
    assert alertes.rapports_en_retard
    assert all(o.convention == fin_proche for o in alertes.rapports_en_retard)


def test_poste_couvert_et_declare_ne_declenche_rien(monde, fin_proche):
    monde.poste.date_declaration = datetime.date(2024, 2, 1)
    monde.poste.save()
    alertes = selectors.alertes(monde["employeur"], "employeur")
    assert (alertes.postes_sans_convention, alertes.postes_non_declares) == ([], [])


def test_convention_expiree_ne_couvre_plus_le_poste(monde):
    ConventionFactory(
        employeur=monde.employeur,
        date_debut=datetime.date(2019, 1, 1),
        date_fin=datetime.date(2021, 12, 31),
        postes=[monde.poste],
    )
    alertes = selectors.alertes(monde["employeur"], "employeur")
    assert alertes.postes_sans_convention == [monde.poste]


def test_sans_convention_aucune_alerte_de_fin(client_de):
    page = _accueil(client_de, "employeur")
    assert "aucune convention enregistrée" in page
    assert "Fin dans moins de 6 mois" not in page


def test_intervenante_voit_la_convention_de_son_poste(client_de, fin_proche):
    page = _accueil(client_de, "intervenante")
    assert "Convention du poste" in page
    assert reverse("conventions:detail", args=[fin_proche.pk]) in page


def test_chef_voit_les_conventions_couvrant_ses_sites(client_de, fin_proche):
    page = _accueil(client_de, "chef")
    assert "Conventions couvrant vos sites" in page
    assert "Convention Estuaire" in page


@pytest.mark.parametrize(
    "persona, lien",
    [
        ("intervenante", True),
        ("chef", True),
        ("employeur", True),
        ("coordinateur", True),
        ("agent", False),
        ("clspd", False),
        ("admin", False),
        ("sans_role", False),
    ],
)
def test_menu_conventions_selon_le_role(client_de, persona, lien):
    page = _accueil(client_de, persona)
    assert (f'href="{reverse("conventions:liste")}">Conventions<' in page) is lien
