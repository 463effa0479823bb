"""Benchmark settings: the test settings (test-only keys, no second factor), production-like
templates, and the benchmark database (``DATABASE_URL``, set by ``make bench``)."""

from tests.settings import *  # noqa: F403
from tests.settings import TEMPLATES

# Unknown template variables render empty, as in production (tests make them fail).
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""
LOGGING = {"version": 1, "disable_existing_loggers": False}
