"""Issue 17, item 4: the legal basis follows the nature, the recipient comes from the
directory, the copy to the CRIP is for a recipient who is not the CRIP."""

import datetime

import pytest
from django.urls import reverse

from accueil.choix import TypePartenaire
from accueil.models import Transmission
from tests.accueil.conftest import comptes_des_lignes, iso, texte
from tests.accueil.factories import PartenaireFactory, SituationFactory

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 10, 5)


@pytest.fixture
def mineure(monde):
    return SituationFactory(
        personne__poste=monde.poste, personne__annee_naissance=2014, mineur=True
    )


@pytest.fixture
def crip(monde):
    return PartenaireFactory(departement=monde.departement, nom="CRIP 44", type=TypePartenaire.CRIP)


def _donnees(**autres):
    return {
        "nature": "ip_crip",
        "fondement": "casf_l226_2_1",
        "destinataire": "",
        "date": iso(JOUR),
        "resume": "Enfant exposé aux violences, évaluation au domicile.",
        "personne_informee": "on",
        **autres,
    }


def _url(situation):
    return reverse("accueil:transmission_creer", args=[situation.pk])


def _refus(client_de, situation, donnees):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(_url(situation), donnees)
    assert reponse.status_code == 200
    assert comptes_des_lignes() == avant
    return reponse.context["form"]


# --- Nature and legal basis, checked together -----------------------------------------------


def test_une_ip_fondee_sur_le_seul_226_14_est_refusee(client_de, mineure, crip):
    form = _refus(
        client_de, mineure, _donnees(fondement="cp_226_14", destinataire_partenaire=crip.pk)
    )
    assert form.errors["fondement"] == [
        "Pour une information préoccupante à la CRIP, le fondement est : art. L226-2-1 du "
        "CASF (information préoccupante) ou art. L226-2-2 du CASF (secret partagé, "
        "protection de l'enfance)."
    ]
    # Input kept beside the message.
    assert form["fondement"].value() == "cp_226_14"
    assert form["resume"].value() == "Enfant exposé aux violences, évaluation au domicile."


def test_une_reponse_a_requisition_ne_peut_citer_226_14(client_de, mineure):
    form = _refus(
        client_de,
        mineure,
        _donnees(nature="requisition", fondement="cp_226_14", destinataire="OPJ Martin"),
    )
    assert "art. 60-1 du code de procédure pénale" in form.errors["fondement"][0]


def test_une_ip_fondee_sur_l226_2_1_a_la_crip_de_l_annuaire_est_enregistree(
    client_de, mineure, crip
):
    reponse = client_de("intervenante").post(
        _url(mineure), _donnees(destinataire_partenaire=crip.pk)
    )
    assert reponse.status_code == 302
    transmission = Transmission.objects.get()
    assert (transmission.destinataire, transmission.destinataire_partenaire) == ("CRIP 44", crip)
    assert (transmission.fondement, transmission.copie_crip) == ("casf_l226_2_1", False)


def test_le_fondement_de_la_nature_est_propose_sans_script(client_de, mineure):
    page = client_de("intervenante").get(_url(mineure) + "?nature=ip_crip")
    form = page.context["form"]
    assert (form["nature"].value(), form["fondement"].value()) == ("ip_crip", "casf_l226_2_1")
    # The script is the app's own file; nothing inline (strict CSP).
    assert '<script src="/static/js/transmission.js" defer></script>' in texte(page)
    assert "casf_l226_2_1" in page.context["fondements"]


def test_le_fondement_propose_puis_renvoye_est_enregistre(client_de, mineure, crip):
    client = client_de("intervenante")
    donnees = _donnees(fondement="", destinataire_partenaire=crip.pk)
    page = client.post(_url(mineure), donnees)
    assert not Transmission.objects.exists()
    propose = page.context["form"]["fondement"].value()
    assert propose == "casf_l226_2_1"
    reponse = client.post(_url(mineure), {**donnees, "fondement": propose})
    assert reponse.status_code == 302
    assert Transmission.objects.get().fondement == "casf_l226_2_1"


def test_les_champs_obligatoires_sont_marques(client_de, mineure):
    page = texte(client_de("intervenante").get(_url(mineure)))
    for champ in ("nature", "fondement", "date", "resume"):
        debut = page.index(f'for="id_{champ}"')
        assert "asteriskField" in page[debut : page.index("</label>", debut)], champ


# --- The copy to the CRIP -----------------------------------------------------------------------


def test_copie_a_la_crip_refusee_quand_le_destinataire_est_la_crip(client_de, mineure, crip):
    form = _refus(
        client_de,
        mineure,
        _donnees(destinataire_partenaire=crip.pk, copie_crip="on", date_copie_crip=iso(JOUR)),
    )
    assert form.errors["copie_crip"] == [
        "La transmission est adressée à la CRIP elle-même : pas de copie à la CRIP."
    ]


def test_copie_a_la_crip_refusee_quand_la_crip_est_ecrite_hors_annuaire(client_de, mineure):
    form = _refus(
        client_de,
        mineure,
        _donnees(
            destinataire="Crip de Loire-Atlantique", copie_crip="on", date_copie_crip=iso(JOUR)
        ),
    )
    assert "pas de copie à la CRIP" in form.errors["copie_crip"][0]


def test_un_signalement_ne_va_pas_a_la_crip(client_de, mineure, crip):
    form = _refus(
        client_de,
        mineure,
        _donnees(
            nature="signalement_procureur",
            fondement="cp_226_14",
            destinataire_partenaire=crip.pk,
        ),
    )
    assert form.errors["destinataire_partenaire"] == [
        "Un signalement est adressé au procureur ; la CRIP en reçoit copie."
    ]


# --- The recipient, from the directory ------------------------------------------------------


def test_sans_destinataire_la_transmission_est_refusee(client_de, mineure):
    form = _refus(client_de, mineure, _donnees())
    assert form.errors["destinataire_partenaire"] == [
        "Choisissez le destinataire dans l'annuaire, ou écrivez-le hors annuaire."
    ]


def test_deux_destinataires_a_la_fois_sont_refuses(client_de, mineure, crip):
    form = _refus(client_de, mineure, _donnees(destinataire_partenaire=crip.pk, destinataire="MDS"))
    assert "Un seul destinataire" in form.errors["destinataire"][0]


def test_un_partenaire_desactive_n_est_pas_propose_comme_destinataire(client_de, mineure, crip):
    crip.actif = False
    crip.save()
    client = client_de("intervenante")
    page = client.get(_url(mineure))
    assert crip not in page.context["form"].fields["destinataire_partenaire"].queryset
    form = _refus(client_de, mineure, _donnees(destinataire_partenaire=crip.pk))
    assert "Sélectionnez un choix valide" in form.errors["destinataire_partenaire"][0]


def test_un_partenaire_d_un_autre_departement_n_est_pas_propose(client_de, mineure):
    ailleurs = PartenaireFactory(nom="CRIP 35", type=TypePartenaire.CRIP)
    form = _refus(client_de, mineure, _donnees(destinataire_partenaire=ailleurs.pk))
    assert "Sélectionnez un choix valide" in form.errors["destinataire_partenaire"][0]


def test_l_option_de_la_crip_porte_sa_marque_pour_le_script(client_de, mineure, crip):
    autre = PartenaireFactory(departement=crip.departement, nom="MDS Saint-Nazaire")
    page = texte(client_de("intervenante").get(_url(mineure)))
    assert f'<option value="{crip.pk}" data-crip="1">CRIP 44</option>' in page
    assert f'<option value="{autre.pk}">MDS Saint-Nazaire</option>' in page
