"""Anonymous contacts (issue 16, item 3): a contact without identity, counted like any other,
identified later if the person agrees."""

import datetime
import html
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accueil import services
from accueil.models import Entretien, Personne, Situation
from intervenants.models import ActionJournal, Journal, Role
from intervenants.versions import ConflitDeModification
from tests.accueil.conftest import comptes_des_lignes, messages_de, texte
from tests.accueil.factories import SituationAnonymeFactory
from tests.factories import affecter
from tests.navigateur import formulaire, formulaires_post

pytestmark = pytest.mark.django_db

URL = reverse("accueil:contact_anonyme")
JOUR = datetime.date(2026, 11, 2)


def _donnees(monde, **autres):
    return {
        "poste": monde.poste.pk,
        "date": JOUR.isoformat(),
        "mode": "telephonique",
        "duree_minutes": "20",
        "sexe": "F",
        "tranche_age": "25-39",
        "statut_affaire": "victime",
        "problematique_principale": "vc_psychologiques",
        "problematiques": ["harcelement"],
        "adhesion": "on",
        "notes": "Conseils sur le dépôt de plainte.",
        **autres,
    }


def _service(monde, **autres):
    return {
        "auteur": monde["intervenante"],
        "poste": monde.poste,
        "date": JOUR,
        "mode": "telephonique",
        "duree_minutes": 20,
        "sexe": "F",
        "tranche_age": "25-39",
        "statut_affaire": "victime",
        "problematique_principale": "vc_psychologiques",
        "problematiques": [],
        "adhesion": True,
        **autres,
    }


# --- Service ---------------------------------------------------------------------------------


def test_le_service_cree_la_personne_anonyme_la_situation_et_l_entretien(monde):
    situation, cree = services.enregistrer_contact_anonyme(**_service(monde))
    personne = situation.personne
    entretien = Entretien.objects.get(situation=situation)
    assert cree
    assert (personne.anonyme, personne.nom, personne.sexe) == (True, "", "F")
    assert str(personne) == f"Contact anonyme n° {personne.pk}"
    assert (situation.sexe, situation.tranche_age, situation.mineur) == ("F", "25-39", False)
    assert (situation.date_ouverture, situation.statut_affaire) == (JOUR, "victime")
    assert (entretien.mode, entretien.duree_minutes, entretien.date) == ("telephonique", 20, JOUR)


def test_le_service_journalise_la_situation_et_l_entretien(monde):
    situation, _ = services.enregistrer_contact_anonyme(**_service(monde))
    entrees = Journal.objects.filter(poste=monde.poste, action=ActionJournal.CREATION)
    assert entrees.filter(
        objet_type="accueil.Situation", objet_id=str(situation.pk)
    ).get().details == {"contact_anonyme": True}
    assert entrees.filter(objet_type="accueil.Entretien").count() == 1


@pytest.mark.parametrize(
    "tranche, mineur", [("13-17", True), ("0-5", True), ("18-24", False), ("inconnue", None)]
)
def test_la_tranche_d_age_dit_si_la_personne_est_mineure(monde, tranche, mineur):
    situation, _ = services.enregistrer_contact_anonyme(**_service(monde, tranche_age=tranche))
    assert (situation.tranche_age, situation.mineur) == (tranche, mineur)


@pytest.mark.parametrize(
    "champ, valeur",
    [
        ("duree_minutes", -5),
        ("duree_minutes", 0),
        ("duree_minutes", 10_000),
        ("duree_minutes", None),
        ("mode", "sans_reponse"),
        ("mode", "pigeon"),
        ("sexe", "X"),
        ("tranche_age", "200-300"),
        ("statut_affaire", "suspect"),
        ("problematique_principale", ""),
        ("problematiques", ["inventee"]),
        ("adhesion", False),
        ("date", datetime.date(2999, 1, 1)),
    ],
)
def test_le_service_refuse_une_valeur_absurde_et_n_enregistre_rien(monde, champ, valeur):
    avant = comptes_des_lignes()
    with pytest.raises(ValidationError) as erreur:
        services.enregistrer_contact_anonyme(**_service(monde, **{champ: valeur}))
    assert champ in erreur.value.message_dict
    assert comptes_des_lignes() == avant


def test_le_meme_jeton_n_enregistre_qu_un_contact(monde):
    jeton = uuid.uuid4()
    premiere, cree_1 = services.enregistrer_contact_anonyme(**_service(monde, jeton=jeton))
    avant = comptes_des_lignes()
    seconde, cree_2 = services.enregistrer_contact_anonyme(**_service(monde, jeton=jeton))
    assert (cree_1, cree_2, seconde) == (True, False, premiere)
    assert comptes_des_lignes() == avant


