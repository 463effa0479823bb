"""The worker's new-referral flow: look for the person first, attach rather than duplicate."""

import datetime

import pytest
from django.urls import reverse

from accueil.choix import EtatSaisine, Problematique
from accueil.models import Personne, Saisine, Situation
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import comptes_des_lignes, iso, messages_de, texte
from tests.accueil.factories import SituationFactory

pytestmark = pytest.mark.django_db

URL = reverse("accueil:saisine_creer")
JOUR = datetime.date(2026, 11, 2)


def _saisine(monde, **autres):
    return {
        "saisine-site": monde.commissariat.pk,
        "saisine-origine": "main_courante",
        "saisine-urgence": "ordinaire",
        "saisine-date_saisine": iso(JOUR),
        "saisine-motif": "Main courante : dispute avec éclats de voix",
        **autres,
    }


def _nouvelle_personne(monde, **autres):
    return {
        **_saisine(monde),
        "personne-nom": "Marchetti",
        "personne-prenom": "Inès",
        "personne-sexe": "F",
        "personne-date_naissance": "2012-05-01",
        "personne-annee_naissance": "",
        "personne-telephone": "+33 6 12 34 56 78",
        "personne-commune": "Savenay",
        "situation-statut_affaire": "victime_indirecte",
        "situation-problematique_principale": Problematique.ENFANT_EXPOSE,
        "situation-problematiques": [Problematique.CONFLIT_FAMILIAL],
        "situation-connu_service_social": "non",
        "situation-enfants_au_foyer": "",
        **autres,
    }


def _poster_nouvelle(client, donnees):
    return client.post(URL + "?nouvelle=1", donnees)


# --- Looking for the person ------------------------------------------------------------------


@pytest.mark.parametrize("cherche", ["LEFEVRE", "lefèvre", "Lefevre", "  lefevre "])
def test_la_recherche_propose_la_personne_connue_sans_accent_ni_casse(
    client_de, situation, cherche
):
    reponse = client_de("intervenante").get(URL, {"nom": cherche})
    assert list(reponse.context["similaires"]) == [situation.personne]
    assert f"?situation={situation.pk}" in texte(reponse)


def test_la_recherche_avec_l_annee_de_naissance_filtre(client_de, situation):
    client = client_de("intervenante")
    assert list(client.get(URL, {"nom": "lefevre", "annee": "1988"}).context["similaires"]) == [
        situation.personne
    ]
    reponse = client.get(URL, {"nom": "lefevre", "annee": "1975"})
    assert list(reponse.context["similaires"]) == []
    assert "Personne de ce nom n'est connu du poste." in texte(reponse)


def test_la_binome_trouve_la_personne_saisie_par_sa_collegue(client_de, situation):
    reponse = client_de("intervenante_binome").get(URL, {"nom": "LEFÈVRE"})
    assert list(reponse.context["similaires"]) == [situation.personne]


def test_la_recherche_ne_trouve_pas_une_homonyme_d_un_autre_poste(client_de, monde, situation):
    SituationFactory(personne__poste=monde.poste_autre, personne__nom="Lefèvre")
    reponse = client_de("intervenante").get(URL, {"nom": "lefevre"})
    assert list(reponse.context["similaires"]) == [situation.personne]


def test_la_recherche_invalide_est_signalee_sans_erreur_serveur(client_de, situation):
    reponse = client_de("intervenante").get(URL, {"nom": "lefevre", "annee": "vers 1980"})
    assert reponse.status_code == 200
    assert reponse.context["recherche"].errors["annee"] == ["Saisissez un nombre entier."]
    assert reponse.context["similaires"] is None


# --- A second referral attaches to the existing situation ------------------------------------


