from django.apps import AppConfig


class BancConfig(AppConfig):
    """The benchmark's dataset generator (``generer_volume``): installed by the benchmark's
    settings only (tests/perf/settings.py), never by the production ones."""

    name = "tests.perf"
    label = "banc"
    verbose_name = "banc de performance"
