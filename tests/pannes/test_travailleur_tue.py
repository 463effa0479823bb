"""A gunicorn worker killed in the middle of a request (``kill -9``) while users write
(issue 18, item 5): the transaction it had open is rolled back by PostgreSQL, nothing of it
stays; the master starts a new worker; the user who resends gets her interview recorded
once; the statistics' running totals stay exact (``verifier_cumuls``).

Real processes, against a database of their own (the embedded PostgreSQL of the project in
a temporary directory)."""

import os
import signal

import psutil

from tests.pannes.serveurs import Redactrices, attendre, compter_les_lignes, verifier_l_integrite


def _en_attente_du_verrou(base) -> int:
    return base.compter(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
        "%cumul_verrouiller%",
    )


def test_un_travailleur_tue_en_pleine_ecriture(base_embarquee, application):
    monde = base_embarquee.monde
    avant = compter_les_lignes(base_embarquee)
    app = application(travailleurs=2)
    travailleurs = {p.pid for p in app.travailleurs()}

    with Redactrices(app.port, monde["session"], monde["situations"]) as redactrices:
        attendre(lambda: len(redactrices.intentions) >= 8, "les rédactrices n'écrivent pas")
        # Hold the post's lock: both workers end up inside a write transaction, waiting.
        verrou = base_embarquee.connecter()
        verrou.autocommit = False
        with verrou.cursor() as curseur:
            curseur.execute("SELECT cumul_verrouiller(%s)", [monde["poste"]])
        attendre(
            lambda: _en_attente_du_verrou(base_embarquee) >= 2,
            "les deux travailleurs n'attendent pas le verrou du poste",
        )
        victime = sorted(travailleurs)[0]
        os.kill(victime, signal.SIGKILL)
        attendre(lambda: not psutil.pid_exists(victime) or _zombie(victime), "pas tué")
        verrou.rollback()
        verrou.close()

        remplacants = attendre(
            lambda: (
                {p.pid for p in app.travailleurs()} - travailleurs
                if len(app.travailleurs()) == 2
                else None
            ),
            f"le maître ne remplace pas le travailleur tué : {app.journal_lu()}",
            20,
        )
        assert len(remplacants) == 1
        enregistrees = sum(i.enregistree for i in redactrices.intentions)
        attendre(
            lambda: sum(i.enregistree for i in redactrices.intentions) >= enregistrees + 8,
            "les écritures ne reprennent pas",
        )
    assert any("coupure" in i.statuts for i in redactrices.intentions), (
        "aucune requête n'a été coupée par la mort du travailleur"
    )
    # The killed worker's session is gone from the server: its transaction is rolled back.
    attendre(
        lambda: (
            base_embarquee.compter(
                "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%%'"
            )
            == 0
        ),
        "une transaction du travailleur tué reste ouverte",
        10,
    )
    verifier_l_integrite(base_embarquee, redactrices, avant)


def _zombie(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True
