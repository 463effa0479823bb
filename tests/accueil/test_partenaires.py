"""Issue 17, item 6: the directory of partners kept up to date — edit, deactivate (kept for
history, no longer offered), reactivate — by the post's workers and the coordinator."""

import pytest
from django.urls import reverse

from accueil.choix import TypePartenaire
from accueil.models import Partenaire
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import messages_de, texte
from tests.accueil.factories import OrientationFactory, PartenaireFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cidff(monde):
    return PartenaireFactory(
        departement=monde.departement, nom="CIDFF Saint-Nazaire", type=TypePartenaire.CIDFF
    )


def _modifier(client, partenaire, **champs):
    donnees = {
        "nom": partenaire.nom,
        "type": partenaire.type,
        "telephone": partenaire.telephone,
        "courriel": partenaire.courriel,
        "adresse": partenaire.adresse,
        **champs,
    }
    return client.post(reverse("accueil:partenaire_modifier", args=[partenaire.pk]), donnees)


@pytest.mark.parametrize("persona", ["intervenante", "coordinateur"])
def test_l_intervenante_et_le_coordinateur_modifient_un_partenaire(
    client_de, monde, cidff, persona
):
    reponse = _modifier(client_de(persona), cidff, telephone="02 40 00 00 00")
    assert reponse["Location"] == reverse("accueil:partenaires")
    cidff.refresh_from_db()
    assert cidff.telephone == "02 40 00 00 00"
    entree = Journal.objects.get(objet_type="accueil.Partenaire", objet_id=str(cidff.pk))
    assert (entree.action, entree.utilisateur) == (ActionJournal.MODIFICATION, monde[persona])
    assert entree.details == {"champs": ["telephone"]}


def test_un_nom_deja_pris_est_refuse_a_cote_du_champ(client_de, monde, cidff):
    PartenaireFactory(departement=monde.departement, nom="France Victimes 44")
    reponse = _modifier(client_de("intervenante"), cidff, nom="france victimes 44")
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["nom"] == [
        "Ce partenaire figure déjà dans l'annuaire du département."
    ]
    assert reponse.context["form"]["nom"].value() == "france victimes 44"
    assert Partenaire.objects.get(pk=cidff.pk).nom == "CIDFF Saint-Nazaire"


def test_un_courriel_absurde_est_refuse_sans_rien_changer(client_de, cidff):
    reponse = _modifier(client_de("coordinateur"), cidff, courriel="pas un courriel")
    assert "courriel" in reponse.context["form"].errors
    assert not Journal.objects.filter(objet_type="accueil.Partenaire").exists()


def test_le_partenaire_d_un_autre_departement_est_introuvable(client_de):
    ailleurs = PartenaireFactory(nom="CIDFF Rennes")
    for persona in ("intervenante", "coordinateur"):
        client = client_de(persona)
        url = reverse("accueil:partenaire_modifier", args=[ailleurs.pk])
        assert client.get(url).status_code == 404
        desactiver = reverse("accueil:partenaire_desactiver", args=[ailleurs.pk])
        assert client.post(desactiver).status_code == 404
    assert Partenaire.objects.get(pk=ailleurs.pk).actif


def test_desactive_il_disparait_des_nouvelles_orientations_et_reste_dans_les_passees(
    client_de, monde, situation, cidff
):
    OrientationFactory(
        situation=situation,
        partenaire=cidff,
        type_partenaire=cidff.type,
        auteur=monde["intervenante"],
    )
    client = client_de("intervenante")
    reponse = client.post(reverse("accueil:partenaire_desactiver", args=[cidff.pk]))
    assert reponse["Location"] == reverse("accueil:partenaires")
    assert "n'est plus proposé pour les nouvelles" in messages_de(reponse)[0]
    cidff.refresh_from_db()
    assert not cidff.actif
    entree = Journal.objects.get(objet_type="accueil.Partenaire")
    assert entree.details == {"actif": False}

    client.get(reverse("accueil:partenaires"))  # the message read
    nouvelle = client.get(reverse("accueil:orientation_creer", args=[situation.pk]))
    assert cidff not in nouvelle.context["form"].fields["partenaire"].queryset
    assert "CIDFF Saint-Nazaire" not in texte(nouvelle)
    transmission = client.get(reverse("accueil:transmission_creer", args=[situation.pk]))
    assert "CIDFF Saint-Nazaire" not in texte(transmission)
    # The past orientation still names it.
    dossier = texte(client.get(reverse("accueil:situation", args=[situation.pk])))
    assert "Orientation</strong> vers CIDFF Saint-Nazaire" in dossier
    # The directory lists it apart, with a way back.
    annuaire = texte(client.get(reverse("accueil:partenaires")))
    assert reverse("accueil:partenaire_reactiver", args=[cidff.pk]) in annuaire


def test_une_orientation_vers_un_partenaire_desactive_est_refusee(client_de, situation, cidff):
    cidff.actif = False
    cidff.save()
    reponse = client_de("intervenante").post(
        reverse("accueil:orientation_creer", args=[situation.pk]),
        {
            "date": situation.date_ouverture.isoformat(),
            "partenaire": cidff.pk,
            "consentement": "on",
        },
    )
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.context["form"].errors["partenaire"][0]


def test_reactive_il_est_de_nouveau_propose(client_de, situation, cidff):
    cidff.actif = False
    cidff.save()
    client = client_de("coordinateur")
    client.post(reverse("accueil:partenaire_reactiver", args=[cidff.pk]))
    cidff.refresh_from_db()
    assert cidff.actif
    client = client_de("intervenante")
    nouvelle = client.get(reverse("accueil:orientation_creer", args=[situation.pk]))
    assert cidff in nouvelle.context["form"].fields["partenaire"].queryset


def test_desactiver_deux_fois_ne_change_rien_et_le_dit(client_de, cidff):
    client = client_de("intervenante")
    url = reverse("accueil:partenaire_desactiver", args=[cidff.pk])
    client.post(url)
    reponse = client.post(url)
    assert messages_de(reponse)[-1] == "CIDFF Saint-Nazaire est déjà désactivé dans l'annuaire."
    assert Journal.objects.filter(objet_type="accueil.Partenaire").count() == 1


def test_desactiver_demande_un_post(client_de, cidff):
    reponse = client_de("intervenante").get(
        reverse("accueil:partenaire_desactiver", args=[cidff.pk])
    )
    assert reponse.status_code == 405
    cidff.refresh_from_db()
    assert cidff.actif


def test_le_coordinateur_ajoute_un_partenaire_a_son_departement(client_de, monde):
    client_de("coordinateur").post(
        reverse("accueil:partenaires"), {"nom": "115 de Loire-Atlantique", "type": "115_siao"}
    )
    assert Partenaire.objects.get(nom="115 de Loire-Atlantique").departement == monde.departement
