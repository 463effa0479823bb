"""PostgreSQL restarts while users write (issue 18, item 4): meanwhile every page answers a
French « service momentanément indisponible » with status 503, never a 500 with a trace;
when the database is back the application serves again by itself; and every interview a
user sent is recorded exactly once — resending after a 503 never doubles one.

Real processes: the embedded PostgreSQL of the project in a temporary directory (never the
machine's server), gunicorn in front of it, four users writing in a loop."""

import time

from tests.pannes.serveurs import (
    Navigateur,
    Redactrices,
    attendre,
    compter_les_lignes,
    verifier_l_integrite,
)

DOSSIERS = "/accueil/dossiers/"


def _lecture(navigateur):
    try:
        return navigateur.demander("GET", DOSSIERS)
    except OSError as erreur:
        return None, None, str(erreur)


def test_coupure_de_la_base_pendant_les_ecritures(base_embarquee, application):
    monde = base_embarquee.monde
    avant = compter_les_lignes(base_embarquee)
    app = application(travailleurs=2)
    lectrice = Navigateur(app.port, monde["session"])
    assert _lecture(lectrice)[0] == 200

    with Redactrices(app.port, monde["session"], monde["situations"]) as redactrices:
        attendre(lambda: len(redactrices.intentions) >= 8, "les rédactrices n'écrivent pas")
        # Writers queued on the post's lock, inside their transactions, when the server
        # stops: their transactions are cut in the middle.
        verrou = base_embarquee.connecter()
        verrou.autocommit = False
        with verrou.cursor() as curseur:
            curseur.execute("SELECT cumul_verrouiller(%s)", [monde["poste"]])
        attendre(
            lambda: (
                base_embarquee.compter(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE %s",
                    "%cumul_verrouiller%",
                )
                >= 2
            ),
            "aucune écriture n'attend le verrou du poste",
        )
        base_embarquee.arreter()
        verrou.close()

        statut, entetes, page = _lecture(lectrice)
        assert statut == 503
        assert "Service momentanément indisponible" in page
        assert "Traceback" not in page and "OperationalError" not in page
        assert entetes["Retry-After"] == "30"
        time.sleep(1)  # users keep trying against the stopped server

        base_embarquee.demarrer()
        attendre(lambda: _lecture(lectrice)[0] == 200, "l'application ne revient pas seule", 20)
        enregistrees = sum(i.enregistree for i in redactrices.intentions)
        attendre(
            lambda: sum(i.enregistree for i in redactrices.intentions) >= enregistrees + 8,
            "les écritures ne reprennent pas",
        )
    assert any(503 in i.statuts for i in redactrices.intentions), "aucun envoi pendant la coupure"
    verifier_l_integrite(base_embarquee, redactrices, avant)
