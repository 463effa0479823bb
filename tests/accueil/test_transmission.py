"""Transmissions: legal basis, copy to the CRIP for a signalement, IP only about a minor."""

import datetime

import pytest
from django.urls import reverse

from accueil.choix import Problematique
from accueil.models import Situation, Transmission
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import comptes_des_lignes, iso, messages_de, texte
from tests.accueil.factories import SituationFactory

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 10, 5)
RESUME = "Enfant de 6 ans témoin de violences, propos rapportés par la mère."
MESSAGE_IP = (
    "Une information préoccupante concerne un mineur : la personne est majeure et "
    "aucun enfant en danger ou exposé n'est signalé au foyer."
)


def _donnees(**autres):
    return {
        "nature": "secret_partage",
        "fondement": "casf_l121_6_2",
        "destinataire": "MDS de Saint-Nazaire",
        "date": iso(JOUR),
        "resume": RESUME,
        "personne_informee": "on",
        "motif_non_information": "",
        **autres,
    }


def _sans(donnees, *champs):
    return {k: v for k, v in donnees.items() if k not in champs}


def _poster(client_de, situation, donnees):
    return client_de("intervenante").post(
        reverse("accueil:transmission_creer", args=[situation.pk]), donnees
    )


def _refus(client_de, situation, donnees):
    """Post, check nothing was saved, return the form's errors."""
    avant = comptes_des_lignes()
    reponse = _poster(client_de, situation, donnees)
    assert reponse.status_code == 200
    assert comptes_des_lignes() == avant
    return reponse.context["form"].errors


@pytest.fixture
def mineure(monde):
    situation = SituationFactory(
        personne__poste=monde.poste, personne__annee_naissance=2012, mineur=True
    )
    situation.sites.set([monde.brigade_1])
    return situation


def test_une_transmission_complete_est_enregistree(client_de, monde, situation):
    reponse = _poster(client_de, situation, _donnees())
    transmission = Transmission.objects.get()
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    assert messages_de(reponse) == ["Transmission enregistrée."]
    assert (transmission.resume, transmission.auteur) == (RESUME, monde["intervenante"])


def test_la_transmission_est_journalisee_sans_son_contenu(client_de, monde, situation):
    _poster(client_de, situation, _donnees())
    entree = Journal.objects.get(objet_type="accueil.Transmission")
    assert (entree.action, entree.utilisateur, entree.poste) == (
        ActionJournal.TRANSMISSION,
        monde["intervenante"],
        monde.poste,
    )
    assert entree.details == {"nature": "secret_partage"}


def test_le_fondement_juridique_est_obligatoire(client_de, situation):
    erreurs = _refus(client_de, situation, _donnees(nature="", fondement=""))
    assert erreurs["fondement"] == ["Le fondement juridique de la transmission est obligatoire."]


def test_sans_fondement_celui_de_la_nature_est_propose_a_verifier(client_de, situation):
    """Issue 17, item 4: no script needed, the form comes back with the basis filled in."""
    avant = comptes_des_lignes()
    reponse = _poster(client_de, situation, _donnees(fondement=""))
    assert comptes_des_lignes() == avant
    form = reponse.context["form"]
    assert form.errors["fondement"] == [
        "Fondement proposé d'après la nature : vérifiez-le, puis enregistrez."
    ]
    assert form["fondement"].value() == "casf_l121_6_2"
    assert form["resume"].value() == RESUME


def test_un_fondement_inconnu_est_refuse(client_de, situation):
    erreurs = _refus(client_de, situation, _donnees(fondement="article_imaginaire"))
    assert "Sélectionnez un choix valide" in erreurs["fondement"][0]


# --- Signalement au procureur ---------------------------------------------------------------


def _signalement(**autres):
    return _donnees(
        **{
            "nature": "signalement_procureur",
            "fondement": "cp_226_14",
            "destinataire": "Procureur de la République",
            "copie_crip": "on",
            "date_copie_crip": iso(JOUR),
            **autres,
        }
    )


def test_un_signalement_sans_copie_a_la_crip_est_refuse(client_de, situation):
    erreurs = _refus(client_de, situation, _sans(_signalement(), "copie_crip"))
    assert erreurs["copie_crip"] == ["Un signalement au procureur est adressé en copie à la CRIP."]


def test_un_signalement_sans_date_de_copie_est_refuse(client_de, situation):
    erreurs = _refus(client_de, situation, _signalement(date_copie_crip=""))
    assert erreurs["date_copie_crip"] == ["Indiquez la date de la copie à la CRIP."]


