"""Issue 17, item 5: the post's register of requisitions.

Who asked, when, for which procedure, what; what was answered and why. The worker takes
no part in investigations (framework III.7): a refusal always has its reason. Read by the
post's workers only; counted, by answer, in the statistics."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from accueil.models import Requisition
from intervenants.models import ActionJournal, Journal
from rapports.statistiques import Perimetre, Periode, calculer
from tests.accueil.conftest import comptes_des_lignes, iso, messages_de, texte
from tests.accueil.factories import RequisitionFactory

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 10, 5)
OBJET = "Copie des notes d'entretien avec Mme Lefèvre."


def _donnees(monde, **autres):
    return {
        "poste": monde.poste.pk,
        "situation": "",
        "date": iso(JOUR),
        "qualite_requerant": "opj_police",
        "requerant": "Capitaine Martin, BPF de Saint-Nazaire",
        "cadre": "cpp_77_1_1",
        "ecrite": "on",
        "reference": "PV 2026/0456",
        "objet": OBJET,
        "reponse": "refusee",
        "date_reponse": iso(JOUR),
        "motif_refus": "secret_professionnel",
        "precision_motif": "",
        "transmis": "",
        **autres,
    }


def _creer(client_de, donnees, persona="intervenante"):
    return client_de(persona).post(reverse("accueil:requisition_creer"), donnees)


def _refus(client_de, donnees):
    avant = comptes_des_lignes()
    reponse = _creer(client_de, donnees)
    assert reponse.status_code == 200
    assert comptes_des_lignes() == avant
    return reponse.context["form"]


def test_un_refus_motive_est_enregistre_journalise_et_compte(client_de, monde, situation):
    reponse = _creer(client_de, _donnees(monde, situation=situation.pk))
    assert reponse["Location"] == reverse("accueil:requisitions")
    assert messages_de(reponse) == ["Réquisition enregistrée au registre du poste."]
    requisition = Requisition.objects.get()
    assert (requisition.poste, requisition.situation, requisition.auteur) == (
        monde.poste,
        situation,
        monde["intervenante"],
    )
    assert (requisition.reponse, requisition.motif_refus) == ("refusee", "secret_professionnel")
    entree = Journal.objects.get(objet_type="accueil.Requisition")
    assert (entree.action, entree.poste, entree.details) == (
        ActionJournal.CREATION,
        monde.poste,
        {"reponse": "refusee"},
    )
    # The register shows it, with its reason.
    registre = texte(client_de("intervenante").get(reverse("accueil:requisitions")))
    assert "Capitaine Martin, BPF de Saint-Nazaire" in registre
    assert "Refus de répondre le 05/10/2026" in registre
    assert "Secret professionnel" in registre
    # Counted in the statistics by answer, from the running totals and from the raw table.
    for direct in (False, True):
        stats = calculer(Perimetre("poste", monde.poste), Periode.du_mois(2026, 10), direct=direct)
        tableau = stats.tableau("requisitions")
        assert tableau.lignes == [
            ("donnee", "réponse donnée"),
            ("partielle", "réponse partielle"),
            ("refusee", "refus de répondre"),
        ]
        assert tableau.colonnes[0][1] == [0, 0, 1]


def test_ce_qui_est_demande_est_chiffre(client_de, monde):
    _creer(client_de, _donnees(monde))
    with connection.cursor() as curseur:
        curseur.execute("SELECT objet FROM accueil_requisition")
        (brut,) = curseur.fetchone()
    assert "Lefèvre" not in brut
    assert Requisition.objects.get().objet == OBJET


def test_un_refus_sans_motif_est_refuse_a_cote_du_champ(client_de, monde):
    form = _refus(client_de, _donnees(monde, motif_refus=""))
    assert form.errors["motif_refus"] == ["Indiquez le motif du refus, total ou partiel."]
    assert form["objet"].value() == OBJET
    assert form["requerant"].value() == "Capitaine Martin, BPF de Saint-Nazaire"


def test_le_motif_autre_demande_sa_precision(client_de, monde):
    form = _refus(
        client_de, _donnees(monde, reponse="partielle", motif_refus="autre", transmis="x")
    )
    assert form.errors["precision_motif"] == ["Précisez le motif en quelques mots."]


def test_rien_n_est_donne_sans_requisition_ecrite(client_de, monde):
    donnees = _donnees(monde, reponse="donnee", motif_refus="", transmis="Date du rendez-vous.")
    del donnees["ecrite"]
    form = _refus(client_de, donnees)
    assert "Sans réquisition écrite, rien n'est transmis" in form.errors["reponse"][0]


def test_une_reponse_donnee_dit_ce_qui_a_ete_transmis(client_de, monde):
    form = _refus(client_de, _donnees(monde, reponse="donnee", motif_refus=""))
    assert form.errors["transmis"] == ["Indiquez ce qui a été transmis (le strict nécessaire)."]


def test_une_reponse_donnee_n_a_pas_de_motif_de_refus(client_de, monde):
    _creer(
        client_de,
        _donnees(monde, reponse="donnee", motif_refus="hors_mission", transmis="Date du rdv."),
    )
    assert Requisition.objects.get().motif_refus == ""


def test_la_reponse_ne_precede_pas_la_reception(client_de, monde):
    veille = iso(JOUR - datetime.timedelta(days=1))
    form = _refus(client_de, _donnees(monde, date_reponse=veille))
    assert form.errors["date_reponse"] == [
        "La réponse ne peut précéder la réception de la réquisition."
    ]


def test_la_situation_d_un_autre_poste_est_introuvable(client_de, monde, situation_autre):
    form = _refus(client_de, _donnees(monde, situation=situation_autre.pk))
    assert form.errors["situation"] == [
        f"Aucune situation n° {situation_autre.pk} dans les dossiers de vos postes."
    ]


@pytest.mark.parametrize("valeur", ["douze", "-3", "99999999999", "1e5"])
def test_un_numero_de_situation_absurde_est_refuse(client_de, monde, valeur):
    form = _refus(client_de, _donnees(monde, situation=valeur))
    assert "situation" in form.errors


def test_le_poste_d_un_autre_est_refuse(client_de, monde):
    form = _refus(client_de, _donnees(monde, poste=monde.poste_autre.pk))
    assert "Sélectionnez un choix valide" in form.errors["poste"][0]


def test_le_motif_de_refus_est_explique_a_cote_du_champ(client_de):
    page = texte(client_de("intervenante").get(reverse("accueil:requisition_creer")))
    debut = page.index('id="div_id_motif_refus"')
    champ = page[debut : page.index('id="div_id_precision_motif"')]
    assert "<strong>hors mission : pas de participation à l&#x27;enquête</strong>" in champ
    assert "226-13" in champ and "III.7" in champ


def test_le_dossier_propose_la_requisition_de_sa_situation(client_de, situation):
    client = client_de("intervenante")
    page = client.get(reverse("accueil:requisition_creer") + f"?situation={situation.pk}")
    assert page.context["form"]["situation"].value() == situation.pk


# --- Who reads the register -------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["chef", "agent", "employeur", "coordinateur", "clspd", "admin", "sans_role"]
)
def test_le_registre_est_introuvable_hors_du_poste(client_de, monde, persona):
    requisition = RequisitionFactory(poste=monde.poste, auteur=monde["intervenante"])
    client = client_de(persona)
    for url in (
        reverse("accueil:requisitions"),
        reverse("accueil:requisition_creer"),
        reverse("accueil:requisition_modifier", args=[requisition.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("accueil:requisition_creer"), _donnees(monde)).status_code == 404
    assert Requisition.objects.count() == 1


def test_l_autre_poste_ne_voit_ni_ne_modifie_la_requisition(client_de, monde):
    requisition = RequisitionFactory(poste=monde.poste, auteur=monde["intervenante"])
    client = client_de("intervenant_autre")
    assert requisition.requerant not in texte(client.get(reverse("accueil:requisitions")))
    url = reverse("accueil:requisition_modifier", args=[requisition.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**_donnees(monde), "version": 1}).status_code == 404
    requisition.refresh_from_db()
    assert requisition.version == 1


# --- Editing ------------------------------------------------------------------------------------


def test_modifier_la_reponse_met_les_statistiques_a_jour(client_de, monde):
    requisition = RequisitionFactory(poste=monde.poste, auteur=monde["intervenante"], date=JOUR)
    url = reverse("accueil:requisition_modifier", args=[requisition.pk])
    donnees = _donnees(
        monde, reponse="partielle", motif_refus="hors_mission", transmis="Dates de rendez-vous."
    )
    del donnees["poste"]
    reponse = client_de("intervenante").post(url, {**donnees, "version": 1})
    assert reponse["Location"] == reverse("accueil:requisitions")
    requisition.refresh_from_db()
    assert (requisition.reponse, requisition.version) == ("partielle", 2)
    stats = calculer(Perimetre("poste", monde.poste), Periode.du_mois(2026, 10))
    assert stats.tableau("requisitions").colonnes[0][1] == [0, 1, 0]


def test_une_modification_concurrente_est_refusee_saisie_conservee(client_de, monde):
    requisition = RequisitionFactory(poste=monde.poste, auteur=monde["intervenante"], date=JOUR)
    Requisition.objects.filter(pk=requisition.pk).update(version=2)
    donnees = _donnees(monde, requerant="Lieutenant Bernard")
    del donnees["poste"]
    reponse = client_de("intervenante").post(
        reverse("accueil:requisition_modifier", args=[requisition.pk]), {**donnees, "version": 1}
    )
    assert reponse.status_code == 200
    assert "modifiée par quelqu'un d'autre" in reponse.context["form"].non_field_errors()[0]
    assert reponse.context["form"]["requerant"].value() == "Lieutenant Bernard"
    requisition.refresh_from_db()
    assert requisition.requerant != "Lieutenant Bernard"


def test_l_effacement_de_la_personne_efface_le_texte_de_ses_requisitions(monde, situation):
    from accueil import retention

    requisition = RequisitionFactory(
        poste=monde.poste, situation=situation, auteur=monde["intervenante"], date=JOUR
    )
    bilan = retention.effacer_personne(
        auteur=monde["intervenante"], personne=situation.personne, motif="demande_personne"
    )
    assert bilan.requisitions == 1
    requisition.refresh_from_db()
    assert (requisition.objet, requisition.reference) == ("", "")
    # Who asked and the answer stay: the post's trace, and the statistics.
    assert (requisition.requerant, requisition.reponse) == (
        "Capitaine Martin, brigade de protection des familles",
        "refusee",
    )


def test_chaque_champ_chiffre_est_rechiffre_a_la_rotation_des_cles():
    """The register's encrypted texts pass under a new key like the others (rechiffrer)."""
    from django.apps import apps

    from accueil.chiffrement import TexteChiffre
    from accueil.management.commands.rechiffrer import CHAMPS

    chiffres = {
        (modele, champ.name)
        for modele in apps.get_models()
        for champ in modele._meta.concrete_fields
        if isinstance(champ, TexteChiffre)
    }
    assert chiffres == set(CHAMPS)
