"""The one place where object permissions are checked.

Guardian's shortcuts let superusers and global permissions through by default; here
both are switched off, so that only an affectation can open a scope object — not even
a superuser reads confidential records through the application's pages.
"""

from functools import wraps

from django.db.models import Model, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user


def objets_autorises(user, permission: str, modele: type[Model] | QuerySet) -> QuerySet:
    """Objects of ``modele`` on which ``user`` holds ``permission`` through an affectation."""
    if not user.is_authenticated or not user.is_active:
        queryset = modele if isinstance(modele, QuerySet) else modele._default_manager.all()
        return queryset.none()
    return get_objects_for_user(
        user, permission, modele, with_superuser=False, accept_global_perms=False
    )


def a_la_permission(user, permission: str, objet: Model) -> bool:
    return objets_autorises(user, permission, type(objet)).filter(pk=objet.pk).exists()


def a_une_portee(user, permission: str, modele: type[Model]) -> bool:
    """True when the user holds ``permission`` on at least one object of ``modele``."""
    return objets_autorises(user, permission, modele).exists()


def portee_requise(permission: str, modele: type[Model]):
    """View decorator: the user must hold ``permission`` on some ``modele`` object, else 404.

    A 404 rather than a 403 so that the page does not even confirm it exists.
    """
    return une_portee_requise((permission, modele))


def une_portee_requise(*portees: tuple[str, type[Model]]):
    """Like :func:`portee_requise`, for a page open to several roles: one scope suffices."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if not any(a_une_portee(request.user, p, m) for p, m in portees):
                raise Http404
            return vue(request, *args, **kwargs)

        enveloppe.permission_requise = portees[0] if len(portees) == 1 else portees
        return enveloppe

    return decorateur
