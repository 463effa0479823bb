"""Encrypted backup and restore into a fresh database, compared table by table."""

import io
import os
import uuid
from io import StringIO

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg2 import sql

from conventions.models import TypeDocument
from conventions.services import deposer_document
from intervenants.management.commands.restaurer import supprimer_base
from intervenants.management.commands.sauvegarder import (
    ENTETE,
    TAILLE_BLOC,
    chiffrer_flux,
    cle_d_ecriture,
    cles_de_lecture,
    dechiffrer_flux,
)
from tests.accueil.factories import PieceJointeFactory
from tests.accueil.test_retention import ANCIEN, RECENT, dossier
from tests.conventions.factories import PDF_MINIMAL, ConventionFactory

TABLES = [
    "auth_user",
    "intervenants_poste",
    "intervenants_affectation",
    "intervenants_journal",
    "accueil_personne",
    "accueil_situation",
    "accueil_saisine",
    "accueil_entretien",
    "accueil_transmission",
    "accueil_piecejointe",
    "conventions_documentconvention",
    "guardian_userobjectpermission",
    "django_migrations",
]


def _comptes(curseur) -> dict[str, int]:
    comptes = {}
    for table in TABLES:
        curseur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        comptes[table] = curseur.fetchone()[0]
    curseur.execute("SELECT string_agg(notes, '' ORDER BY id) FROM accueil_entretien")
    comptes["notes_chiffrees"] = curseur.fetchone()[0]
    # Attachments live in the database (issue 17): their encrypted content is backed up too.
    curseur.execute(
        "SELECT md5(string_agg(contenu, ''::bytea ORDER BY id)) FROM accueil_piecejointe"
    )
    comptes["pieces_chiffrees"] = curseur.fetchone()[0]
    # So do the conventions' signed documents (no MEDIA_ROOT to copy beside the backup).
    curseur.execute(
        "SELECT md5(string_agg(contenu, ''::bytea ORDER BY id)) FROM conventions_documentconvention"
    )
    comptes["documents_signes"] = curseur.fetchone()[0]
    return comptes


@pytest.mark.django_db(transaction=True)
def test_sauvegarde_chiffree_restauree_dans_une_base_neuve_a_l_identique(monde, tmp_path):
    sauvegardee = dossier(monde, nom="Sauvegardee", jour=ANCIEN)
    dossier(monde, nom="Recente", jour=RECENT, close=False)
    PieceJointeFactory(situation=sauvegardee, auteur=monde["intervenante"])
    deposer_document(
        auteur=monde["employeur"],
        convention=ConventionFactory(employeur=monde.employeur),
        fichier=SimpleUploadedFile("signee.pdf", PDF_MINIMAL),
        type=TypeDocument.CONVENTION_SIGNEE,
        titre="Convention signée",
    )
    fichier = tmp_path / "base.sauvegarde"
    base = f"{connection.settings_dict['NAME']}_restauree_{uuid.uuid4().hex[:8]}"

    call_command("sauvegarder", "--sortie", str(fichier), stdout=StringIO())
    with connection.cursor() as curseur:
        # The backup journals itself after the dump: compare with the state it saw.
        attendu = _comptes(curseur)
    attendu["intervenants_journal"] -= 1
    contenu = fichier.read_bytes()
    assert contenu.startswith(ENTETE)
    assert b"Sauvegardee" not in contenu and b"PGDMP" not in contenu

    try:
        call_command("restaurer", "--entree", str(fichier), "--base", base, stdout=StringIO())
        parametres = connection.settings_dict
        restauree = psycopg2.connect(
            dbname=base,
            user=parametres["USER"] or None,
            password=parametres["PASSWORD"] or None,
            host=parametres["HOST"] or None,
            port=parametres["PORT"] or None,
        )
        try:
            with restauree.cursor() as curseur:
                assert _comptes(curseur) == attendu
        finally:
            restauree.close()
    finally:
        supprimer_base(connection.settings_dict, base)
    assert attendu["accueil_entretien"] == 2
    assert attendu["accueil_piecejointe"] == 1 and attendu["pieces_chiffrees"]
    assert attendu["conventions_documentconvention"] == 1 and attendu["documents_signes"]


@pytest.mark.django_db(transaction=True)
def test_la_restauration_refuse_une_base_existante(tmp_path):
    fichier = tmp_path / "base.sauvegarde"
    call_command("sauvegarder", "--sortie", str(fichier), stdout=StringIO())
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("restaurer", "--entree", str(fichier), "--base", "postgres", stdout=StringIO())


