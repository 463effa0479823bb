"""The statistics' SQL in the database is the SQL of ``accueil/sql/`` and ``rapports/sql/``.

Each file holds the current definition of one function (``<name>.sql``) or of the
triggers (``declencheurs.sql``). Migrations run dated copies of these files. A file
changed without a migration, or a migration whose SQL was not copied back to its file,
leaves the database built by the migrations different from the files: these tests fail.

Functions are compared as PostgreSQL prints them (``pg_get_functiondef``): each file is
run in a schema of its own, rolled back with the test, and printed the same way. Runs of
whitespace count as one space; anything else (a comment inside a body included) counts.
"""

import difflib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from rapports import cumuls

DOSSIERS = [settings.BASE_DIR / "accueil" / "sql", settings.BASE_DIR / "rapports" / "sql"]
FICHIER_DECLENCHEURS = "declencheurs.sql"
A_PART = "sql_des_fichiers"
CONSIGNE = (
    "Les définitions de la base (construite par les migrations) et des fichiers "
    "accueil/sql/, rapports/sql/ diffèrent : une modification d'un fichier demande une "
    "migration qui en exécute une copie datée (docs/architecture.md, « Où vit le SQL »)."
)

pytestmark = pytest.mark.django_db


def _fichiers_de_fonctions() -> dict[str, Path]:
    return {
        f.stem: f
        for dossier in DOSSIERS
        for f in sorted(dossier.glob("*.sql"))
        if f.name != FICHIER_DECLENCHEURS
    }


def _normaliser(texte: str) -> str:
    return " ".join(texte.split())


def _fonctions(curseur, schema: str) -> dict[str, str]:
    """{name: definition} of the statistics' functions of a schema, schema name left out."""
    curseur.execute(
        r"""SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
            WHERE p.pronamespace = %s::regnamespace AND p.proname LIKE 'cumul\_%%'""",
        [schema],
    )
    lignes = curseur.fetchall()
    noms = [nom for nom, _ in lignes]
    assert len(noms) == len(set(noms)), f"fonctions surchargées : {sorted(noms)}"
    return {nom: definition.replace(f"{schema}.{nom}(", f"{nom}(") for nom, definition in lignes}


@pytest.fixture
def definitions():
    """(installed by the migrations, given by the files), as PostgreSQL prints them."""
    with connection.cursor() as curseur:
        curseur.execute("SELECT current_schema(), current_setting('search_path')")
        schema, chemin = curseur.fetchone()
        installees = _fonctions(curseur, schema)
        curseur.execute(f"CREATE SCHEMA {A_PART}")
        curseur.execute(f"SET LOCAL search_path TO {A_PART}, {chemin}")
        for fichier in _fichiers_de_fonctions().values():
            curseur.execute(fichier.read_text(encoding="utf-8"))
        des_fichiers = _fonctions(curseur, A_PART)
        curseur.execute(f"SET LOCAL search_path TO {chemin}")
    return installees, des_fichiers


def test_chaque_fichier_definit_la_fonction_de_son_nom(definitions):
    _, des_fichiers = definitions
    assert sorted(des_fichiers) == sorted(_fichiers_de_fonctions())


def test_chaque_fonction_de_la_base_a_son_fichier_et_reciproquement(definitions):
    installees, des_fichiers = definitions
    assert sorted(installees.keys() - des_fichiers.keys()) == [], CONSIGNE
    assert sorted(des_fichiers.keys() - installees.keys()) == [], CONSIGNE


def test_les_fonctions_de_la_base_sont_celles_des_fichiers(definitions):
    installees, des_fichiers = definitions
    ecarts = []
    for nom in sorted(installees.keys() & des_fichiers.keys()):
        base, fichier = installees[nom], des_fichiers[nom]
        if _normaliser(base) != _normaliser(fichier):
            ecarts.append(
                "".join(
                    difflib.unified_diff(
                        base.splitlines(keepends=True),
                        fichier.splitlines(keepends=True),
                        f"base : {nom}",
                        f"fichier : {_fichiers_de_fonctions()[nom].relative_to(settings.BASE_DIR)}",
                    )
                )
            )
    assert not ecarts, CONSIGNE + "\n" + "\n".join(ecarts)


# --- Triggers --------------------------------------------------------------------------


def _declencheurs_des_fichiers() -> dict[str, str]:
    texte = "\n".join(
        f.read_text(encoding="utf-8")
        for dossier in DOSSIERS
        if (f := dossier / FICHIER_DECLENCHEURS).exists()
    )
    sans_commentaires = re.sub(r"--[^\n]*", "", texte)
    resultat = {}
    for instruction in sans_commentaires.split(";"):
        instruction = _normaliser(instruction).replace(
            "CREATE OR REPLACE TRIGGER", "CREATE TRIGGER"
        )
        if instruction:
            resultat[instruction.split()[2]] = instruction
    return resultat


def _declencheurs_installes() -> dict[str, str]:
    with connection.cursor() as curseur:
        curseur.execute(
            r"""SELECT tgname, pg_get_triggerdef(oid, true) FROM pg_trigger
                WHERE NOT tgisinternal AND tgname LIKE 'cumul\_%'"""
        )
        return {nom: _normaliser(definition) for nom, definition in curseur.fetchall()}


def test_les_declencheurs_de_la_base_sont_ceux_des_fichiers():
    assert _declencheurs_installes() == _declencheurs_des_fichiers(), CONSIGNE


def test_la_suspension_des_declencheurs_les_connait_tous():
    """cumuls.suspendus() turns off every trigger of the files, on its table."""
    tables = {
        nom: re.search(r" ON (\w+) ", definition)[1]
        for nom, definition in _declencheurs_des_fichiers().items()
    }
    assert tables == {nom: table for table, nom in cumuls.DECLENCHEURS.items()}
