"""Restore an encrypted backup written by ``sauvegarder`` into a new, empty database."""

import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg2 import sql

from intervenants.management.commands.sauvegarder import (
    cles_de_lecture,
    dechiffrer_flux,
    environnement,
    outil_postgres,
    version_du_serveur,
)
from intervenants.models import ActionJournal
from intervenants.services import journaliser


def _connexion_d_administration(parametres: dict):
    """A connection to the configured database, used only to create or drop another one."""
    connexion = psycopg2.connect(
        dbname=parametres["NAME"],
        user=parametres.get("USER") or None,
        password=parametres.get("PASSWORD") or None,
        host=parametres.get("HOST") or None,
        port=parametres.get("PORT") or None,
        **({"sslmode": m} if (m := (parametres.get("OPTIONS") or {}).get("sslmode")) else {}),
    )
    connexion.autocommit = True
    return connexion


def creer_base(parametres: dict, base: str) -> None:
    connexion = _connexion_d_administration(parametres)
    try:
        with connexion.cursor() as curseur:
            curseur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [base])
            if curseur.fetchone():
                raise CommandError(
                    f"La base {base} existe déjà : la restauration se fait dans une base neuve."
                )
            # template0: a database with nothing in it, whatever template1 holds.
            curseur.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(base))
            )
    finally:
        connexion.close()


def supprimer_base(parametres: dict, base: str) -> None:
    connexion = _connexion_d_administration(parametres)
    try:
        with connexion.cursor() as curseur:
            curseur.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(base))
            )
    finally:
        connexion.close()


class Command(BaseCommand):
    help = (
        "Déchiffre une sauvegarde écrite par « sauvegarder » et la restaure dans une base "
        "neuve, créée sur le serveur configuré (la base courante n'est jamais touchée)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entree", required=True, help="fichier de sauvegarde chiffré")
        parser.add_argument("--base", required=True, help="nom de la base à créer")
        parser.add_argument(
            "--sans-proprietaires",
            action="store_true",
            help="ne pas restaurer propriétaires ni droits (serveur sans les mêmes rôles)",
        )

    def handle(self, *args, entree, base, sans_proprietaires, **options):
        entree = Path(entree)
        if not entree.is_file():
            raise CommandError(f"{entree} introuvable.")
        parametres = connection.settings_dict
        if base == parametres["NAME"]:
            raise CommandError("Restaurez dans une autre base que la base en service.")
        pg_restore = outil_postgres("pg_restore", version_serveur=version_du_serveur())
        commande = [pg_restore, "--dbname", base, "--single-transaction", "--no-password"]
        if sans_proprietaires:
            commande += ["--no-owner", "--no-privileges"]
        debut = time.monotonic()
        creer_base(parametres, base)
        try:
            self._restaurer(commande, entree, environnement(parametres, base=base))
        except BaseException:
            supprimer_base(parametres, base)
            raise
        duree = time.monotonic() - debut
        journaliser(
            utilisateur=None,
            action=ActionJournal.MODIFICATION,
            details={"restauration": base, "secondes": round(duree, 1)},
        )
        self.stdout.write(f"Sauvegarde restaurée dans la base {base} en {duree:.1f} s.")

    def _restaurer(self, commande, entree: Path, env: dict) -> None:
        with entree.open("rb") as fichier, tempfile.TemporaryFile() as erreurs:
            with subprocess.Popen(  # noqa: S603
                commande, stdin=subprocess.PIPE, stderr=erreurs, env=env
            ) as processus:
                try:
                    dechiffrer_flux(fichier, processus.stdin, cles_de_lecture())
                    processus.stdin.close()
                except BrokenPipeError:
                    pass  # pg_restore stopped early: its own message says why.
                except BaseException:
                    processus.kill()
                    raise
            if processus.returncode != 0:
                erreurs.seek(0)
                message = erreurs.read().decode(errors="replace").strip()
                raise CommandError(f"pg_restore a échoué : {message}")
