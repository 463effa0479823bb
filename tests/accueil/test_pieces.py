"""Attachments of a file (issue 17, item 2): recognised by content, encrypted at rest,
served to the post's workers only, and gone with the erasure and the retention purge."""

import datetime
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accueil.models import PieceJointe
from accueil.retention import purger_donnees
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import erreurs_de, messages_de, texte
from tests.accueil.factories import PNG_MINIMAL, PieceJointeFactory, SituationFactory
from tests.accueil.test_situation import REQUETES_MAX_DOSSIER
from tests.conftest import PERSONAS
from tests.conventions.factories import PDF_MINIMAL
from tests.navigateur import formulaire

pytestmark = pytest.mark.django_db

# What must never be readable at rest: a sentence inside the file, its title, its name.
SECRET = b"Certificat du Dr Martin : ecchymoses multiples constatees le 3 mars."
CONTENU = PDF_MINIMAL.replace(b"%%EOF", b"% " + SECRET + b"\n%%EOF")
TITRE = "Certificat médical du 3 mars"
NOM_DU_FICHIER = "certificat-lefevre-elodie.pdf"

# Everybody but the two workers of post P1.
AUTRES = [p for p in PERSONAS if p not in ("intervenante", "intervenante_binome", "anonyme")]


def _deposer(client, situation, *, contenu=CONTENU, nom=NOM_DU_FICHIER, titre=TITRE, **extra):
    donnees = {"titre": titre}
    if contenu is not None:
        donnees["fichier"] = SimpleUploadedFile(nom, contenu, content_type="application/pdf")
    return client.post(reverse("accueil:piece_deposer", args=[situation.pk]), donnees | extra)


