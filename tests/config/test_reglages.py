import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path

RACINE = Path(__file__).resolve().parents[2]

# The production variables documented in docs/deploiement.md.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "une-cle-de-production-tres-longue-et-aleatoire-0123456789-abcdefghijkl",
    "CHIFFREMENT_CLES": "T_bvRjh44nNaXab3p0_DzIcNhinZDHX8U9QAk3Hb6U0=",
    "ALLOWED_HOSTS": "trait-union.exemple.fr",
    "CSRF_TRUSTED_ORIGINS": "https://trait-union.exemple.fr",
    "DERRIERE_PROXY_TLS": "1",
    "AXES_IPWARE_PROXY_COUNT": "1",
}


def _manage(*args, env):
    # The browser tests allow async-unsafe ORM calls in their own process; a deployment never.
    env = {k: v for k, v in env.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_sans_avertissement_avec_les_variables_documentees():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(PRODUCTION)
    env["DATABASE_URL"] = _url_base()
    resultat = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "System check identified no issues" in resultat.stdout


def test_sans_secret_key_hors_debug_le_demarrage_echoue_clairement():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    env.update({"DEBUG": "0", "DATABASE_URL": _url_base()})
    resultat = _manage("check", env=env)
    assert resultat.returncode != 0
    assert "SECRET_KEY est obligatoire" in resultat.stderr


def _url_base():
    base = settings.DATABASES["default"]
    hote = base["HOST"]
    if hote.startswith("/"):
        return f"postgres://{base['USER']}@/{base['NAME']}?host={hote}&port={base['PORT']}"
    return f"postgres://{base['USER']}@{hote}:{base['PORT']}/{base['NAME']}"


def test_interface_en_francais_et_heure_de_paris():
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"


def _vue_qui_plante(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", _vue_qui_plante)]
handler500 = "intervenants.views.erreur_500"


@pytest.mark.django_db
def test_erreur_serveur_affiche_une_page_francaise_sans_trace(client):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        response = client.get("/panne/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Une erreur est survenue" in page
    assert "panne simulée" not in page
    assert "Traceback" not in page


@pytest.mark.django_db
def test_page_404_francaise(client_de):
    response = client_de("chef").get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
