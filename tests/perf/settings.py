"""Benchmark settings: the test settings (test-only keys, no second factor), production-like
templates, the benchmark database (``DATABASE_URL``, set by ``make bench``) and the dataset
generator (``manage.py generer_volume``), which production settings leave out."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS, TEMPLATES

INSTALLED_APPS = [*INSTALLED_APPS, "tests.perf.apps.BancConfig"]

# Unknown template variables render empty, as in production (tests make them fail).
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""
# A server error goes to gunicorn's stderr with its traceback: the write phase looks there
# for deadlocks, beside the server's own count (tests/perf/ecritures.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
}
