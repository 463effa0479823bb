"""Scoping: every list and every detail reads only the records of the user's posts."""

import datetime

import pytest
from django.urls import URLPattern, get_resolver, reverse

from accueil import selectors
from intervenants.models import Affectation
from intervenants.services import terminer_affectation
from tests.accueil.conftest import comptes_des_lignes, texte
from tests.accueil.factories import (
    PieceJointeFactory,
    RappelFactory,
    RendezVousFactory,
    RequisitionFactory,
    SaisineFactory,
    SaisineRecueFactory,
    SituationAnonymeFactory,
    SituationFactory,
    TransmissionFactory,
)

pytestmark = pytest.mark.django_db

# What the pk of each detail URL designates.
OBJET_DE_L_URL = {
    "saisine_qualifier": "saisine",
    "situation": "situation",
    "situation_modifier": "situation",
    "personne_modifier": "situation",
    "personne_export": "situation",
    "personne_effacer": "situation",
    "personne_identifier": "situation_anonyme",
    "situation_cloturer": "situation",
    "situation_rouvrir": "situation",
    "situation_referent": "situation",
    "adhesion_retirer": "situation",
    "entretien_creer": "situation",
    "acte_creer": "situation",
    "orientation_creer": "situation",
    "transmission_creer": "situation",
    "entretien_modifier": "entretien",
    "orientation_issue": "orientation",
    "rendez_vous_creer": "situation",
    "rappel_creer": "situation",
    "rendez_vous_honorer": "rendez_vous",
    "rendez_vous_manque": "rendez_vous",
    "rendez_vous_annuler": "rendez_vous",
    "rappel_fait": "rappel",
    # Attachments and letters (issue 17, items 2 and 3).
    "piece_deposer": "situation",
    "piece_telecharger": "piece",
    "piece_supprimer": "piece",
    "courrier_transmission": "information_preoccupante",
    "attestation": "situation",
    "requisition_modifier": "requisition",
    # The handover note of a file (issue 17, item 1).
    "passation_ecrire": "situation",
    "passation_lue": "situation",
}
# The directory of partners is the département's, not a post's: the worker of the other
# post and the coordinator keep it too (issue 17, item 6). Its scope, the département, is
# tested in tests/accueil/test_partenaires.py.
URLS_DE_L_ANNUAIRE = {"partenaire_modifier", "partenaire_desactiver", "partenaire_reactiver"}
URLS_POST_SEULEMENT = {
    "situation_rouvrir",
    "rendez_vous_manque",
    "rendez_vous_annuler",
    "rappel_fait",
    "passation_lue",
}
PERSONAS_SANS_ACCES = ["intervenant_autre", "admin", "chef", "agent", "employeur", "coordinateur"]


def _urls_de_detail_de_l_accueil() -> set[str]:
    resolver = get_resolver().url_patterns
    accueil = next(m for m in resolver if getattr(m, "namespace", None) == "accueil")
    return {
        motif.name
        for motif in accueil.url_patterns
        if isinstance(motif, URLPattern) and "pk" in motif.pattern.converters
    }


@pytest.fixture
def objets_du_poste(monde, situation, entretien, orientation, saisine_a_qualifier):
    return {
        "situation": situation,
        "situation_anonyme": SituationAnonymeFactory(personne__poste=monde.poste),
        "entretien": entretien,
        "orientation": orientation,
        "saisine": saisine_a_qualifier,
        "rendez_vous": RendezVousFactory(situation=situation, intervenant=monde["intervenante"]),
        "rappel": RappelFactory(situation=situation, intervenant=monde["intervenante"]),
        "piece": PieceJointeFactory(situation=situation, auteur=monde["intervenante"]),
        "information_preoccupante": TransmissionFactory(
            situation=situation, nature="ip_crip", fondement="casf_l226_2_1"
        ),
        "requisition": RequisitionFactory(
            poste=monde.poste, situation=situation, auteur=monde["intervenante"]
        ),
    }


def _noms_du_tableau(page: str, *noms: str) -> list[str]:
    return [nom for nom in noms if nom in page]


def test_chaque_url_de_detail_est_couverte_par_le_test_idor():
    assert _urls_de_detail_de_l_accueil() == set(OBJET_DE_L_URL) | URLS_DE_L_ANNUAIRE


@pytest.mark.parametrize("persona", PERSONAS_SANS_ACCES)
@pytest.mark.parametrize("nom", sorted(OBJET_DE_L_URL))
def test_un_autre_que_le_poste_recoit_404_sur_chaque_detail(
    client_de, objets_du_poste, persona, nom
):
    objet = objets_du_poste[OBJET_DE_L_URL[nom]]
    url = reverse(f"accueil:{nom}", args=[objet.pk])
    client = client_de(persona)
    avant = comptes_des_lignes()
    if nom not in URLS_POST_SEULEMENT:
        assert client.get(url).status_code == 404
    reponse = client.post(url, {"jour": "2026-11-01", "decision": "sans_suite", "version": 1})
    assert reponse.status_code == 404
    assert comptes_des_lignes() == avant


@pytest.mark.parametrize("persona", PERSONAS_SANS_ACCES)
def test_un_autre_que_le_poste_ne_cree_pas_de_saisine_sur_une_situation_du_poste(
    client_de, situation, persona
):
    url = reverse("accueil:saisine_creer") + f"?situation={situation.pk}"
    assert client_de(persona).get(url).status_code == 404


