"""Consent: an interview or an orientation needs the person's adhésion; its withdrawal stops
further orientations."""

import datetime

import pytest
from django.urls import reverse

from accueil.models import Adhesion, Entretien, Orientation
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import (
    OUVERTURE,
    comptes_des_lignes,
    erreurs_de,
    iso,
    messages_de,
    texte,
)
from tests.accueil.factories import DepartementFactory, PartenaireFactory

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 10, 5)
MESSAGE_ADHESION = "Un entretien d'accompagnement suppose l'adhésion de la personne."
MESSAGE_SANS_ADHESION = (
    "Aucune adhésion de la personne n'est recueillie : enregistrez d'abord un entretien "
    "où elle adhère à l'accompagnement."
)


def _url(nom, objet):
    return reverse(f"accueil:{nom}", args=[objet.pk])


def _entretien(**autres):
    return {
        "date": iso(JOUR),
        "mode": "physique",
        "duree_minutes": "45",
        "adhesion": "on",
        "notes": "Premier entretien.",
        **autres,
    }


def _orientation(**autres):
    return {"date": iso(JOUR), "type_partenaire": "cidff", "consentement": "on", **autres}


def _sans(donnees, champ):
    return {k: v for k, v in donnees.items() if k != champ}


# --- Interviews -----------------------------------------------------------------------------


def test_un_entretien_sans_adhesion_est_refuse_a_cote_du_champ(client_de, situation_sans_adhesion):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        _url("entretien_creer", situation_sans_adhesion), _sans(_entretien(), "adhesion")
    )
    assert reponse.context["form"].errors["adhesion"] == [MESSAGE_ADHESION]
    assert "Un entretien d&#x27;accompagnement suppose l&#x27;adhésion" in texte(reponse)
    assert comptes_des_lignes() == avant


def test_l_entretien_refuse_garde_les_notes_saisies(client_de, situation_sans_adhesion):
    donnees = _sans(_entretien(notes="Notes à ne pas perdre"), "adhesion")
    reponse = client_de("intervenante").post(
        _url("entretien_creer", situation_sans_adhesion), donnees
    )
    assert "Notes à ne pas perdre</textarea>" in texte(reponse)


def test_une_tentative_sans_reponse_n_a_pas_besoin_d_adhesion(client_de, situation_sans_adhesion):
    donnees = _sans(_entretien(mode="sans_reponse", notes=""), "adhesion")
    reponse = client_de("intervenante").post(
        _url("entretien_creer", situation_sans_adhesion), donnees
    )
    entretien = Entretien.objects.get()
    assert reponse["Location"] == _url("situation", situation_sans_adhesion)
    assert (entretien.mode, entretien.adhesion) == ("sans_reponse", False)
    assert not Adhesion.objects.exists()


def test_une_tentative_sans_reponse_ne_recueille_pas_d_adhesion(client_de, situation_sans_adhesion):
    client_de("intervenante").post(
        _url("entretien_creer", situation_sans_adhesion), _entretien(mode="sans_reponse")
    )
    assert Entretien.objects.get().adhesion is False
    assert not Adhesion.objects.exists()


def test_le_premier_entretien_avec_adhesion_la_recueille(client_de, monde, situation_sans_adhesion):
    reponse = client_de("intervenante").post(
        _url("entretien_creer", situation_sans_adhesion), _entretien()
    )
    adhesion = Adhesion.objects.get()
    assert messages_de(reponse) == ["Entretien enregistré."]
    assert (adhesion.situation, adhesion.date_recueil, adhesion.recueillie_par) == (
        situation_sans_adhesion,
        JOUR,
        monde["intervenante"],
    )
    assert adhesion.date_retrait is None


def test_un_second_entretien_ne_double_pas_l_adhesion(client_de, situation):
    client = client_de("intervenante")
    client.post(_url("entretien_creer", situation), _entretien())
    client.post(_url("entretien_creer", situation), _entretien())
    assert Entretien.objects.filter(situation=situation).count() == 2
    assert situation.adhesions.count() == 1


def test_l_entretien_date_le_dernier_contact_et_est_journalise(client_de, monde, situation):
    client_de("intervenante").post(_url("entretien_creer", situation), _entretien())
    situation.refresh_from_db()
    entretien = Entretien.objects.get()
    assert situation.derniere_activite == JOUR
    entree = Journal.objects.get(objet_type="accueil.Entretien")
    assert (entree.action, entree.objet_id, entree.utilisateur) == (
        ActionJournal.CREATION,
        str(entretien.pk),
        monde["intervenante"],
    )


def test_modifier_un_entretien_en_retirant_l_adhesion_est_refuse(client_de, entretien):
    donnees = _sans(_entretien(version=entretien.version), "adhesion")
    reponse = client_de("intervenante").post(_url("entretien_modifier", entretien), donnees)
    assert reponse.context["form"].errors["adhesion"] == [MESSAGE_ADHESION]
    entretien.refresh_from_db()
    assert (entretien.adhesion, entretien.version) == (True, 1)


