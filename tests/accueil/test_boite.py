"""The inbox of referrals to qualify, the worker's home-page lines and the partner directory."""

import datetime

import pytest
from django.urls import reverse

from accueil.choix import Urgence
from tests.accueil.conftest import texte
from tests.accueil.factories import PartenaireFactory, SaisineRecueFactory
from tests.factories import DepartementFactory

pytestmark = pytest.mark.django_db

URL = reverse("accueil:boite")


def test_la_boite_montre_les_plus_anciennes_d_abord(client_de, monde):
    recente = SaisineRecueFactory(poste=monde.poste, site=monde.brigade_1)
    ancienne = SaisineRecueFactory(
        poste=monde.poste, site=monde.commissariat, date_saisine=datetime.date(2026, 2, 1)
    )
    reponse = client_de("intervenante").get(URL)
    assert list(reponse.context["saisines"]) == [ancienne, recente]


# Issue 16, item 4: tonight's danger ahead of older ordinary referrals.
def test_la_boite_montre_les_urgentes_d_abord_puis_les_plus_anciennes(client_de, monde):
    ancienne = SaisineRecueFactory(
        poste=monde.poste, site=monde.commissariat, date_saisine=datetime.date(2026, 2, 1)
    )
    recente = SaisineRecueFactory(poste=monde.poste, site=monde.commissariat)
    aujourd_hui = SaisineRecueFactory(
        poste=monde.poste, site=monde.commissariat, urgence=Urgence.AUJOURD_HUI
    )
    danger = SaisineRecueFactory(
        poste=monde.poste, site=monde.brigade_1, urgence=Urgence.DANGER_IMMEDIAT
    )
    reponse = client_de("intervenante").get(URL)
    assert list(reponse.context["saisines"]) == [danger, aujourd_hui, ancienne, recente]


def test_la_boite_affiche_l_urgence(client_de, monde):
    SaisineRecueFactory(poste=monde.poste, site=monde.brigade_1, urgence=Urgence.DANGER_IMMEDIAT)
    assert "danger immédiat" in texte(client_de("intervenante").get(URL))


def test_la_boite_montre_l_identite_declaree_et_l_agent(client_de, monde, saisine_a_qualifier):
    page = texte(client_de("intervenante").get(URL))
    assert "LEFEVRE Elodie (1988)" in page
    assert monde["agent"].get_full_name() in page
    assert reverse("accueil:saisine_qualifier", args=[saisine_a_qualifier.pk]) in page


def test_une_saisine_prise_en_charge_ne_reste_pas_dans_la_boite(client_de, situation):
    assert list(client_de("intervenante").get(URL).context["saisines"]) == []


def test_la_boite_vide_le_dit(client_de, monde):
    page = texte(client_de("intervenante").get(URL))
    assert "Aucune saisine en attente : tout est qualifié." in page


REQUETES_MAX_BOITE = 8  # measured: 8 with 3 referrals as with 30


@pytest.mark.parametrize("nombre", [3, 30])
def test_la_boite_fait_un_nombre_fixe_de_requetes(
    client_de, monde, django_assert_max_num_queries, nombre
):
    sites = [monde.commissariat, monde.brigade_1, monde.brigade_2]
    for i in range(nombre):
        SaisineRecueFactory(poste=monde.poste, site=sites[i % 3], agent=monde["agent"])
    client = client_de("intervenante")
    client.get(reverse("espace:espace"))  # session set up outside the count
    with django_assert_max_num_queries(REQUETES_MAX_BOITE):
        reponse = client.get(URL)
    assert len(reponse.context["saisines"]) == nombre


# --- The worker's home page -------------------------------------------------------------------


def test_l_accueil_de_l_intervenante_compte_les_saisines_et_situations_du_poste(
    client_de, monde, situation, saisine_a_qualifier, situation_autre
):
    SaisineRecueFactory(poste=monde.poste_autre, site=monde.commissariat_autre)
    page = texte(client_de("intervenante_binome").get(reverse("espace:espace")))
    assert "1 en attente" in page
    assert "1 ouverte" in page


# --- The partner directory ----------------------------------------------------------------------


def test_l_annuaire_montre_les_partenaires_actifs_du_departement(client_de, monde):
    PartenaireFactory(departement=monde.departement, nom="France Victimes 44")
    PartenaireFactory(departement=monde.departement, nom="Ancien partenaire", actif=False)
    PartenaireFactory(departement=DepartementFactory(code="85"), nom="France Victimes 85")
    noms = [
        p.nom
        for p in client_de("intervenant_autre")
        .get(reverse("accueil:partenaires"))
        .context["partenaires"]
    ]
    assert noms == ["France Victimes 44"]


def test_l_accueil_de_l_intervenante_compte_les_saisines_urgentes_du_poste(client_de, monde):
    SaisineRecueFactory(poste=monde.poste, site=monde.commissariat)
    SaisineRecueFactory(poste=monde.poste, site=monde.commissariat, urgence=Urgence.AUJOURD_HUI)
    SaisineRecueFactory(poste=monde.poste, site=monde.brigade_1, urgence=Urgence.DANGER_IMMEDIAT)
    SaisineRecueFactory(
        poste=monde.poste_autre, site=monde.commissariat_autre, urgence=Urgence.DANGER_IMMEDIAT
    )
    page = texte(client_de("intervenante").get(reverse("espace:espace")))
    assert "3 en attente, dont" in page
    assert "2 urgentes" in page