def test_le_jeton_d_un_autre_poste_ne_donne_pas_son_contact(monde):
    jeton = uuid.uuid4()
    services.enregistrer_contact_anonyme(**_service(monde, jeton=jeton))
    with pytest.raises(ValidationError):
        services.enregistrer_contact_anonyme(
            **_service(
                monde, auteur=monde["intervenant_autre"], poste=monde.poste_autre, jeton=jeton
            )
        )
    assert not Situation.objects.filter(poste=monde.poste_autre).exists()


def test_identifier_remplit_l_identite_et_retire_le_marqueur(monde):
    situation, _ = services.enregistrer_contact_anonyme(**_service(monde))
    personne = situation.personne
    services.identifier_personne(
        auteur=monde["intervenante"],
        personne=personne,
        version=personne.version,
        donnees={"nom": "Durand", "prenom": "Léa", "sexe": "F", "telephone": "06 10 20 30 40"},
    )
    personne.refresh_from_db()
    assert (personne.anonyme, str(personne)) == (False, "DURAND Léa")
    assert Journal.objects.get(
        objet_type="accueil.Personne", objet_id=str(personne.pk), action=ActionJournal.MODIFICATION
    ).details == {"identification": True}


def test_identifier_ne_recalcule_pas_ce_que_comptent_les_statistiques(monde):
    situation, _ = services.enregistrer_contact_anonyme(**_service(monde, tranche_age="40-59"))
    services.identifier_personne(
        auteur=monde["intervenante"],
        personne=situation.personne,
        version=situation.personne.version,
        donnees={"nom": "Durand", "date_naissance": datetime.date(2010, 1, 1)},
    )
    situation.refresh_from_db()
    assert (situation.tranche_age, situation.mineur) == ("40-59", False)


def test_identifier_deux_fois_est_refuse(monde):
    situation, _ = services.enregistrer_contact_anonyme(**_service(monde))
    personne = situation.personne
    version = personne.version
    services.identifier_personne(
        auteur=monde["intervenante"], personne=personne, version=version, donnees={"nom": "A"}
    )
    with pytest.raises(ValidationError, match="déjà identifiée"):
        services.identifier_personne(
            auteur=monde["intervenante"],
            personne=personne,
            version=personne.version,
            donnees={"nom": "B"},
        )


def test_identifier_sur_une_version_depassee_est_refuse(monde):
    situation, _ = services.enregistrer_contact_anonyme(**_service(monde))
    personne = situation.personne
    Personne.objects.filter(pk=personne.pk).update(version=personne.version + 1)
    with pytest.raises(ConflitDeModification):
        services.identifier_personne(
            auteur=monde["intervenante"],
            personne=personne,
            version=personne.version,
            donnees={"nom": "Durand"},
        )


def test_rectifier_l_identite_d_un_contact_anonyme_est_refuse(monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste)
    with pytest.raises(ValidationError, match="identifiez"):
        services.modifier_personne(
            auteur=monde["intervenante"],
            personne=situation.personne,
            version=situation.personne.version,
            donnees={"nom": "Durand"},
        )


def test_la_base_refuse_une_personne_sans_nom_ni_marqueur(monde):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Personne.objects.create(poste=monde.poste, nom="")


# --- The form --------------------------------------------------------------------------------


def test_le_formulaire_ne_devine_rien(client_de):
    page = client_de("intervenante").get(URL)
    (lu,) = [f for f in formulaires_post(texte(page)) if not f["attrs"].get("action")]
    for champ in ("mode", "sexe", "tranche_age", "statut_affaire", "problematique_principale"):
        assert lu["options"][champ][0] == ""
    envoye = formulaire(page)
    assert envoye["mode"] == [""] and "adhesion" not in envoye
    assert "sans_reponse" not in lu["options"]["mode"]
    # The worker's only post is a fact, sent as it is; the token is fresh.
    assert envoye["poste"] == [str(page.context["form"].fields["poste"].initial)]
    assert uuid.UUID(envoye["jeton"][0])


def test_le_formulaire_enregistre_le_contact_et_ouvre_son_dossier(client_de, monde):
    reponse = client_de("intervenante").post(URL, _donnees(monde))
    situation = Situation.objects.get(personne__anonyme=True)
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    assert situation.problematiques == ["vc_psychologiques", "harcelement"]
    assert Entretien.objects.get(situation=situation).notes == "Conseils sur le dépôt de plainte."
    assert f"Contact anonyme n° {situation.personne_id} enregistré" in messages_de(reponse)[0]


