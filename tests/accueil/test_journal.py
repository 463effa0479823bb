"""Access journal: who opened, created, changed or transmitted what — never the content —
and the employer's data-protection officer's page listing it."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from accueil import services
from intervenants.models import ActionJournal, Journal
from intervenants.services import journaliser
from tests.accueil.conftest import texte

pytestmark = pytest.mark.django_db

URL_JOURNAL = reverse("intervenants:journal")


def _ouvrir(client_de, persona, situation):
    return client_de(persona).get(reverse("accueil:situation", args=[situation.pk]))


def _contenus_confidentiels(situation):
    """Every piece of content of the file that the journal must never hold."""
    personne = situation.personne
    contenus = [personne.nom, personne.prenom, personne.telephone]
    contenus += [s.motif for s in situation.saisines.all()]
    contenus += [e.notes for e in situation.entretiens.all() if e.notes]
    contenus += [t.resume for t in situation.transmissions.all()]
    contenus += [t.destinataire for t in situation.transmissions.all()]
    return contenus


def _fuites(entrees, contenus) -> list[str]:
    valeurs = " | ".join(str(v) for e in entrees for v in model_to_dict(e).values())
    return [c for c in contenus if c and c in valeurs]


# --- Consultation -----------------------------------------------------------------------------


def test_ouvrir_un_dossier_ecrit_une_consultation(client_de, monde, situation):
    _ouvrir(client_de, "intervenante", situation)
    entree = Journal.objects.get(action=ActionJournal.CONSULTATION)
    assert (entree.utilisateur, entree.poste) == (monde["intervenante"], monde.poste)
    assert (entree.objet_type, entree.objet_id) == ("accueil.Situation", str(situation.pk))
    assert entree.details == {}


def test_la_consultation_ne_contient_jamais_les_notes(client_de, situation, entretien):
    _ouvrir(client_de, "intervenante", situation)
    entree = Journal.objects.get(action=ActionJournal.CONSULTATION)
    assert _fuites([entree], _contenus_confidentiels(situation)) == []
    assert "craint" not in str(entree.details)


def test_chaque_ouverture_est_journalisee(client_de, monde, situation):
    _ouvrir(client_de, "intervenante", situation)
    _ouvrir(client_de, "intervenante_binome", situation)
    _ouvrir(client_de, "intervenante", situation)
    utilisateurs = Journal.objects.filter(action=ActionJournal.CONSULTATION).values_list(
        "utilisateur__username", flat=True
    )
    assert sorted(utilisateurs) == ["intervenante", "intervenante", "intervenante_binome"]


def test_une_ouverture_refusee_n_ecrit_pas_de_consultation(client_de, situation):
    assert _ouvrir(client_de, "intervenant_autre", situation).status_code == 404
    assert _ouvrir(client_de, "admin", situation).status_code == 404
    assert not Journal.objects.filter(action=ActionJournal.CONSULTATION).exists()


def test_la_file_active_n_ecrit_pas_de_consultation_par_ligne(client_de, situation):
    client_de("intervenante").get(reverse("accueil:dossiers"))
    assert not Journal.objects.filter(action=ActionJournal.CONSULTATION).exists()


# --- Creations and updates ---------------------------------------------------------------------


def test_creer_et_modifier_un_entretien_est_journalise(client_de, monde, situation):
    client = client_de("intervenante")
    donnees = {"date": "2026-10-05", "mode": "physique", "adhesion": "on", "notes": "Première"}
    client.post(reverse("accueil:entretien_creer", args=[situation.pk]), donnees)
    entretien = situation.entretiens.get()
    client_de("intervenante_binome").post(
        reverse("accueil:entretien_modifier", args=[entretien.pk]),
        {**donnees, "version": 1, "notes": "Seconde"},
    )
    entrees = Journal.objects.filter(objet_type="accueil.Entretien", objet_id=str(entretien.pk))
    assert sorted((e.action, e.utilisateur.username) for e in entrees) == [
        (ActionJournal.CREATION, "intervenante"),
        (ActionJournal.MODIFICATION, "intervenante_binome"),
    ]
    assert _fuites(entrees, ["Première", "Seconde"]) == []


def test_acte_orientation_et_transmission_sont_journalises(client_de, monde, situation):
    client = client_de("intervenante")
    pk = situation.pk
    client.post(reverse("accueil:acte_creer", args=[pk]), {"date": "2026-10-05", "type": "ecoute"})
    client.post(
        reverse("accueil:orientation_creer", args=[pk]),
        {"date": "2026-10-05", "type_partenaire": "cidff", "consentement": "on"},
    )
    client.post(
        reverse("accueil:transmission_creer", args=[pk]),
        {
            "nature": "secret_partage",
            "fondement": "casf_l121_6_2",
            "destinataire": "MDS Ouest",
            "date": "2026-10-05",
            "resume": "Résumé strictement nécessaire",
            "personne_informee": "on",
        },
    )
    actions = set(Journal.objects.filter(poste=monde.poste).values_list("objet_type", "action"))
    assert {
        ("accueil.Acte", "creation"),
        ("accueil.Orientation", "creation"),
        ("accueil.Transmission", "transmission"),
    } <= actions


def test_aucune_entree_du_journal_ne_contient_le_contenu_du_dossier(
    client_de, monde, situation, entretien, orientation
):
    services.enregistrer_transmission(
        auteur=monde["intervenante"],
        situation=situation,
        nature="secret_partage",
        fondement="casf_l121_6_2",
        destinataire="Service social départemental",
        date=datetime.date(2026, 10, 5),
        resume="Détails sensibles de la transmission",
        copie_crip=False,
        date_copie_crip=None,
        personne_informee=False,
        motif_non_information="Danger pour la personne",
    )
    _ouvrir(client_de, "intervenante", situation)
    client_de("intervenante").post(
        reverse("accueil:personne_modifier", args=[situation.pk]),
        {"version": 1, "nom": "Lefèvre", "sexe": "F", "telephone": "06 55 44 33 22"},
    )
    contenus = _contenus_confidentiels(situation) + ["Danger pour la personne", "06 55 44 33 22"]
    assert Journal.objects.count() >= 4
    assert _fuites(Journal.objects.all(), contenus) == []


# --- The employer's journal page (DPO) -----------------------------------------------------------


@pytest.fixture
def entrees(client_de, situation, situation_autre):
    _ouvrir(client_de, "intervenante", situation)
    _ouvrir(client_de, "intervenante_binome", situation)
    _ouvrir(client_de, "intervenant_autre", situation_autre)


def _lignes(reponse) -> list[tuple[str, str]]:
    """The page's entries, leaving out those the persona fixtures wrote (affectations)."""
    return [
        (e.utilisateur.username if e.utilisateur else "", e.action)
        for e in reponse.context["page"].object_list
        if e.action != ActionJournal.AFFECTATION_CREEE
    ]


