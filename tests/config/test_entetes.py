import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_entetes_de_securite(client_de):
    response = client_de("chef").get(reverse("espace:espace"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_aucun_script_en_ligne_dans_les_pages(client_de):
    import re

    page = client_de("intervenante").get(reverse("accueil:dossiers")).content.decode()
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>(?P<corps>.*?)</script>", page, re.S)
    assert scripts
    assert all("src=" in attrs and not corps.strip() for attrs, corps in scripts)


def test_mots_de_passe_haches_en_argon2_en_production():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