def test_le_dossier_d_un_contact_anonyme_propose_de_l_identifier(client_de, monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste, tranche_age="60-74")
    page = texte(client_de("intervenante").get(reverse("accueil:situation", args=[situation.pk])))
    assert f"Contact anonyme n° {situation.personne_id}" in page
    assert "60 à 74 ans" in page
    assert reverse("accueil:personne_identifier", args=[situation.pk]) in page
    assert "Rectifier l'identité" not in html.unescape(page)


OBLIGATOIRE = "Ce champ est obligatoire."
CHOIX = "Sélectionnez un choix valide"


@pytest.mark.parametrize(
    "champ, valeur, message",
    [
        ("duree_minutes", "-1", "au moins 1 minute"),
        ("duree_minutes", "0", "au moins 1 minute"),
        ("duree_minutes", "10000", "au plus 600 minutes"),
        ("duree_minutes", "une heure", "nombre entier de minutes"),
        ("duree_minutes", "", OBLIGATOIRE),
        ("mode", "sans_reponse", CHOIX),
        ("mode", "", OBLIGATOIRE),
        ("sexe", "", OBLIGATOIRE),
        ("tranche_age", "", OBLIGATOIRE),
        ("tranche_age", "200-300", CHOIX),
        ("statut_affaire", "", OBLIGATOIRE),
        ("problematique_principale", "", OBLIGATOIRE),
        ("problematiques", "inventee", CHOIX),
        ("date", "2099-01-01", "La date ne peut pas être dans le futur."),
        ("date", "2999-01-01", "Saisissez une date entre"),
        ("date", "32/13/2026", "Saisissez une date valide."),
        ("notes", "n" * 4001, "au plus 4000 caractères"),
        ("adhesion", "", "suppose l'adhésion de la personne"),
    ],
)
def test_une_saisie_invalide_est_refusee_en_francais_a_cote_du_champ(
    client_de, monde, champ, valeur, message
):
    donnees = _donnees(monde, **{champ: valeur})
    if champ == "adhesion":
        del donnees["adhesion"]
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(URL, donnees)
    assert reponse.status_code == 200
    assert message in " ".join(reponse.context["form"].errors.get(champ, []))
    assert html.escape(message) in texte(reponse)
    assert comptes_des_lignes() == avant


def test_une_saisie_refusee_garde_ce_qui_etait_saisi(client_de, monde):
    reponse = client_de("intervenante").post(URL, _donnees(monde, duree_minutes="10000"))
    envoye = formulaire(reponse)
    assert (envoye["mode"], envoye["tranche_age"], envoye["duree_minutes"]) == (
        ["telephonique"],
        ["25-39"],
        ["10000"],
    )
    assert envoye["notes"] == ["Conseils sur le dépôt de plainte."]
    assert envoye["problematiques"] == ["harcelement"]


def test_sur_deux_postes_le_poste_se_choisit(client_de, monde):
    affecter(monde["intervenante"], Role.INTERVENANT, monde.poste_autre)
    client = client_de("intervenante")
    (lu,) = [f for f in formulaires_post(texte(client.get(URL))) if not f["attrs"].get("action")]
    options = lu["options"]["poste"]
    assert options[0] == ""
    assert sorted(options[1:]) == sorted([str(monde.poste.pk), str(monde.poste_autre.pk)])
    client.post(URL, _donnees(monde, poste=monde.poste_autre.pk))
    assert Situation.objects.get(personne__anonyme=True).poste == monde.poste_autre


# --- The attacker ----------------------------------------------------------------------------


def test_le_meme_formulaire_envoye_deux_fois_ne_compte_qu_un_contact(client_de, monde):
    client = client_de("intervenante")
    donnees = {**formulaire(client.get(URL)), **_donnees(monde)}
    # The form's own token is tested here; the generic one (intervenants/envois.py, which
    # would answer first) in tests/test_double_envoi.py.
    donnees.pop("jeton_envoi")
    premiere = client.post(URL, donnees)
    seconde = client.post(URL, donnees)
    assert Situation.objects.filter(personne__anonyme=True).count() == 1
    assert Entretien.objects.count() == 1
    assert seconde["Location"] == premiere["Location"]
    assert "était déjà enregistré" in messages_de(seconde)[-1]


def test_un_jeton_altere_est_signale_et_rien_n_est_enregistre(client_de, monde):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(URL, _donnees(monde, jeton="pas-un-jeton"))
    assert "Ce formulaire a été altéré : rechargez la page." in texte(reponse)
    assert comptes_des_lignes() == avant


def test_l_intervenant_d_un_autre_poste_ne_peut_pas_ecrire_dans_ce_poste(client_de, monde):
    avant = comptes_des_lignes()
    reponse = client_de("intervenant_autre").post(URL, _donnees(monde))
    assert reponse.status_code == 200
    assert CHOIX in " ".join(reponse.context["form"].errors["poste"])
    assert html.escape(CHOIX) in texte(reponse)
    assert comptes_des_lignes() == avant


