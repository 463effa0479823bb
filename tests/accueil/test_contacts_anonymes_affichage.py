"""An anonymous contact wherever a name is shown, and in the statistics like any other."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accueil import services
from accueil.models import Entretien, Personne
from accueil.retention import purger_donnees
from rapports.garde import verifier_textes
from tests.accueil.conftest import texte
from tests.accueil.factories import (
    EntretienFactory,
    SaisineFactory,
    SituationAnonymeFactory,
    SituationFactory,
)
from tests.accueil.test_droits import pdf_en_texte

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonyme(monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste)
    EntretienFactory(situation=situation, auteur=monde["intervenante"], notes="Conseil donné.")
    return situation


def _libelle(situation) -> str:
    return f"Contact anonyme n° {situation.personne_id}"


def test_la_liste_des_situations_l_affiche(client_de, anonyme):
    page = texte(client_de("intervenante").get(reverse("accueil:dossiers")))
    assert _libelle(anonyme) in page


def test_le_dossier_l_affiche_sans_trou(client_de, anonyme):
    page = texte(client_de("intervenante").get(reverse("accueil:situation", args=[anonyme.pk])))
    assert f'<h1 class="h3 mb-1">{_libelle(anonyme)}</h1>' in page
    assert "None" not in page


def test_la_boite_l_affiche(client_de, monde, anonyme):
    SaisineFactory(situation=anonyme, poste=monde.poste, site=monde.commissariat, etat="recue")
    page = texte(client_de("intervenante").get(reverse("accueil:boite")))
    assert _libelle(anonyme) in page


def test_le_pdf_du_droit_d_acces_l_affiche(client_de, anonyme):
    reponse = client_de("intervenante").get(reverse("accueil:personne_export", args=[anonyme.pk]))
    contenu = pdf_en_texte(reponse.content)
    assert f"{_libelle(anonyme)} : identité non recueillie" in contenu
    assert "Conseil donné." in contenu


def test_l_effacement_d_un_contact_anonyme(client_de, anonyme):
    client = client_de("intervenante")
    url = reverse("accueil:personne_effacer", args=[anonyme.pk])
    assert _libelle(anonyme) in texte(client.get(url))
    client.post(url, {"motif": "demande_personne", "confirmation": "on"})
    personne = Personne.objects.get(pk=anonyme.personne_id)
    assert str(personne) == f"Personne anonymisée n° {personne.pk}"
    assert Entretien.objects.get(situation=anonyme).notes == ""
    page = texte(client.get(reverse("accueil:situation", args=[anonyme.pk])))
    assert "Identifier la personne" not in page


def test_la_purge_de_retention_traite_un_contact_anonyme(monde):
    ancien = timezone.localdate() - datetime.timedelta(days=3 * 365)
    situation = SituationAnonymeFactory(
        personne__poste=monde.poste,
        date_ouverture=ancien,
        derniere_activite=ancien,
        date_cloture=ancien,
    )
    EntretienFactory(situation=situation, date=ancien, notes="Conseil donné.")
    bilan = purger_donnees(mois=24, executer=True)
    assert (bilan.personnes, bilan.entretiens) == (1, 1)
    assert Personne.objects.get(pk=situation.personne_id).anonymisee_le is not None


def test_la_recherche_par_nom_ne_le_confond_avec_personne(client_de, anonyme, situation):
    client = client_de("intervenante")
    liste = client.get(reverse("accueil:dossiers"), {"q": "Lefèvre"})
    assert list(liste.context["page"].object_list) == [situation]
    doublons = client.get(reverse("accueil:saisine_creer"), {"nom": "Lefèvre"})
    assert list(doublons.context["similaires"]) == [situation.personne]


def test_un_contact_anonyme_ne_bloque_pas_le_texte_d_un_rapport(monde, anonyme):
    textes = [("Impact", "Bonne coopération avec la brigade ; quelques appels anonymes.")]
    assert verifier_textes(textes, monde.poste.__class__.objects.filter(pk=monde.poste.pk)) == []


# --- Counted like any other (the worker's dashboard) ----------------------------------------


def _indicateurs(client, **parametres) -> dict[str, int]:
    reponse = client.get(reverse("rapports:tableau_de_bord"), parametres)
    return {i["code"]: i["cellules"][0]["valeur"] for i in reponse.context["s"]["indicateurs"]}


def _activite_ordinaire(monde, jour):
    situation = SituationFactory(
        personne__poste=monde.poste, date_ouverture=jour, derniere_activite=jour
    )
    EntretienFactory(situation=situation, date=jour, auteur=monde["intervenante"])


def _contact(client, monde, jour):
    return client.post(
        reverse("accueil:contact_anonyme"),
        {
            "poste": monde.poste.pk,
            "date": jour.isoformat(),
            "mode": "telephonique",
            "duree_minutes": "15",
            "sexe": "M",
            "tranche_age": "60-74",
            "statut_affaire": "detresse",
            "problematique_principale": "detresse",
            "adhesion": "on",
        },
    )


@pytest.mark.parametrize(
    "jour, parametres",
    [
        # The current year: figures read live from the records.
        (timezone.localdate(), {}),
        # A past year: figures read from the running totals the database keeps.
        (datetime.date(2025, 6, 10), {"annee": "2025"}),
    ],
    ids=["annee_en_cours", "annee_passee"],
)
def test_un_contact_anonyme_compte_une_situation_et_un_entretien_de_plus(
    client_de, monde, jour, parametres
):
    _activite_ordinaire(monde, jour)
    client = client_de("intervenante")
    avant = _indicateurs(client, **parametres)
    assert _contact(client, monde, jour).status_code == 302
    apres = _indicateurs(client, **parametres)
    for code in ("situations", "entretiens", "personnes"):
        assert apres[code] == avant[code] + 1, code
    assert apres["saisines"] == avant["saisines"]


def test_identifier_la_personne_ne_change_pas_les_chiffres(client_de, monde):
    jour = timezone.localdate()
    client = client_de("intervenante")
    _contact(client, monde, jour)
    avant = _indicateurs(client)
    personne = Personne.objects.get(anonyme=True)
    services.identifier_personne(
        auteur=monde["intervenante"],
        personne=personne,
        version=personne.version,
        donnees={"nom": "Bernard", "annee_naissance": 1950},
    )
    assert _indicateurs(client) == avant


def test_la_liste_des_doublons_l_affiche(anonyme):
    page = render_to_string(
        "accueil/_similaires.html", {"similaires": [Personne.objects.get(pk=anonyme.personne_id)]}
    )
    assert _libelle(anonyme) in page


def test_mon_espace_et_la_recherche_menent_au_contact_anonyme(client_de):
    client = client_de("intervenante")
    lien = reverse("accueil:contact_anonyme")
    assert lien in texte(client.get(reverse("espace:espace")))
    assert lien in texte(client.get(reverse("accueil:saisine_creer")))
    assert lien in texte(client.get(reverse("accueil:dossiers")))