def test_le_chiffrement_par_blocs_fait_l_aller_retour():
    clair = bytes(range(256)) * (TAILLE_BLOC // 100)  # a little more than two blocks
    chiffre = io.BytesIO()
    chiffrer_flux(io.BytesIO(clair), chiffre, cle_d_ecriture())
    sortie = io.BytesIO()
    dechiffrer_flux(io.BytesIO(chiffre.getvalue()), sortie, cles_de_lecture())
    assert sortie.getvalue() == clair


def test_une_sauvegarde_tronquee_est_refusee():
    chiffre = io.BytesIO()
    chiffrer_flux(io.BytesIO(b"x" * (TAILLE_BLOC * 2)), chiffre, cle_d_ecriture())
    tronque = chiffre.getvalue()[: len(chiffre.getvalue()) // 2]
    with pytest.raises(CommandError, match="tronquée|altér"):
        dechiffrer_flux(io.BytesIO(tronque), io.BytesIO(), cles_de_lecture())


def test_une_sauvegarde_sous_une_autre_cle_est_refusee(settings):
    chiffre = io.BytesIO()
    chiffrer_flux(io.BytesIO(b"donnees"), chiffre, cle_d_ecriture())
    settings.CHIFFREMENT_CLES = ["0" * 43 + "="]
    with pytest.raises(CommandError, match="déchiffrer"):
        dechiffrer_flux(io.BytesIO(chiffre.getvalue()), io.BytesIO(), cles_de_lecture())


def _connecter(base: str):
    parametres = connection.settings_dict
    return psycopg2.connect(
        dbname=base,
        user=parametres["USER"] or None,
        password=parametres["PASSWORD"] or None,
        host=parametres["HOST"] or None,
        port=parametres["PORT"] or None,
    )


@pytest.mark.django_db(transaction=True)
def test_la_sauvegarde_d_un_instantane_exporte_contient_ce_qu_il_voit(tmp_path):
    """--instantane: what another session sees in its snapshot, not what was written after
    (the benchmark compares a backup taken under load with counts read in that snapshot)."""
    from intervenants.models import ActionJournal
    from intervenants.services import journaliser

    journaliser(utilisateur=None, action=ActionJournal.EXPORT, details={"avant": True})
    lecteur = _connecter(connection.settings_dict["NAME"])
    fichier = tmp_path / "base.sauvegarde"
    base = f"{connection.settings_dict['NAME']}_instantane_{uuid.uuid4().hex[:8]}"
    try:
        with lecteur.cursor() as curseur:
            curseur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            curseur.execute("SELECT pg_export_snapshot()")
            instantane = curseur.fetchone()[0]
            curseur.execute("SELECT count(*) FROM intervenants_journal")
            vus = curseur.fetchone()[0]
        journaliser(utilisateur=None, action=ActionJournal.EXPORT, details={"apres": True})
        call_command(
            "sauvegarder", "--sortie", str(fichier), "--instantane", instantane, stdout=StringIO()
        )
        lecteur.rollback()
        call_command("restaurer", "--entree", str(fichier), "--base", base, stdout=StringIO())
        restauree = _connecter(base)
        try:
            with restauree.cursor() as curseur:
                curseur.execute("SELECT count(*) FROM intervenants_journal")
                assert curseur.fetchone()[0] == vus
                curseur.execute("SELECT count(*) FROM intervenants_journal WHERE details ? 'apres'")
                assert curseur.fetchone()[0] == 0
        finally:
            restauree.close()
    finally:
        lecteur.close()
        supprimer_base(connection.settings_dict, base)


@pytest.mark.django_db
def test_pg_dump_tourne_en_priorite_basse(tmp_path, monkeypatch):
    """Under load, pg_dump's compression must leave the processor to the users' requests
    first: it runs 10 steps nicer than the command. A stand-in pg_dump writes its own
    niceness as the dump, read back from the encrypted file."""
    from intervenants.management.commands import sauvegarder

    faux = tmp_path / "pg_dump"
    faux.write_text("#!/bin/sh\nnice\n")
    faux.chmod(0o755)
    monkeypatch.setattr(sauvegarder, "outil_postgres", lambda nom, **_: faux)
    fichier = tmp_path / "sauvegarde.tu"
    call_command("sauvegarder", "--sortie", str(fichier), stdout=StringIO())
    clair = io.BytesIO()
    with fichier.open("rb") as source:
        dechiffrer_flux(source, clair, cles_de_lecture())
    attendu = min(os.nice(0) + sauvegarder.PRIORITE_PG_DUMP, 19)
    assert int(clair.getvalue()) == attendu