def test_l_employeur_voit_le_journal_de_ses_postes(client_de, entrees):
    reponse = client_de("employeur").get(URL_JOURNAL)
    lignes = _lignes(reponse)
    assert ("intervenante", "consultation") in lignes
    assert ("intervenante_binome", "consultation") in lignes
    assert "<td>intervenante_binome</td>" in texte(reponse)


def test_l_employeur_ne_voit_pas_le_journal_d_un_poste_d_un_autre_employeur(client_de, entrees):
    reponse = client_de("employeur").get(URL_JOURNAL)
    assert "intervenant_autre" not in [compte for compte, _ in _lignes(reponse)]
    assert "<td>intervenant_autre</td>" not in texte(reponse)


def test_le_journal_n_affiche_aucun_contenu_du_dossier(client_de, situation, entretien, entrees):
    page = texte(client_de("employeur").get(URL_JOURNAL))
    assert [c for c in _contenus_confidentiels(situation) if c in page] == []
    assert "LEFÈVRE" not in page


def test_le_journal_filtre_par_compte(client_de, entrees):
    reponse = client_de("employeur").get(URL_JOURNAL, {"compte": "binome"})
    assert _lignes(reponse) == [("intervenante_binome", "consultation")]


def test_le_journal_filtre_par_action(client_de, monde, entrees, entretien):
    services.enregistrer_acte(
        auteur=monde["intervenante"],
        situation=entretien.situation,
        date=datetime.date(2026, 10, 5),
        type="ecoute",
    )
    reponse = client_de("employeur").get(URL_JOURNAL, {"action": "creation"})
    assert _lignes(reponse) == [("intervenante", "creation")]


def test_le_journal_filtre_par_poste(client_de, monde, entrees):
    journaliser(
        utilisateur=monde["intervenante"],
        action=ActionJournal.EXPORT,
        poste=monde.poste,
    )
    reponse = client_de("employeur").get(URL_JOURNAL, {"poste": monde.poste.pk})
    assert len(_lignes(reponse)) == 3


def test_le_poste_d_un_autre_employeur_n_est_pas_un_filtre_possible(client_de, monde, entrees):
    reponse = client_de("employeur").get(URL_JOURNAL, {"poste": monde.poste_autre.pk})
    assert "poste" in reponse.context["form"].errors
    assert "intervenant_autre" not in [compte for compte, _ in _lignes(reponse)]


def test_le_journal_filtre_par_periode(client_de, monde, entrees):
    ancienne = journaliser(utilisateur=monde["intervenante"], action="export", poste=monde.poste)
    client = client_de("employeur")
    aujourd_hui = ancienne.horodatage.date().isoformat()
    assert len(_lignes(client.get(URL_JOURNAL, {"du": aujourd_hui}))) == 3
    assert _lignes(client.get(URL_JOURNAL, {"au": "2020-01-01"})) == []


@pytest.mark.parametrize(
    "parametres",
    [
        {"du": "pas-une-date", "page": "abc"},
        {"du": "2026-06-30", "au": "2026-01-01"},
        {"action": "effacement"},
        {"poste": "999999"},
        {"compte": "x" * 300},
        {"page": "-1"},
    ],
)
def test_des_filtres_fantaisistes_du_journal_ne_font_pas_d_erreur(client_de, entrees, parametres):
    reponse = client_de("employeur").get(URL_JOURNAL, parametres)
    assert reponse.status_code == 200
    assert "intervenant_autre" not in [compte for compte, _ in _lignes(reponse)]


def test_une_periode_inversee_du_journal_est_signalee(client_de, entrees):
    reponse = client_de("employeur").get(URL_JOURNAL, {"du": "2026-06-30", "au": "2026-01-01"})
    assert reponse.context["form"].errors["au"] == ["La fin de la période précède son début."]


@pytest.mark.parametrize("persona", ["intervenante", "chef", "agent", "coordinateur", "admin"])
def test_seul_l_employeur_ouvre_le_journal(client_de, entrees, persona):
    assert client_de(persona).get(URL_JOURNAL).status_code == 404
