from django.apps import AppConfig


class IntervenantsConfig(AppConfig):
    name = "intervenants"
    verbose_name = "organisation et personnes"