def test_une_saisine_d_une_brigade_se_rattache_a_la_situation_existante(
    client_de, monde, situation
):
    personnes, situations = Personne.objects.count(), Situation.objects.count()
    reponse = client_de("intervenante_binome").post(
        URL + f"?situation={situation.pk}", _saisine(monde, **{"saisine-site": monde.brigade_1.pk})
    )
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    assert (Personne.objects.count(), Situation.objects.count()) == (personnes, situations)
    saisine = Saisine.objects.get(site=monde.brigade_1)
    assert (saisine.situation, saisine.etat) == (situation, EtatSaisine.PRISE_EN_CHARGE)


def test_le_rattachement_ajoute_le_site_et_date_le_dernier_contact(client_de, monde, situation):
    client_de("intervenante").post(
        URL + f"?situation={situation.pk}", _saisine(monde, **{"saisine-site": monde.brigade_1.pk})
    )
    situation.refresh_from_db()
    assert set(situation.sites.all()) == {monde.commissariat, monde.brigade_1}
    assert situation.derniere_activite == JOUR


def test_le_rattachement_a_une_situation_close_la_rouvre(client_de, monde, situation):
    Situation.objects.filter(pk=situation.pk).update(date_cloture=datetime.date(2026, 6, 1))
    client_de("intervenante").post(URL + f"?situation={situation.pk}", _saisine(monde))
    situation.refresh_from_db()
    assert situation.date_cloture is None
    assert Journal.objects.filter(
        action=ActionJournal.MODIFICATION, details={"reouverture": True}
    ).exists()


def test_le_rattachement_est_journalise(client_de, monde, situation):
    client_de("intervenante").post(URL + f"?situation={situation.pk}", _saisine(monde))
    saisine = Saisine.objects.latest("pk")
    entree = Journal.objects.get(objet_type="accueil.Saisine", objet_id=str(saisine.pk))
    assert (entree.action, entree.utilisateur, entree.poste) == (
        ActionJournal.CREATION,
        monde["intervenante"],
        monde.poste,
    )


def test_on_ne_rattache_pas_a_une_situation_d_un_autre_poste(client_de, monde, situation_autre):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        URL + f"?situation={situation_autre.pk}", _saisine(monde)
    )
    assert reponse.status_code == 404
    assert comptes_des_lignes() == avant


@pytest.mark.parametrize("valeur", ["abc", "-1", "999999999"])
def test_un_identifiant_de_situation_fantaisiste_repond_404(client_de, situation, valeur):
    assert client_de("intervenante").get(URL, {"situation": valeur}).status_code == 404


# --- A new person --------------------------------------------------------------------------


def test_une_nouvelle_personne_cree_personne_et_situation(client_de, monde):
    reponse = _poster_nouvelle(client_de("intervenante"), _nouvelle_personne(monde))
    situation = Situation.objects.get()
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    assert (situation.personne.nom, situation.poste) == ("Marchetti", monde.poste)
    assert list(situation.sites.all()) == [monde.commissariat]
    assert messages_de(reponse) == ["Saisine enregistrée."]


def test_le_residu_statistique_est_fixe_a_l_ouverture(client_de, monde):
    _poster_nouvelle(client_de("intervenante"), _nouvelle_personne(monde))
    situation = Situation.objects.get()
    assert (situation.sexe, situation.tranche_age, situation.mineur) == ("F", "13-17", True)
    assert situation.date_ouverture == JOUR


def test_le_residu_d_une_personne_majeure_connue_par_son_annee(client_de, monde):
    donnees = _nouvelle_personne(
        monde,
        **{
            "personne-sexe": "M",
            "personne-date_naissance": "",
            "personne-annee_naissance": "1960",
        },
    )
    _poster_nouvelle(client_de("intervenante"), donnees)
    situation = Situation.objects.get()
    assert (situation.sexe, situation.tranche_age, situation.mineur) == ("M", "60-74", False)


def test_le_residu_d_une_personne_d_age_inconnu(client_de, monde):
    donnees = _nouvelle_personne(monde, **{"personne-sexe": "NR", "personne-date_naissance": ""})
    _poster_nouvelle(client_de("intervenante"), donnees)
    situation = Situation.objects.get()
    assert (situation.sexe, situation.tranche_age, situation.mineur) == ("NR", "inconnue", None)