@pytest.mark.parametrize(
    "persona", ["chef", "agent", "employeur", "coordinateur", "clspd", "admin", "sans_role"]
)
def test_les_autres_roles_n_enregistrent_rien(client_de, monde, persona):
    avant = comptes_des_lignes()
    assert client_de(persona).post(URL, _donnees(monde)).status_code == 404
    assert comptes_des_lignes() == avant


def test_un_visiteur_non_connecte_est_renvoye_a_la_connexion(client, monde):
    avant = comptes_des_lignes()
    reponse = client.post(URL, _donnees(monde))
    assert reponse.status_code == 302 and "/connexion/" in reponse["Location"]
    assert comptes_des_lignes() == avant


# --- Identifying later -----------------------------------------------------------------------


def _identifier(client, situation, **donnees):
    return client.post(
        reverse("accueil:personne_identifier", args=[situation.pk]),
        {"version": situation.personne.version, "sexe": "F", **donnees},
    )


def test_identifier_par_le_formulaire(client_de, monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste)
    client = client_de("intervenante")
    reponse = _identifier(client, situation, nom="Morel", prenom="Anna", annee_naissance="1990")
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    situation.personne.refresh_from_db()
    assert (str(situation.personne), situation.personne.annee) == ("MOREL Anna", 1990)
    liste = texte(client.get(reverse("accueil:dossiers")))
    assert "MOREL Anna" in liste and f"Contact anonyme n° {situation.personne_id}" not in liste


def test_identifier_sans_nom_est_refuse_a_cote_du_champ(client_de, monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste)
    avant = comptes_des_lignes()
    reponse = _identifier(client_de("intervenante"), situation, nom="", prenom="Anna")
    assert reponse.context["form"].errors["nom"] == [OBLIGATOIRE]
    assert 'value="Anna"' in texte(reponse)
    situation.personne.refresh_from_db()
    assert situation.personne.anonyme
    assert comptes_des_lignes() == avant


def test_identifier_deux_fois_par_le_formulaire_ne_change_rien(client_de, monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste)
    client = client_de("intervenante")
    _identifier(client, situation, nom="Morel")
    avant = comptes_des_lignes()
    seconde = _identifier(client, situation, nom="Autre")
    situation.personne.refresh_from_db()
    assert situation.personne.nom == "Morel"
    assert seconde.status_code == 302
    assert comptes_des_lignes() == avant


def test_identifier_la_personne_d_un_autre_poste_repond_404(client_de, monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste)
    reponse = _identifier(client_de("intervenant_autre"), situation, nom="Morel")
    assert reponse.status_code == 404
    situation.personne.refresh_from_db()
    assert situation.personne.anonyme


def test_rectifier_l_identite_d_un_contact_anonyme_mene_a_l_identification(client_de, monde):
    situation = SituationAnonymeFactory(personne__poste=monde.poste)
    reponse = client_de("intervenante").get(
        reverse("accueil:personne_modifier", args=[situation.pk])
    )
    assert reponse["Location"] == reverse("accueil:personne_identifier", args=[situation.pk])


def test_identifier_une_personne_deja_nommee_renvoie_au_dossier(client_de, situation):
    avant = comptes_des_lignes()
    reponse = _identifier(client_de("intervenante"), situation, nom="Autre")
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    assert comptes_des_lignes() == avant


def test_une_information_preoccupante_pour_un_mineur_anonyme(monde):
    situation, _ = services.enregistrer_contact_anonyme(**_service(monde, tranche_age="13-17"))
    transmission = services.enregistrer_transmission(
        auteur=monde["intervenante"],
        situation=situation,
        nature="ip_crip",
        fondement="casf_l226_2_1",
        destinataire="CRIP",
        date=JOUR,
        resume="Mineure en danger, appel anonyme.",
        copie_crip=False,
        date_copie_crip=None,
        personne_informee=True,
        motif_non_information="",
    )
    assert transmission.nature == "ip_crip"


def test_pas_d_information_preoccupante_pour_un_majeur_anonyme(monde):
    situation, _ = services.enregistrer_contact_anonyme(**_service(monde, tranche_age="40-59"))
    with pytest.raises(ValidationError) as erreur:
        services.enregistrer_transmission(
            auteur=monde["intervenante"],
            situation=situation,
            nature="ip_crip",
            fondement="casf_l226_2_1",
            destinataire="CRIP",
            date=JOUR,
            resume="Résumé.",
            copie_crip=False,
            date_copie_crip=None,
            personne_informee=True,
            motif_non_information="",
        )
    assert "nature" in erreur.value.message_dict