def test_un_signalement_avec_copie_datee_est_enregistre(client_de, situation):
    _poster(client_de, situation, _signalement())
    transmission = Transmission.objects.get()
    assert (transmission.nature, transmission.copie_crip, transmission.date_copie_crip) == (
        "signalement_procureur",
        True,
        JOUR,
    )


def test_une_copie_a_la_crip_datee_dans_le_futur_est_refusee(client_de, situation):
    erreurs = _refus(client_de, situation, _signalement(date_copie_crip="2099-01-01"))
    assert erreurs["date_copie_crip"] == ["La date ne peut pas être dans le futur."]


def test_sans_copie_la_date_de_copie_n_est_pas_gardee(client_de, situation):
    _poster(client_de, situation, _donnees(date_copie_crip=iso(JOUR)))
    assert Transmission.objects.get().date_copie_crip is None


# --- Information préoccupante ----------------------------------------------------------------


def _ip(**autres):
    return _donnees(
        **{
            "nature": "ip_crip",
            "fondement": "casf_l226_2_1",
            "destinataire": "CRIP de Loire-Atlantique",
            **autres,
        }
    )


def test_une_information_preoccupante_sur_une_majeure_sans_enfant_est_refusee(client_de, situation):
    erreurs = _refus(client_de, situation, _ip())
    assert erreurs["nature"] == [MESSAGE_IP]


def test_le_refus_de_l_information_preoccupante_s_affiche_et_garde_la_saisie(client_de, situation):
    page = texte(_poster(client_de, situation, _ip()))
    assert "Une information préoccupante concerne un mineur" in page
    assert "CRIP de Loire-Atlantique" in page
    assert "Enfant de 6 ans témoin de violences" in page


def test_une_information_preoccupante_sur_un_mineur_est_acceptee(client_de, mineure):
    _poster(client_de, mineure, _ip())
    assert Transmission.objects.get(situation=mineure).nature == "ip_crip"


def test_une_information_preoccupante_pour_l_enfant_expose_d_une_majeure_est_acceptee(
    client_de, situation
):
    Situation.objects.filter(pk=situation.pk).update(
        enfants_au_foyer=2, problematiques=[Problematique.VC_PHYSIQUES, Problematique.ENFANT_EXPOSE]
    )
    _poster(client_de, situation, _ip())
    assert Transmission.objects.filter(situation=situation, nature="ip_crip").exists()


@pytest.mark.parametrize(
    "enfants, problematiques",
    [
        (2, [Problematique.VC_PHYSIQUES]),
        (0, [Problematique.ENFANT_EXPOSE]),
        (None, [Problematique.MINEUR_DANGER]),
    ],
)
def test_une_information_preoccupante_sans_enfant_en_danger_au_foyer_est_refusee(
    client_de, situation, enfants, problematiques
):
    Situation.objects.filter(pk=situation.pk).update(
        enfants_au_foyer=enfants, problematiques=problematiques
    )
    assert _refus(client_de, situation, _ip())["nature"] == [MESSAGE_IP]


def test_l_age_s_apprecie_a_la_date_de_la_transmission(client_de, monde):
    # Born in 2008: still a minor in 2025, of age on the day of the transmission.
    situation = SituationFactory(personne__poste=monde.poste, personne__annee_naissance=2008)
    assert _refus(client_de, situation, _ip())["nature"] == [MESSAGE_IP]


# --- Informing the person --------------------------------------------------------------------


def test_la_non_information_exige_un_motif(client_de, situation):
    erreurs = _refus(client_de, situation, _sans(_donnees(), "personne_informee"))
    assert erreurs["motif_non_information"] == [
        "Indiquez pourquoi la personne (ou ses parents) n'a pas été informée."
    ]


def test_un_motif_fait_d_espaces_ne_suffit_pas(client_de, situation):
    donnees = _sans(_donnees(motif_non_information="   "), "personne_informee")
    assert "motif_non_information" in _refus(client_de, situation, donnees)


def test_la_non_information_motivee_est_enregistree(client_de, situation):
    motif = "Information contraire à l'intérêt de l'enfant."
    _poster(client_de, situation, _sans(_donnees(motif_non_information=motif), "personne_informee"))
    transmission = Transmission.objects.get()
    assert (transmission.personne_informee, transmission.motif_non_information) == (False, motif)


def test_la_personne_informee_n_a_pas_de_motif_de_non_information(client_de, situation):
    _poster(client_de, situation, _donnees(motif_non_information="sans objet"))
    assert Transmission.objects.get().motif_non_information == ""


def test_plusieurs_erreurs_sont_signalees_ensemble(client_de, situation):
    donnees = _sans(_signalement(fondement=""), "copie_crip", "personne_informee")
    erreurs = _refus(client_de, situation, donnees)
    assert {"fondement", "copie_crip", "motif_non_information"} <= set(erreurs)
