from django.apps import AppConfig


class EspaceConfig(AppConfig):
    """The home page of every account: one panel per active role, drawn from every app.

    It sits on top of the app ladder (it shows a line of each), so that no app below it
    depends on the others' template tags.
    """

    name = "espace"
    verbose_name = "mon espace"
