from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ConnexionBackend(ModelBackend):
    """Username/password login that refuses the shared demo password outside DEBUG.

    The demo accounts all have the password ``demo``; should a demo database ever be
    served with DEBUG off, those accounts cannot be used.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password == settings.MOT_DE_PASSE_DEMO and not settings.DEBUG:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    # Global (model-level) permissions are never used by the application's pages:
    # object permissions come from guardian, checked in intervenants.permissions.