def _brut(piece_pk: int) -> dict:
    """The row as the database holds it, read without the decrypting fields."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT contenu, titre, nom_original FROM accueil_piecejointe WHERE id = %s",
            [piece_pk],
        )
        ligne = curseur.fetchone()
    return (
        None
        if ligne is None
        else dict(zip(("contenu", "titre", "nom_original"), ligne, strict=True))
    )


def pdf_en_texte(octets: bytes) -> str:
    return subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607
        input=octets,
        capture_output=True,
        check=True,
    ).stdout.decode()


@pytest.fixture
def piece(situation, monde):
    return PieceJointeFactory(
        situation=situation,
        auteur=monde["intervenante"],
        clair=CONTENU,
        format="pdf",
        titre=TITRE,
    )


# --- Deposit ---------------------------------------------------------------------------


def test_une_piece_deposee_est_chiffree_dans_la_base(client_de, monde, situation):
    reponse = _deposer(client_de("intervenante"), situation)

    assert reponse.status_code == 302
    assert reponse["Location"].endswith(f"/situations/{situation.pk}/#pieces")
    piece = PieceJointe.objects.get(situation=situation)
    assert (piece.format, piece.taille, piece.titre) == ("pdf", len(CONTENU), TITRE)
    assert piece.nom_original == NOM_DU_FICHIER
    brut = _brut(piece.pk)
    contenu_brut = bytes(brut["contenu"])
    assert SECRET not in contenu_brut and b"%PDF" not in contenu_brut
    assert "Certificat" not in brut["titre"] and "lefevre" not in brut["nom_original"]
    trace = Journal.objects.get(action=ActionJournal.CREATION, objet_id=str(piece.pk))
    assert trace.details["situation"] == situation.pk
    assert "Certificat" not in str(trace.details) and "lefevre" not in str(trace.details)


def test_le_dossier_liste_la_piece_et_la_binome_la_telecharge(client_de, monde, situation, piece):
    client = client_de("intervenante_binome")
    page = texte(client.get(reverse("accueil:situation", args=[situation.pk])))
    assert TITRE in page and reverse("accueil:piece_telecharger", args=[piece.pk]) in page

    reponse = client.get(reverse("accueil:piece_telecharger", args=[piece.pk]))

    assert reponse.status_code == 200
    assert reponse.content == CONTENU
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"] == f'attachment; filename="piece-{piece.pk}.pdf"'
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in reponse["Cache-Control"]
    assert Journal.objects.filter(
        action=ActionJournal.EXPORT,
        objet_id=str(piece.pk),
        utilisateur=monde["intervenante_binome"],
        poste=monde.poste,
    ).exists()


@pytest.mark.parametrize("persona", AUTRES)
def test_tout_autre_role_recoit_404(client_de, piece, persona):
    client = client_de(persona)
    for nom in ("piece_telecharger", "piece_supprimer"):
        assert client.get(reverse(f"accueil:{nom}", args=[piece.pk])).status_code == 404
    assert client.post(reverse("accueil:piece_supprimer", args=[piece.pk])).status_code == 404
    assert _deposer(client, piece.situation).status_code == 404
    assert PieceJointe.objects.count() == 1


def test_le_poste_de_l_autre_ne_depose_rien_dans_le_dossier(client_de, situation_autre):
    assert _deposer(client_de("intervenante"), situation_autre).status_code == 404
    assert not PieceJointe.objects.exists()


def test_le_contenu_decide_du_format_pas_le_nom(client_de, situation):
    """A PNG named .pdf, sent as application/pdf, is a PNG: served as an image."""
    _deposer(client_de("intervenante"), situation, contenu=PNG_MINIMAL, nom="photo.pdf")
    piece = PieceJointe.objects.get()
    assert piece.format == "png"
    reponse = client_de("intervenante").get(reverse("accueil:piece_telecharger", args=[piece.pk]))
    assert reponse["Content-Type"] == "image/png"
    assert reponse["Content-Disposition"].endswith(f'"piece-{piece.pk}.png"')


@pytest.mark.parametrize(
    ("contenu", "nom", "message"),
    [
        (b"MZ\x90\x00 un programme", "certificat.pdf", "ni un PDF, ni une image"),
        (b"<html><script>alert(1)</script>", "page.pdf", "ni un PDF, ni une image"),
        (b"GIF89a une image refusee", "image.png", "ni un PDF, ni une image"),
        (b"", "vide.pdf", "Le fichier est vide."),
        (None, "", "Choisissez le fichier à déposer."),
    ],
    ids=["programme-renomme", "html-renomme", "gif", "vide", "absent"],
)
def test_un_fichier_refuse_le_dit_a_cote_du_champ(client_de, situation, contenu, nom, message):
    reponse = _deposer(client_de("intervenante"), situation, contenu=contenu, nom=nom)

    assert reponse.status_code == 200
    assert any(message in e for e in reponse.context["form"].errors["fichier"])
    assert reponse.context["form"]["titre"].value() == TITRE  # the input is kept
    assert 'class="invalid-feedback' in texte(reponse)
    assert not PieceJointe.objects.exists()
    assert not Journal.objects.filter(action=ActionJournal.CREATION).exists()


def test_un_fichier_trop_gros_est_refuse_sans_etre_garde(client_de, situation, settings):
    settings.ACCUEIL_TAILLE_MAX_PIECE = 1000
    trop = CONTENU + b"0" * 5000

    reponse = _deposer(client_de("intervenante"), situation, contenu=trop)

    assert reponse.status_code == 200
    assert "dépasse la taille maximale de 1000" in " ".join(erreurs_de(reponse)).replace(
        "\xa0", " "
    )
    assert not PieceJointe.objects.exists()
    # Exactly the limit passes.
    assert _deposer(client_de("intervenante"), situation, contenu=CONTENU).status_code == 302


def test_un_gros_envoi_n_est_jamais_ecrit_en_clair_dans_un_fichier_temporaire(
    client_de, situation, settings, monkeypatch
):
    """Django spools an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file;
    the deposit view keeps it in memory instead."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100

    def interdit(*args, **kwargs):
        raise AssertionError("pièce écrite en clair dans un fichier temporaire")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", interdit)
    gros = CONTENU + b"%" + b"x" * 200_000

    assert _deposer(client_de("intervenante"), situation, contenu=gros).status_code == 302
    assert PieceJointe.objects.get().taille == len(gros)


