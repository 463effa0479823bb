import os
import subprocess
import sys
import threading

import psycopg2

from config import base_embarquee


def test_la_base_embarquee_demarre_cree_la_base_et_s_arrete(tmp_path):
    dossier = tmp_path / "var"
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
    assert (dossier / "pgdata" / "PG_VERSION").exists()

    serveur = base_embarquee._serveur(dossier)
    serveur.cleanup()
    assert not (dossier / "pgdata" / "postmaster.pid").exists()


class _ListeSurDisque:
    def __init__(self, valeurs):
        self.valeurs = valeurs

    def get(self):
        return list(self.valeurs)

    def put(self, valeurs):
        self.valeurs = valeurs


class _Serveur:
    def __init__(self, pids):
        self.global_process_id_list = _ListeSurDisque(pids)
        self._lock = threading.Lock()


def test_un_processus_tue_sans_se_retirer_ne_retient_plus_le_serveur():
    """A process killed outright (SIGKILL) stays in the server's list of users, which
    then never stops: the list is cleaned of processes that no longer exist."""
    mort = subprocess.Popen([sys.executable, "-c", "pass"])
    mort.wait()
    serveur = _Serveur([os.getpid(), mort.pid])

    base_embarquee.oublier_les_processus_disparus(serveur)

    assert serveur.global_process_id_list.valeurs == [os.getpid()]


def test_sans_la_liste_attendue_rien_ne_se_passe():
    base_embarquee.oublier_les_processus_disparus(object())