# --- Orientations ---------------------------------------------------------------------------


def test_une_orientation_sans_adhesion_prealable_est_refusee(client_de, situation_sans_adhesion):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        _url("orientation_creer", situation_sans_adhesion), _orientation()
    )
    assert reponse.context["form"].non_field_errors() == [MESSAGE_SANS_ADHESION]
    assert "Aucune adhésion de la personne n&#x27;est recueillie" in texte(reponse)
    assert comptes_des_lignes() == avant


def test_une_orientation_apres_le_retrait_de_l_adhesion_est_refusee(client_de, situation):
    client = client_de("intervenante")
    client.post(_url("adhesion_retirer", situation), {"jour": "2026-09-01", "confirmation": "on"})
    avant = comptes_des_lignes()
    reponse = client.post(_url("orientation_creer", situation), _orientation())
    assert reponse.context["form"].non_field_errors() == [
        "La personne a retiré son adhésion le 01/09/2026 : aucune nouvelle orientation n'est "
        "possible sans nouvelle adhésion."
    ]
    assert comptes_des_lignes() == avant


def test_une_orientation_sans_consentement_est_refusee_a_cote_de_la_case(client_de, situation):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        _url("orientation_creer", situation), _sans(_orientation(), "consentement")
    )
    assert reponse.context["form"].errors["consentement"] == [
        "Une orientation suppose le consentement de la personne."
    ]
    assert comptes_des_lignes() == avant


def test_une_orientation_consentie_est_enregistree(client_de, monde, situation):
    partenaire = PartenaireFactory(departement=monde.departement, type="umj")
    reponse = client_de("intervenante").post(
        _url("orientation_creer", situation),
        _orientation(partenaire=partenaire.pk, type_partenaire="cidff"),
    )
    orientation = Orientation.objects.get()
    assert messages_de(reponse) == ["Orientation enregistrée."]
    assert (orientation.partenaire, orientation.type_partenaire) == (partenaire, "umj")
    assert (orientation.consentement, orientation.auteur) == (True, monde["intervenante"])
    assert Journal.objects.filter(objet_type="accueil.Orientation", action="creation").exists()


def test_une_orientation_hors_annuaire_garde_son_type(client_de, situation):
    client_de("intervenante").post(_url("orientation_creer", situation), _orientation())
    orientation = Orientation.objects.get()
    assert (orientation.partenaire, orientation.type_partenaire) == (None, "cidff")


def test_une_orientation_sans_partenaire_ni_type_est_refusee(client_de, situation):
    reponse = client_de("intervenante").post(
        _url("orientation_creer", situation), _orientation(type_partenaire="")
    )
    assert reponse.context["form"].errors["type_partenaire"] == [
        "Choisissez un partenaire de l'annuaire ou un type de partenaire."
    ]
    assert not Orientation.objects.exists()


def test_le_partenaire_d_un_autre_departement_n_est_pas_proposable(client_de, situation):
    ailleurs = PartenaireFactory(departement=DepartementFactory(code="85", nom="Vendée"))
    reponse = client_de("intervenante").post(
        _url("orientation_creer", situation), _orientation(partenaire=ailleurs.pk)
    )
    assert "Sélectionnez un choix valide" in reponse.context["form"].errors["partenaire"][0]
    assert not Orientation.objects.exists()


def test_un_nouvel_entretien_avec_adhesion_rouvre_les_orientations(client_de, situation):
    client = client_de("intervenante")
    client.post(_url("adhesion_retirer", situation), {"jour": "2026-09-01", "confirmation": "on"})
    client.post(_url("entretien_creer", situation), _entretien())
    client.post(_url("orientation_creer", situation), _orientation())
    assert situation.adhesions.actives().get().date_recueil == JOUR
    assert Orientation.objects.count() == 1


# --- Withdrawal -----------------------------------------------------------------------------


def test_retirer_l_adhesion(client_de, monde, situation):
    reponse = client_de("intervenante").post(
        _url("adhesion_retirer", situation), {"jour": "2026-09-01", "confirmation": "on"}
    )
    adhesion = situation.adhesions.get()
    assert adhesion.date_retrait == datetime.date(2026, 9, 1)
    assert messages_de(reponse) == [
        "Retrait de l'adhésion enregistré : plus aucune orientation possible."
    ]
    assert Journal.objects.filter(
        objet_type="accueil.Adhesion", details={"retrait_adhesion": True}
    ).exists()


def test_le_retrait_apparait_dans_la_chronologie(client_de, situation):
    client = client_de("intervenante")
    client.post(_url("adhesion_retirer", situation), {"jour": "2026-09-01", "confirmation": "on"})
    page = texte(client.get(_url("situation", situation)))
    assert "Adhésion retirée" in page
    assert "Aucune adhésion en cours" in page