def test_sans_suite_par_l_intervenant_d_un_autre_poste_ne_change_pas_la_saisine(
    client_de, saisine_a_qualifier
):
    url = reverse("accueil:saisine_qualifier", args=[saisine_a_qualifier.pk])
    client_de("intervenant_autre").post(url, {"decision": "sans_suite"})
    saisine_a_qualifier.refresh_from_db()
    assert saisine_a_qualifier.etat == "recue"


@pytest.mark.parametrize("persona", ["intervenante", "intervenante_binome"])
def test_les_deux_intervenantes_du_poste_partage_ouvrent_le_dossier(
    client_de, objets_du_poste, persona
):
    client = client_de(persona)
    for nom, genre in OBJET_DE_L_URL.items():
        if nom in URLS_POST_SEULEMENT:
            continue
        url = reverse(f"accueil:{nom}", args=[objets_du_poste[genre].pk])
        assert client.get(url).status_code == 200, nom


@pytest.mark.parametrize("persona", ["intervenante", "intervenante_binome"])
def test_la_file_active_montre_les_situations_des_trois_sites_du_poste(
    client_de, monde, situation_autre, persona
):
    for site, nom in [
        (monde.commissariat, "Nazairienne"),
        (monde.brigade_1, "Savenaysienne"),
        (monde.brigade_2, "Pontchatelaine"),
    ]:
        s = SaisineFactory(situation__personne__poste=monde.poste, situation__personne__nom=nom)
        s.situation.sites.set([site])
        SaisineFactory(situation=s.situation, site=site)
    page = texte(client_de(persona).get(reverse("accueil:dossiers")))
    assert _noms_du_tableau(page, "NAZAIRIENNE", "SAVENAYSIENNE", "PONTCHATELAINE") == [
        "NAZAIRIENNE",
        "SAVENAYSIENNE",
        "PONTCHATELAINE",
    ]
    assert "REZÉENNE" not in page


def test_l_intervenant_de_l_autre_poste_ne_voit_que_les_siennes(
    client_de, situation, situation_autre
):
    page = texte(client_de("intervenant_autre").get(reverse("accueil:dossiers")))
    assert "REZÉENNE" in page
    assert "LEFÈVRE" not in page


@pytest.mark.parametrize("persona", ["intervenante", "intervenante_binome"])
def test_la_boite_montre_les_saisines_de_tous_les_sites_du_poste(client_de, monde, persona):
    for site, nom in [
        (monde.commissariat, "Agentcommissariat"),
        (monde.brigade_1, "Gendarmebrigadeun"),
        (monde.brigade_2, "Gendarmebrigadedeux"),
        (monde.commissariat_autre, "Autreposte"),
    ]:
        poste = monde.poste if site != monde.commissariat_autre else monde.poste_autre
        SaisineRecueFactory(poste=poste, site=site, nom_declare=nom)
    page = texte(client_de(persona).get(reverse("accueil:boite")))
    assert _noms_du_tableau(
        page, "AGENTCOMMISSARIAT", "GENDARMEBRIGADEUN", "GENDARMEBRIGADEDEUX", "AUTREPOSTE"
    ) == ["AGENTCOMMISSARIAT", "GENDARMEBRIGADEUN", "GENDARMEBRIGADEDEUX"]


def test_la_boite_de_l_autre_poste_ne_montre_pas_les_saisines_du_poste(
    client_de, saisine_a_qualifier
):
    page = texte(client_de("intervenant_autre").get(reverse("accueil:boite")))
    assert "LEFEVRE" not in page
    assert "Appel au 17" not in page


@pytest.mark.parametrize(
    "lecture",
    [
        selectors.situations_visibles,
        selectors.caseload,
        selectors.saisines_a_qualifier,
        selectors.postes_accessibles,
        selectors.partenaires_pour,
    ],
)
@pytest.mark.parametrize(
    "persona", ["admin", "chef", "agent", "employeur", "coordinateur", "clspd", "cdp", "sans_role"]
)
def test_aucun_autre_role_ne_lit_de_dossier(
    monde, situation, saisine_a_qualifier, lecture, persona
):
    assert list(lecture(monde[persona])) == []


def test_le_superutilisateur_ne_voit_rien_par_les_pages(client_de, situation):
    client = client_de("admin")
    assert client.get(reverse("accueil:dossiers")).status_code == 404
    assert client.get(reverse("accueil:situation", args=[situation.pk])).status_code == 404


def test_les_similaires_ne_proposent_pas_les_personnes_d_un_autre_poste(monde, situation_autre):
    trouves = selectors.personnes_similaires(monde["intervenante"], nom="Rezéenne")
    assert list(trouves) == []


def test_la_fin_de_l_affectation_retire_l_acces_au_dossier(client_de, monde, situation):
    affectation = Affectation.objects.get(utilisateur=monde["intervenante_binome"])
    terminer_affectation(affectation=affectation, date_fin=datetime.date(2026, 1, 1))
    url = reverse("accueil:situation", args=[situation.pk])
    assert client_de("intervenante_binome").get(url).status_code == 404
    assert client_de("intervenante").get(url).status_code == 200


def test_un_successeur_sur_le_poste_recoit_ses_dossiers(monde, situation, situation_autre):
    from intervenants.models import Role
    from tests.factories import UserFactory, affecter

    successeur = UserFactory(username="successeur")
    affecter(successeur, Role.INTERVENANT, monde.poste)
    assert list(selectors.situations_visibles(successeur)) == [situation]


def test_une_situation_d_un_poste_sans_site_commun_reste_invisible(monde):
    autre = SituationFactory()  # a post of another employer, created by the factory
    assert selectors.situations_visibles(monde["intervenante"]).filter(pk=autre.pk).count() == 0
