"""Rights of the person: access (PDF), rectification link, erasure on request."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from accueil.models import Personne, Situation
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import comptes_des_lignes, messages_de, texte
from tests.accueil.factories import TransmissionFactory
from tests.accueil.test_retention import AUJOURD_HUI, dossier, lignes_contenant, statistiques

PDFTOTEXT = shutil.which("pdftotext")


def pdf_en_texte(contenu: bytes) -> str:
    """The PDF's text, whitespace collapsed (table cells wrap over several lines)."""
    sortie = subprocess.run(
        [PDFTOTEXT, "-", "-"], input=contenu, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(sortie.split())


@pytest.fixture
def dossier_complet(situation, entretien, monde):
    TransmissionFactory(
        situation=situation,
        auteur=monde["intervenante"],
        resume="Signalement des coups portés sur l'aîné.",
    )
    return situation


def _exporter(client, situation):
    return client.get(reverse("accueil:personne_export", args=[situation.pk]))


def _effacer(client, situation, **donnees):
    return client.post(reverse("accueil:personne_effacer", args=[situation.pk]), donnees)


# --- Right of access ---------------------------------------------------------------------


def test_le_pdf_contient_tout_ce_que_le_poste_detient_sur_la_personne(dossier_complet, client_de):
    response = _exporter(client_de("intervenante"), dossier_complet)
    assert response["Content-Type"] == "application/pdf"
    contenu = pdf_en_texte(response.content)
    for attendu in (
        "Lefèvre",
        "Élodie",
        "06 11 22 33 44",
        "Madame craint pour ses enfants",
        "Signalement des coups portés",
        "Main courante pour dispute conjugale",
        f"Situation n° {dossier_complet.pk}",
    ):
        assert attendu in contenu, attendu


def test_le_nom_du_fichier_ne_porte_pas_le_nom_de_la_personne(dossier_complet, client_de):
    response = _exporter(client_de("intervenante"), dossier_complet)
    disposition = response["Content-Disposition"]
    assert f"personne-{dossier_complet.personne_id}.pdf" in disposition
    assert "Lef" not in disposition


def test_le_pdf_reprend_toutes_les_situations_de_la_personne(dossier_complet, client_de, monde):
    seconde = dossier(monde, nom="Lefèvre", jour=AUJOURD_HUI, personne=dossier_complet.personne)
    contenu = pdf_en_texte(_exporter(client_de("intervenante"), dossier_complet).content)
    assert f"Situation n° {seconde.pk}" in contenu
    assert "Notes sur Lefèvre" in contenu


def test_l_export_est_journalise_sans_contenu(dossier_complet, client_de, monde):
    _exporter(client_de("intervenante_binome"), dossier_complet)
    trace = Journal.objects.get(action=ActionJournal.EXPORT)
    assert (trace.utilisateur, trace.objet_id) == (
        monde["intervenante_binome"],
        str(dossier_complet.personne_id),
    )
    assert "Lef" not in str(trace.details)


@pytest.mark.parametrize("persona", ["intervenant_autre", "chef", "employeur", "admin"])
def test_les_autres_personas_obtiennent_une_404_sans_trace_d_export(
    persona, dossier_complet, client_de
):
    response = _exporter(client_de(persona), dossier_complet)
    assert response.status_code == 404
    assert not Journal.objects.filter(action=ActionJournal.EXPORT).exists()


# --- Rectification -----------------------------------------------------------------------


def test_le_dossier_propose_rectification_export_et_effacement(situation, client_de):
    page = texte(client_de("intervenante").get(reverse("accueil:situation", args=[situation.pk])))
    for nom in ("personne_modifier", "personne_export", "personne_effacer"):
        assert reverse(f"accueil:{nom}", args=[situation.pk]) in page


# --- Erasure on request ------------------------------------------------------------------


def test_la_page_de_confirmation_annonce_ce_qui_sera_efface(situation, client_de):
    response = client_de("intervenante").get(
        reverse("accueil:personne_effacer", args=[situation.pk])
    )
    assert "immédiat et définitif" in texte(response)


def test_sans_confirmation_rien_n_est_efface(dossier_complet, client_de):
    avant = comptes_des_lignes()
    response = _effacer(client_de("intervenante"), dossier_complet, motif="demande_personne")
    assert "Cochez la case pour confirmer l&#x27;effacement." in texte(response)
    assert Personne.objects.get(pk=dossier_complet.personne_id).nom == "Lefèvre"
    assert comptes_des_lignes() == avant


def test_motif_inconnu_refuse(dossier_complet, client_de):
    response = _effacer(
        client_de("intervenante"), dossier_complet, motif="<script>", confirmation="on"
    )
    assert response.status_code == 200
    assert Personne.objects.get(pk=dossier_complet.personne_id).anonymisee_le is None


def test_l_effacement_anonymise_la_personne_sans_changer_les_statistiques(
    dossier_complet, client_de
):
    avant = statistiques()
    response = _effacer(
        client_de("intervenante"), dossier_complet, motif="demande_personne", confirmation="on"
    )
    assert response.status_code == 302
    assert statistiques() == avant
    for trace in ("Lefèvre", "06 11 22 33 44", "dispute conjugale"):
        assert lignes_contenant(trace) == 0, trace
    assert Personne.objects.get(pk=dossier_complet.personne_id).anonymisee_le is not None


def test_l_effacement_est_immediat_meme_pour_une_situation_ouverte(dossier_complet, client_de):
    _effacer(client_de("intervenante"), dossier_complet, motif="erreur", confirmation="on")
    situation = Situation.objects.get(pk=dossier_complet.pk)
    assert situation.est_ouverte
    assert situation.entretiens.get().notes == ""


def test_l_effacement_est_journalise_avec_son_motif(dossier_complet, client_de, monde):
    client = client_de("intervenante")
    response = _effacer(client, dossier_complet, motif="demande_personne", confirmation="on")
    trace = Journal.objects.get(action=ActionJournal.PURGE)
    assert trace.utilisateur == monde["intervenante"]
    assert trace.details["effacement_sur_demande"] == "demande_personne"
    assert any("sont effacées" in m for m in messages_de(response))


def test_le_travailleur_d_un_autre_poste_ne_peut_pas_effacer(dossier_complet, client_de):
    response = _effacer(
        client_de("intervenant_autre"), dossier_complet, motif="erreur", confirmation="on"
    )
    assert response.status_code == 404
    assert Personne.objects.get(pk=dossier_complet.personne_id).anonymisee_le is None


def test_apres_effacement_le_dossier_s_affiche_sans_identite(dossier_complet, client_de):
    client = client_de("intervenante")
    _effacer(client, dossier_complet, motif="demande_personne", confirmation="on")
    page = texte(client.get(reverse("accueil:situation", args=[dossier_complet.pk])))
    assert "Données de la personne effacées le" in page
    assert "Lefèvre" not in page and "Madame craint" not in page


def test_un_second_effacement_renvoie_au_dossier_sans_nouvelle_trace(dossier_complet, client_de):
    client = client_de("intervenante")
    _effacer(client, dossier_complet, motif="demande_personne", confirmation="on")
    response = client.get(reverse("accueil:personne_effacer", args=[dossier_complet.pk]))
    assert response.status_code == 302
    assert Journal.objects.filter(action=ActionJournal.PURGE).count() == 1
