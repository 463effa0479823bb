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