def test_la_problematique_principale_figure_parmi_les_problematiques(client_de, monde):
    _poster_nouvelle(client_de("intervenante"), _nouvelle_personne(monde))
    situation = Situation.objects.get()
    assert situation.problematiques == [Problematique.ENFANT_EXPOSE, Problematique.CONFLIT_FAMILIAL]


def test_la_nouvelle_saisine_est_prise_en_charge_et_journalisee(client_de, monde):
    _poster_nouvelle(client_de("intervenante"), _nouvelle_personne(monde))
    saisine = Saisine.objects.get()
    assert (saisine.etat, saisine.site, saisine.origine) == (
        EtatSaisine.PRISE_EN_CHARGE,
        monde.commissariat,
        "main_courante",
    )
    assert sorted(
        Journal.objects.filter(action="creation").values_list("objet_type", flat=True)
    ) == [
        "accueil.Saisine",
        "accueil.Situation",
    ]


def test_une_nouvelle_personne_depuis_une_brigade_du_poste(client_de, monde):
    donnees = _nouvelle_personne(monde, **{"saisine-site": monde.brigade_2.pk})
    _poster_nouvelle(client_de("intervenante_binome"), donnees)
    assert list(Situation.objects.get().sites.all()) == [monde.brigade_2]


def test_un_site_d_un_autre_poste_est_refuse(client_de, monde):
    avant = comptes_des_lignes()
    donnees = _nouvelle_personne(monde, **{"saisine-site": monde.commissariat_autre.pk})
    reponse = _poster_nouvelle(client_de("intervenante"), donnees)
    assert "Sélectionnez un choix valide" in reponse.context["saisine_form"].errors["site"][0]
    assert comptes_des_lignes() == avant


def test_la_recherche_prerenseigne_le_nom_de_la_nouvelle_personne(client_de, monde):
    reponse = client_de("intervenante").get(URL, {"nouvelle": "1", "nom": "Marchetti"})
    assert 'value="Marchetti"' in texte(reponse)


@pytest.mark.parametrize("poste", ["abc", "999999", "autre"])
def test_un_poste_hors_portee_dans_le_formulaire_repond_404_sans_rien_enregistrer(
    client_de, monde, poste
):
    valeur = str(monde.poste_autre.pk) if poste == "autre" else poste
    avant = comptes_des_lignes()
    reponse = _poster_nouvelle(client_de("intervenante"), _nouvelle_personne(monde, poste=valeur))
    assert reponse.status_code == 404
    assert comptes_des_lignes() == avant


@pytest.mark.parametrize(
    "nom", ["situation", "situation_modifier", "entretien_modifier", "saisine_qualifier"]
)
def test_un_identifiant_demesure_dans_l_adresse_repond_404(client_de, situation, nom):
    url = reverse(f"accueil:{nom}", args=[99999999999999999999])
    assert client_de("intervenante").get(url).status_code == 404


def test_un_identifiant_de_situation_demesure_repond_404(client_de, situation):
    reponse = client_de("intervenante").get(URL, {"situation": "99999999999999999999"})
    assert reponse.status_code == 404


# Issue 16, item 4: the worker's own referral carries its urgency too.
def test_la_saisine_de_l_intervenante_garde_son_urgence(client_de, monde):
    _poster_nouvelle(
        client_de("intervenante"), _nouvelle_personne(monde, **{"saisine-urgence": "aujourd_hui"})
    )
    assert Saisine.objects.get().urgence == "aujourd_hui"


def test_la_saisine_de_l_intervenante_sans_urgence_choisie_est_refusee(client_de, monde):
    reponse = _poster_nouvelle(
        client_de("intervenante"), _nouvelle_personne(monde, **{"saisine-urgence": ""})
    )
    assert reponse.context["saisine_form"].errors["urgence"] == ["Ce champ est obligatoire."]
    assert not Saisine.objects.exists()