@pytest.mark.parametrize(
    "jour, message",
    [
        (iso(OUVERTURE - datetime.timedelta(days=1)), "Le retrait ne peut précéder le recueil"),
        ("2099-12-31", "La date ne peut pas être dans le futur."),
        ("n'importe quand", "Saisissez une date valide."),
    ],
)
def test_un_retrait_invalide_est_refuse(client_de, situation, jour, message):
    reponse = client_de("intervenante").post(
        _url("adhesion_retirer", situation), {"jour": jour, "confirmation": "on"}
    )
    assert message in erreurs_de(reponse)[0]
    assert situation.adhesions.get().date_retrait is None


def test_retirer_sans_confirmer_ne_change_rien(client_de, situation):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        _url("adhesion_retirer", situation), {"jour": "2026-09-01"}
    )
    assert erreurs_de(reponse) == ["Cochez la case pour confirmer."]
    assert situation.adhesions.get().date_retrait is None
    assert comptes_des_lignes() == avant


def test_retirer_sans_adhesion_en_cours_est_refuse(client_de, situation_sans_adhesion):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        _url("adhesion_retirer", situation_sans_adhesion),
        {"jour": "2026-09-01", "confirmation": "on"},
    )
    assert erreurs_de(reponse) == ["Aucune adhésion en cours à retirer."]
    assert comptes_des_lignes() == avant


# --- Outcome of an orientation ----------------------------------------------------------------


def test_renseigner_l_issue_d_une_orientation(client_de, orientation):
    reponse = client_de("intervenante").post(
        _url("orientation_issue", orientation),
        {"issue": "relais_confirme", "date_issue": "2026-04-01"},
    )
    orientation.refresh_from_db()
    assert (orientation.issue, orientation.date_issue) == (
        "relais_confirme",
        datetime.date(2026, 4, 1),
    )
    assert messages_de(reponse) == ["Issue de l'orientation enregistrée."]


@pytest.mark.parametrize(
    "donnees, champ, message",
    [
        (
            {"issue": "refus", "date_issue": iso(OUVERTURE - datetime.timedelta(1))},
            "date_issue",
            "L'issue ne peut précéder l'orientation.",
        ),
        (
            {"issue": "refus", "date_issue": "2099-01-01"},
            "date_issue",
            "La date ne peut pas être dans le futur.",
        ),
        ({"issue": "oubliee", "date_issue": "2026-04-01"}, "issue", "Sélectionnez un choix"),
        ({"issue": "refus", "date_issue": ""}, "date_issue", "Ce champ est obligatoire."),
    ],
)
def test_une_issue_invalide_est_refusee(client_de, orientation, donnees, champ, message):
    reponse = client_de("intervenante").post(_url("orientation_issue", orientation), donnees)
    assert message in " ".join(reponse.context["form"].errors[champ])
    orientation.refresh_from_db()
    assert orientation.issue == ""


def test_une_orientation_anterieure_a_l_adhesion_est_refusee(client_de, situation_sans_adhesion):
    client = client_de("intervenante")
    client.post(_url("entretien_creer", situation_sans_adhesion), _entretien())
    avant = comptes_des_lignes()
    reponse = client.post(
        _url("orientation_creer", situation_sans_adhesion), _orientation(date="2026-09-01")
    )
    assert reponse.context["form"].errors["date"] == [
        "L'orientation ne peut précéder l'adhésion de la personne, recueillie le 05/10/2026."
    ]
    assert comptes_des_lignes() == avant


def test_une_orientation_le_jour_de_l_adhesion_est_acceptee(client_de, situation_sans_adhesion):
    client = client_de("intervenante")
    client.post(_url("entretien_creer", situation_sans_adhesion), _entretien())
    client.post(_url("orientation_creer", situation_sans_adhesion), _orientation())
    assert Orientation.objects.get().date == JOUR


def test_corriger_une_tentative_en_entretien_avec_adhesion_la_recueille(
    client_de, situation_sans_adhesion
):
    client = client_de("intervenante")
    client.post(
        _url("entretien_creer", situation_sans_adhesion),
        _sans(_entretien(mode="sans_reponse"), "adhesion"),
    )
    entretien = Entretien.objects.get()
    client.post(_url("entretien_modifier", entretien), _entretien(version=entretien.version))
    entretien.refresh_from_db()
    assert entretien.adhesion is True
    assert situation_sans_adhesion.adhesions.actives().exists()


def test_un_entretien_saisi_apres_coup_ne_ranime_pas_une_adhesion_retiree(
    client_de, situation_sans_adhesion
):
    client = client_de("intervenante")
    client.post(_url("entretien_creer", situation_sans_adhesion), _entretien())
    client.post(
        _url("adhesion_retirer", situation_sans_adhesion),
        {"jour": "2026-10-20", "confirmation": "on"},
    )
    client.post(_url("entretien_creer", situation_sans_adhesion), _entretien(date="2026-10-10"))
    assert not situation_sans_adhesion.adhesions.actives().exists()
