"""Optimistic locking: a save over a record changed since it was opened is refused, the user's
input kept, the first save untouched — never a silent overwrite."""

import pytest
from django.urls import reverse

from intervenants.models import ActionJournal, Journal
from intervenants.versions import MESSAGE_CONFLIT
from tests.accueil.conftest import texte

pytestmark = pytest.mark.django_db

CONFLIT_HTML = "Ce dossier a été modifié par quelqu&#x27;un d&#x27;autre depuis que vous"


def _situation(version, enfants, principale="vc_physiques"):
    return {
        "version": version,
        "statut_affaire": "victime",
        "problematique_principale": principale,
        "connu_service_social": "inconnu",
        "enfants_au_foyer": enfants,
    }


def _entretien(version, notes, duree="45"):
    return {
        "version": version,
        "date": "2026-03-02",
        "mode": "physique",
        "duree_minutes": duree,
        "adhesion": "on",
        "notes": notes,
    }


def _personne(version, telephone, commune):
    return {
        "version": version,
        "nom": "Lefèvre",
        "prenom": "Élodie",
        "sexe": "F",
        "annee_naissance": "1988",
        "telephone": telephone,
        "commune": commune,
    }


# --- The situation ---------------------------------------------------------------------------


@pytest.fixture
def deux_onglets_situation(client_de, situation):
    """Both workers open the form (version 1); the binôme saves first."""
    url = reverse("accueil:situation_modifier", args=[situation.pk])
    formulaire = client_de("intervenante").get(url)
    assert formulaire.context["form"].initial["version"] == 1
    client_de("intervenante_binome").post(url, _situation(1, "3"))
    return client_de("intervenante").post(url, _situation(1, "5", "logement"))


def test_la_seconde_sauvegarde_de_la_situation_est_refusee_en_francais(
    deux_onglets_situation,
):
    assert deux_onglets_situation.status_code == 200
    assert deux_onglets_situation.context["form"].non_field_errors() == [MESSAGE_CONFLIT]
    assert CONFLIT_HTML in texte(deux_onglets_situation)


def test_la_saisie_refusee_est_conservee_dans_le_formulaire(deux_onglets_situation):
    page = texte(deux_onglets_situation)
    assert 'name="enfants_au_foyer" value="5"' in page
    assert '<option value="logement" selected>' in page


def test_la_base_garde_la_premiere_sauvegarde(deux_onglets_situation, situation):
    situation.refresh_from_db()
    assert (situation.enfants_au_foyer, situation.problematique_principale) == (3, "vc_physiques")
    assert situation.version == 2


def test_le_refus_n_est_pas_journalise_comme_une_modification(
    deux_onglets_situation, monde, situation
):
    entrees = Journal.objects.filter(action=ActionJournal.MODIFICATION, objet_id=str(situation.pk))
    assert [e.utilisateur for e in entrees] == [monde["intervenante_binome"]]


def test_apres_rechargement_la_sauvegarde_passe(client_de, deux_onglets_situation, situation):
    url = reverse("accueil:situation_modifier", args=[situation.pk])
    client = client_de("intervenante")
    assert client.get(url).context["form"].initial["version"] == 2
    client.post(url, _situation(2, "5"))
    situation.refresh_from_db()
    assert (situation.enfants_au_foyer, situation.version) == (5, 3)


def test_une_version_venue_du_futur_est_refusee(client_de, situation):
    url = reverse("accueil:situation_modifier", args=[situation.pk])
    reponse = client_de("intervenante").post(url, _situation(7, "5"))
    assert reponse.context["form"].non_field_errors() == [MESSAGE_CONFLIT]
    situation.refresh_from_db()
    assert situation.version == 1


# --- The interview ---------------------------------------------------------------------------


@pytest.fixture
def deux_onglets_entretien(client_de, entretien):
    url = reverse("accueil:entretien_modifier", args=[entretien.pk])
    client_de("intervenante_binome").post(url, _entretien(1, "Version de la binôme", duree="30"))
    return client_de("intervenante").post(url, _entretien(1, "Mes notes à ne pas perdre"))


def test_la_seconde_sauvegarde_de_l_entretien_est_refusee(deux_onglets_entretien):
    assert deux_onglets_entretien.context["form"].non_field_errors() == [MESSAGE_CONFLIT]
    assert CONFLIT_HTML in texte(deux_onglets_entretien)


def test_les_notes_refusees_restent_dans_le_formulaire(deux_onglets_entretien):
    assert "Mes notes à ne pas perdre</textarea>" in texte(deux_onglets_entretien)


def test_l_entretien_garde_les_notes_de_la_premiere_sauvegarde(deux_onglets_entretien, entretien):
    entretien.refresh_from_db()
    assert (entretien.notes, entretien.duree_minutes, entretien.version) == (
        "Version de la binôme",
        30,
        2,
    )


def test_le_formulaire_d_entretien_s_ouvre_sur_les_notes_dechiffrees(client_de, entretien):
    url = reverse("accueil:entretien_modifier", args=[entretien.pk])
    page = texte(client_de("intervenante").get(url))
    assert "Confidence : Madame craint pour ses enfants.</textarea>" in page
    assert 'name="version" value="1"' in page


# --- The identity ----------------------------------------------------------------------------


def test_la_rectification_concurrente_de_l_identite_est_refusee(client_de, situation):
    url = reverse("accueil:personne_modifier", args=[situation.pk])
    client_de("intervenante_binome").post(url, _personne(1, "06 00 00 00 01", "Donges"))
    reponse = client_de("intervenante").post(url, _personne(1, "06 00 00 00 02", "Trignac"))
    personne = situation.personne
    personne.refresh_from_db()
    assert reponse.context["form"].non_field_errors() == [MESSAGE_CONFLIT]
    assert 'value="Trignac"' in texte(reponse)
    assert (personne.telephone, personne.commune) == ("06 00 00 00 01", "Donges")
