"""Test settings: the production settings, with test-only secrets and fast hashing."""

import os

# Deterministic, test-only values; never used outside the test suite.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "tests-uniquement-" + "k" * 50)
os.environ.setdefault("CHIFFREMENT_CLES", "T_bvRjh44nNaXab3p0_DzIcNhinZDHX8U9QAk3Hb6U0=")

from config.settings import *  # noqa: E402,F403
from config.settings import STORAGES, TEMPLATES  # noqa: E402


class VariableInconnue(str):
    """Make a template referring to an unknown variable fail the test that renders it."""

    def __mod__(self, other):
        raise AssertionError(f"Variable de gabarit inconnue : {other!r}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = VariableInconnue("%s")

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files straight from the apps (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The second factor is exercised by its own tests
# (tests/intervenants/test_double_authentification.py); elsewhere personas use force_login.
DOUBLE_AUTHENTIFICATION_OBLIGATOIRE = False
