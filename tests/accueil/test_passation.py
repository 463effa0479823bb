"""Handover notes (issue 17, item 1): written on a file by a worker of the post, encrypted,
shown first to the next one who opens the file until marked read or replaced; erased with
the person's data, re-encrypted with the others, never seen by anyone outside the post."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accueil import retention
from accueil.models import NotePassation
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import messages_de, texte
from tests.accueil.test_droits import pdf_en_texte

pytestmark = pytest.mark.django_db

NOTE = "Madame attend l'appel du CIDFF mardi ; ne jamais appeler le fixe du domicile."
RETOUR = "Appel du CIDFF fait, hébergement trouvé jusqu'à fin du mois."


def _ecrire(situation):
    return reverse("accueil:passation_ecrire", args=[situation.pk])


def _lue(situation):
    return reverse("accueil:passation_lue", args=[situation.pk])


def _dossier(situation):
    return reverse("accueil:situation", args=[situation.pk])


def _brut(note) -> str:
    with connection.cursor() as curseur:
        curseur.execute("SELECT texte FROM accueil_notepassation WHERE id = %s", [note.pk])
        return curseur.fetchone()[0]


@pytest.fixture
def note(situation, client_de):
    client_de("intervenante").post(_ecrire(situation), {"version": "0", "texte": NOTE})
    return NotePassation.objects.get(situation=situation)


def test_l_intervenante_ecrit_la_note_journalisee_sans_contenu(note, situation, monde):
    assert note.texte == NOTE and note.auteur == monde["intervenante"] and not note.est_lue
    entree = Journal.objects.get(action=ActionJournal.CREATION, objet_id=note.pk)
    assert entree.poste == monde.poste and entree.utilisateur == monde["intervenante"]
    assert "CIDFF" not in str(entree.details)


def test_la_note_est_chiffree_dans_la_base(note, settings):
    brut = _brut(note)
    assert "CIDFF" not in brut and "Madame" not in brut
    assert Fernet(settings.CHIFFREMENT_CLES[0].encode()).decrypt(brut.encode()).decode() == NOTE


def test_la_note_est_en_tete_du_dossier_pour_la_suivante(note, situation, client_de):
    page = texte(client_de("intervenante_binome").get(_dossier(situation)))
    assert "CIDFF mardi" in page
    # Before anything else of the file: the person's card comes after.
    assert page.index("Note de passation") < page.index('id="titre-personne"')
    assert "J'ai lu la note" in page
    # Its author sees it folded, waiting to be read.
    page = texte(client_de("intervenante").get(_dossier(situation)))
    assert "pas encore lue" in page and "J'ai lu la note" not in page


def test_marquee_lue_elle_quitte_la_tete_du_dossier(note, situation, client_de, monde):
    client = client_de("intervenante_binome")
    reponse = client.post(_lue(situation))
    assert reponse.status_code == 302
    note.refresh_from_db()
    assert note.est_lue and note.lue_par == monde["intervenante_binome"]
    page = texte(client.get(_dossier(situation)))
    assert "J'ai lu la note" not in page
    assert "lue par" in page and "CIDFF mardi" in page  # still there, folded
    assert Journal.objects.filter(
        action=ActionJournal.CONSULTATION, objet_id=note.pk, details__note_passation="lue"
    ).exists()
    # Twice: a message, nothing more.
    reponse = client.post(_lue(situation))
    assert "déjà marquée lue" in " ".join(messages_de(reponse))


def test_l_auteure_ne_marque_pas_sa_propre_note_lue(note, situation, client_de):
    reponse = client_de("intervenante").post(_lue(situation))
    assert "C'est votre note" in " ".join(messages_de(reponse))
    note.refresh_from_db()
    assert not note.est_lue


def test_le_suppleant_repond_par_une_note_qui_remplace(note, situation, client_de, monde):
    client = client_de("intervenante_binome")
    page = client.get(_ecrire(situation))
    assert "CIDFF mardi" in texte(page)  # the note replaced is shown above the form
    reponse = client.post(_ecrire(situation), {"version": str(note.version), "texte": RETOUR})
    assert reponse.status_code == 302
    note.refresh_from_db()
    assert note.texte == RETOUR and note.auteur == monde["intervenante_binome"]
    assert NotePassation.objects.count() == 1
    assert "hébergement trouvé" in texte(client_de("intervenante").get(_dossier(situation)))


def test_remplacer_une_note_qu_on_n_a_pas_vue_est_refuse(note, situation, client_de):
    # Opened before the note existed (version 0), sent after: refused, text kept.
    reponse = client_de("intervenante_binome").post(
        _ecrire(situation), {"version": "0", "texte": RETOUR}
    )
    assert reponse.status_code == 200
    assert "remplacée ou lue" in " ".join(reponse.context["form"].non_field_errors())
    assert reponse.context["form"]["texte"].value() == RETOUR
    note.refresh_from_db()
    assert note.texte == NOTE


@pytest.mark.parametrize(
    ("donnees", "message"),
    [
        ({"version": "0", "texte": "   "}, "Écrivez la note"),
        ({"version": "0", "texte": "x" * 4001}, "4000 caractères"),
    ],
)
def test_note_vide_ou_trop_longue_refusee(situation, client_de, donnees, message):
    reponse = client_de("intervenante").post(_ecrire(situation), donnees)
    assert reponse.status_code == 200
    assert message in " ".join(reponse.context["form"].errors.get("texte", []))
    assert not NotePassation.objects.exists()


@pytest.mark.parametrize(
    "persona",
    ["intervenant_autre", "chef", "agent", "employeur", "coordinateur", "clspd", "admin"],
)
def test_jamais_visible_hors_du_poste(note, situation, client_de, persona):
    client = client_de(persona)
    for url in (_dossier(situation), _ecrire(situation), reverse("espace:espace")):
        reponse = client.get(url)
        assert "CIDFF" not in texte(reponse)
    assert client.get(_ecrire(situation)).status_code == 404
    assert client.post(_ecrire(situation), {"version": "1", "texte": "x"}).status_code == 404
    assert client.post(_lue(situation)).status_code == 404
    note.refresh_from_db()
    assert note.texte == NOTE and not note.est_lue


def test_l_effacement_supprime_la_note(note, situation, monde):
    bilan = retention.effacer_personne(
        auteur=monde["intervenante"], personne=situation.personne, motif="demande"
    )
    assert bilan.notes_passation == 1
    assert not NotePassation.objects.exists()


def test_la_purge_supprime_la_note(note, situation):
    from django.utils import timezone

    situation.date_cloture = situation.date_ouverture
    situation.derniere_activite = situation.date_ouverture
    situation.save()
    bilan = retention.purger_donnees(
        mois=1, executer=True, jour=timezone.localdate().replace(year=2030)
    )
    assert bilan.notes_passation == 1
    assert not NotePassation.objects.exists()


def test_rechiffrer_passe_la_note_sous_la_nouvelle_cle(note, settings):
    ancienne = settings.CHIFFREMENT_CLES[0]
    nouvelle = Fernet.generate_key().decode()
    settings.CHIFFREMENT_CLES = [nouvelle, ancienne]
    call_command("rechiffrer", stdout=io.StringIO())
    assert Fernet(nouvelle.encode()).decrypt(_brut(note).encode()).decode() == NOTE


def test_le_droit_d_acces_reprend_la_note(note, situation, client_de):
    reponse = client_de("intervenante").get(reverse("accueil:personne_export", args=[situation.pk]))
    assert "ne jamais appeler le fixe" in pdf_en_texte(reponse.content)