def test_le_formulaire_de_depot_garde_le_jeton_csrf(monde, situation):
    """The CSRF check moved inside the view (after the upload handler): still enforced."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(monde["intervenante"])
    url = reverse("accueil:piece_deposer", args=[situation.pk])
    page = strict.get(url)
    sans_jeton = strict.post(url, {"titre": TITRE, "fichier": SimpleUploadedFile("a.pdf", CONTENU)})
    assert sans_jeton.status_code == 403
    assert not PieceJointe.objects.exists()
    donnees = formulaire(page) | {
        "titre": [TITRE],
        "fichier": [SimpleUploadedFile("a.pdf", CONTENU)],
    }
    assert strict.post(url, donnees).status_code == 302
    assert PieceJointe.objects.count() == 1


# --- Deletion --------------------------------------------------------------------------


def test_supprimer_une_piece_l_efface_pour_de_bon(client_de, piece):
    client = client_de("intervenante_binome")
    page = client.get(reverse("accueil:piece_supprimer", args=[piece.pk]))
    assert TITRE in texte(page)

    reponse = client.post(reverse("accueil:piece_supprimer", args=[piece.pk]), formulaire(page))

    assert reponse.status_code == 302
    assert _brut(piece.pk) is None
    assert Journal.objects.filter(
        action=ActionJournal.PURGE, objet_id=str(piece.pk), details__suppression=True
    ).exists()
    assert f"Pièce n° {piece.pk} supprimée." in messages_de(reponse)
    assert client.get(reverse("accueil:piece_telecharger", args=[piece.pk])).status_code == 404


# --- Erasure, purge, access, key rotation ----------------------------------------------


def test_l_effacement_supprime_les_pieces(client_de, situation, piece):
    client = client_de("intervenante")
    reponse = client.post(
        reverse("accueil:personne_effacer", args=[situation.pk]),
        {"motif": "demande_personne", "confirmation": "on"},
    )

    assert reponse.status_code == 302
    assert _brut(piece.pk) is None
    trace = Journal.objects.filter(action=ActionJournal.PURGE).latest("pk")
    assert trace.details["pieces"] == 1
    # Nothing can be added to an erased file.
    refus = _deposer(client, situation)
    assert refus.status_code == 200
    assert "effacées" in " ".join(erreurs_de(refus))
    assert not PieceJointe.objects.exists()


def test_la_purge_de_retention_supprime_les_pieces(monde):
    ancien = timezone.localdate() - datetime.timedelta(days=3 * 365)
    vieille = SituationFactory(
        personne__poste=monde.poste,
        date_ouverture=ancien,
        derniere_activite=ancien,
        date_cloture=ancien,
    )
    recente = SituationFactory(personne__poste=monde.poste)
    a_purger = PieceJointeFactory(situation=vieille, auteur=monde["intervenante"])
    gardee = PieceJointeFactory(situation=recente, auteur=monde["intervenante"])

    assert purger_donnees(mois=24, executer=False).pieces == 1
    bilan = purger_donnees(mois=24, executer=True)

    assert bilan.pieces == 1
    assert _brut(a_purger.pk) is None
    assert _brut(gardee.pk) is not None


def test_l_export_du_droit_d_acces_contient_la_piece(client_de, situation, piece):
    reponse = client_de("intervenante").get(reverse("accueil:personne_export", args=[situation.pk]))

    assert reponse.status_code == 200
    assert TITRE in pdf_en_texte(reponse.content)
    with tempfile.TemporaryDirectory() as dossier:
        export = Path(dossier) / "export.pdf"
        export.write_bytes(reponse.content)
        liste = subprocess.run(  # noqa: S603
            ["pdfdetach", "-list", str(export)],  # noqa: S607
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        assert f"piece-{piece.pk}.pdf" in liste
        subprocess.run(  # noqa: S603
            ["pdfdetach", "-saveall", "-o", dossier, str(export)],  # noqa: S607
            check=True,
            capture_output=True,
        )
        assert (Path(dossier) / f"piece-{piece.pk}.pdf").read_bytes() == CONTENU
    trace = Journal.objects.filter(action=ActionJournal.EXPORT).latest("pk")
    assert trace.details["pieces"] == 1


def test_rechiffrer_passe_les_pieces_sous_la_nouvelle_cle(client_de, piece, settings):
    ancienne = settings.CHIFFREMENT_CLES[0]
    nouvelle = Fernet.generate_key().decode()
    settings.CHIFFREMENT_CLES = [nouvelle, ancienne]

    sortie = io.StringIO()
    call_command("rechiffrer", stdout=sortie)

    assert "1 pièce(s) jointe(s) rechiffrée(s)" in sortie.getvalue()
    brut = _brut(piece.pk)
    assert Fernet(nouvelle.encode()).decrypt(bytes(brut["contenu"])) == CONTENU
    assert Fernet(nouvelle.encode()).decrypt(brut["titre"].encode()) == TITRE.encode()
    settings.CHIFFREMENT_CLES = [nouvelle]  # the old key withdrawn: everything still reads
    reponse = client_de("intervenante").get(reverse("accueil:piece_telecharger", args=[piece.pk]))
    assert reponse.content == CONTENU
    assert PieceJointe.objects.get(pk=piece.pk).titre == TITRE


def test_le_dossier_lit_ses_pieces_sans_leur_contenu(client_de, monde, situation):
    for _ in range(3):
        PieceJointeFactory(situation=situation, auteur=monde["intervenante"], titre=TITRE)
    client = client_de("intervenante")
    client.get(reverse("espace:espace"))  # session set up outside the count
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(reverse("accueil:situation", args=[situation.pk]))
    assert texte(reponse).count(TITRE) == 3
    # One query more than a file without pieces, and never the encrypted content.
    assert len(requetes) <= REQUETES_MAX_DOSSIER + 1
    assert not any("contenu" in q["sql"] for q in requetes.captured_queries)
