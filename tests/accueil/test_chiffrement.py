"""Encryption at rest: the raw columns hold Fernet tokens, never clear text."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accueil.models import Entretien, Transmission
from intervenants.models import Journal
from tests.accueil.factories import EntretienFactory, TransmissionFactory

pytestmark = pytest.mark.django_db

NOTES = "Madame évoque des coups répétés ; ne veut pas porter plainte pour l'instant."
RESUME = "Signalement : enfant de 4 ans exposé, mère sous emprise."


def _colonne(table, colonne, pk) -> str:
    with connection.cursor() as curseur:
        curseur.execute(f'SELECT "{colonne}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return curseur.fetchone()[0]


def _notes_brutes(entretien) -> str:
    return _colonne("accueil_entretien", "notes", entretien.pk)


def _resume_brut(transmission) -> str:
    return _colonne("accueil_transmission", "resume", transmission.pk)


def _cle_de_test(settings) -> str:
    return settings.CHIFFREMENT_CLES[0]


def test_la_colonne_des_notes_ne_contient_pas_le_texte_clair(situation):
    entretien = EntretienFactory(situation=situation, notes=NOTES)
    brut = _notes_brutes(entretien)
    assert "Madame" not in brut and "plainte" not in brut
    assert brut.startswith("gAAAAA")


def test_la_colonne_des_notes_est_un_jeton_fernet_de_la_cle(settings, situation):
    entretien = EntretienFactory(situation=situation, notes=NOTES)
    fernet = Fernet(_cle_de_test(settings).encode())
    assert fernet.decrypt(_notes_brutes(entretien).encode()).decode() == NOTES


def test_le_modele_rend_les_notes_en_clair(situation):
    entretien = EntretienFactory(situation=situation, notes=NOTES)
    assert Entretien.objects.get(pk=entretien.pk).notes == NOTES


def test_la_colonne_du_resume_ne_contient_pas_le_texte_clair(settings, situation):
    transmission = TransmissionFactory(situation=situation, resume=RESUME)
    brut = _resume_brut(transmission)
    assert "enfant" not in brut and "emprise" not in brut
    assert Fernet(_cle_de_test(settings).encode()).decrypt(brut.encode()).decode() == RESUME
    assert Transmission.objects.get(pk=transmission.pk).resume == RESUME


def test_un_meme_texte_donne_deux_jetons_differents(situation):
    premier = EntretienFactory(situation=situation, notes=NOTES)
    second = EntretienFactory(situation=situation, notes=NOTES)
    assert _notes_brutes(premier) != _notes_brutes(second)


def test_les_notes_saisies_dans_le_formulaire_sont_chiffrees(client_de, situation):
    client_de("intervenante").post(
        reverse("accueil:entretien_creer", args=[situation.pk]),
        {"date": "2026-10-05", "mode": "physique", "adhesion": "on", "notes": NOTES},
    )
    entretien = Entretien.objects.get()
    assert "Madame" not in _notes_brutes(entretien)
    assert entretien.notes == NOTES


def test_les_notes_modifiees_restent_chiffrees(client_de, entretien):
    client_de("intervenante").post(
        reverse("accueil:entretien_modifier", args=[entretien.pk]),
        {"version": 1, "date": "2026-03-02", "mode": "physique", "adhesion": "on", "notes": NOTES},
    )
    entretien.refresh_from_db()
    assert entretien.notes == NOTES
    assert "Madame" not in _notes_brutes(entretien)


def test_le_resume_saisi_dans_le_formulaire_est_chiffre(client_de, situation):
    client_de("intervenante").post(
        reverse("accueil:transmission_creer", args=[situation.pk]),
        {
            "nature": "secret_partage",
            "fondement": "casf_l121_6_2",
            "destinataire": "MDS",
            "date": "2026-10-05",
            "resume": RESUME,
            "personne_informee": "on",
        },
    )
    assert "emprise" not in _resume_brut(Transmission.objects.get())


def test_des_notes_vides_restent_vides(situation):
    entretien = EntretienFactory(situation=situation, notes="")
    assert _notes_brutes(entretien) == ""


def test_sans_la_cle_les_notes_ne_se_lisent_pas(settings, situation):
    entretien = EntretienFactory(situation=situation, notes=NOTES)
    settings.CHIFFREMENT_CLES = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="Impossible de déchiffrer une note"):
        Entretien.objects.get(pk=entretien.pk)


def test_une_cle_invalide_est_signalee_en_francais(settings, situation):
    settings.CHIFFREMENT_CLES = ["pas-une-cle"]
    with pytest.raises(ImproperlyConfigured, match="clé Fernet invalide"):
        EntretienFactory(situation=situation, notes=NOTES)


# --- Key rotation (manage.py rechiffrer) ----------------------------------------------------


@pytest.fixture
def rotation(settings, situation):
    """Notes and a summary under the old key, then a new key put first."""
    ancienne = _cle_de_test(settings)
    entretien = EntretienFactory(situation=situation, notes=NOTES)
    vide = EntretienFactory(situation=situation, notes="")
    transmission = TransmissionFactory(situation=situation, resume=RESUME)
    nouvelle = Fernet.generate_key().decode()
    settings.CHIFFREMENT_CLES = [nouvelle, ancienne]
    return {
        "nouvelle": nouvelle,
        "entretien": entretien,
        "vide": vide,
        "transmission": transmission,
    }


def test_rechiffrer_passe_les_jetons_sous_la_nouvelle_cle(settings, rotation):
    call_command("rechiffrer", stdout=io.StringIO())
    fernet = Fernet(rotation["nouvelle"].encode())
    assert fernet.decrypt(_notes_brutes(rotation["entretien"]).encode()).decode() == NOTES
    assert fernet.decrypt(_resume_brut(rotation["transmission"]).encode()).decode() == RESUME


def test_apres_rechiffrement_l_ancienne_cle_peut_etre_retiree(settings, rotation):
    call_command("rechiffrer", stdout=io.StringIO())
    settings.CHIFFREMENT_CLES = [rotation["nouvelle"]]
    assert Entretien.objects.get(pk=rotation["entretien"].pk).notes == NOTES
    assert Transmission.objects.get(pk=rotation["transmission"].pk).resume == RESUME


def test_rechiffrer_laisse_les_notes_vides_et_ne_met_jamais_de_clair(settings, rotation):
    call_command("rechiffrer", stdout=io.StringIO())
    assert _notes_brutes(rotation["vide"]) == ""
    assert "Madame" not in _notes_brutes(rotation["entretien"])


def test_rechiffrer_annonce_et_journalise_le_nombre_de_textes(settings, rotation, capsys):
    call_command("rechiffrer")
    assert "2 texte(s) rechiffré(s)" in capsys.readouterr().out
    entree = Journal.objects.latest("horodatage", "id")
    assert (entree.utilisateur, entree.details) == (None, {"rechiffrement": 2, "pieces": 0})
