from django.utils.functional import SimpleLazyObject

from intervenants.selectors import roles_actifs


def roles(request):
    """The active roles of the user, computed once per request and only if a template asks."""
    return {"roles_utilisateur": SimpleLazyObject(lambda: roles_actifs(request.user))}
