"""The one place where object permissions are checked.

Guardian's shortcuts let superusers and global permissions through by default; here
both are switched off, so that only an affectation can open a scope object — not even
a superuser reads confidential records through the application's pages.
"""

from contextvars import ContextVar
from functools import cache, wraps

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

# The object permissions read during the current request, per user (one query).
# A page asks the same question many times (the decorator, the selectors, the menu, the
# home page's blocks: fifteen times for the worker's home page), and guardian answers each
# with two subqueries built anew: about a quarter of the page's server time (issue 18, item 3).
# Set by PorteesDeLaRequeteMiddleware only: outside a request (tests, commands, the nightly
# jobs) every call reads the database, as before.
_portees: ContextVar[dict | None] = ContextVar("portees_de_la_requete", default=None)


class PorteesDeLaRequeteMiddleware:
    """Each scope is read once per request, and forgotten when the request ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jeton = _portees.set({})
        try:
            return self.get_response(request)
        finally:
            _portees.reset(jeton)


def oublier_les_portees() -> None:
    """Called whenever an object permission changes (``synchroniser_permissions``): a
    request that changes the rights reads them again afterwards."""
    portees = _portees.get()
    if portees is not None:
        portees.clear()


@cache
def _sql_des_permissions() -> str:
    """The user's object permissions and those of their groups, as guardian stores them.

    Written once rather than built by the ORM at each request: the union of two filtered
    querysets cost twice its run time in Python (issue 18, item 3). Table names are read from
    the models; ``test_portees_de_la_requete`` compares every answer with guardian's."""
    from django.contrib.auth.models import Permission
    from guardian.models import GroupObjectPermission, UserObjectPermission

    utilisateur_groupes = get_user_model().groups.through._meta.db_table
    return f"""
        SELECT uop.content_type_id, p.codename, uop.object_pk
          FROM {UserObjectPermission._meta.db_table} uop
          JOIN {Permission._meta.db_table} p ON p.id = uop.permission_id
         WHERE uop.user_id = %s
        UNION
        SELECT gop.content_type_id, p.codename, gop.object_pk
          FROM {GroupObjectPermission._meta.db_table} gop
          JOIN {Permission._meta.db_table} p ON p.id = gop.permission_id
          JOIN {utilisateur_groupes} ug ON ug.group_id = gop.group_id
         WHERE ug.user_id = %s"""  # noqa: S608 -- table names of our models, no input


def _toutes_les_permissions(user) -> dict[tuple[int, str], set[str]]:
    """Every object permission of the user, its own and its groups', as guardian reads them:
    {(content type, codename): {object_pk, ...}}. One query."""
    permissions: dict[tuple[int, str], set[str]] = {}
    with connection.cursor() as curseur:
        curseur.execute(_sql_des_permissions(), [user.pk, user.pk])
        for content_type_id, codename, object_pk in curseur.fetchall():
            permissions.setdefault((content_type_id, codename), set()).add(object_pk)
    return permissions


def _cles_autorisees(
    user, permission: str, modele: type[Model], *, charger: bool = True
) -> list | None:
    """The primary keys the user may open, from the request's memory; None outside a request,
    or, with ``charger=False``, when the request has not read the user's permissions yet and
    asks for the first time (a second question reads them all: one query for the rest).

    The same answer as guardian's get_objects_for_user (with_superuser=False,
    accept_global_perms=False), which compares the object's pk read as text: that of an object
    deleted since is dropped by the filter on the model, as there."""
    portees = _portees.get()
    if portees is None:
        return None
    if user.pk not in portees:
        questions = portees.get(("questions", user.pk), 0)
        if not charger and questions == 0:
            portees[("questions", user.pk)] = 1
            return None
        portees[user.pk] = _toutes_les_permissions(user)
    content_type = ContentType.objects.get_for_model(modele)
    codename = permission.rsplit(".", 1)[-1]
    pk = modele._meta.pk
    return [pk.to_python(o) for o in portees[user.pk].get((content_type.pk, codename), ())]


def objets_autorises(user, permission: str, modele: type[Model] | QuerySet) -> QuerySet:
    """Objects of ``modele`` on which ``user`` holds ``permission`` through an affectation."""
    queryset = modele if isinstance(modele, QuerySet) else modele._default_manager.all()
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    # Not read from the database for this alone: guardian's subquery, inlined in the caller's
    # query, costs no round trip (the dossier page, opened most, checks its scope that way).
    cles = _cles_autorisees(user, permission, queryset.model, charger=False)
    if cles is not None:
        return queryset.filter(pk__in=cles)
    return get_objects_for_user(
        user, permission, modele, with_superuser=False, accept_global_perms=False
    )


def a_la_permission(user, permission: str, objet: Model) -> bool:
    if user.is_authenticated and user.is_active:
        cles = _cles_autorisees(user, permission, type(objet))
        if cles is not None:
            return objet.pk in cles
    return objets_autorises(user, permission, type(objet)).filter(pk=objet.pk).exists()


def a_une_portee(user, permission: str, modele: type[Model]) -> bool:
    """True when the user holds ``permission`` on at least one object of ``modele``."""
    if user.is_authenticated and user.is_active:
        cles = _cles_autorisees(user, permission, modele)
        if cles is not None:
            return bool(cles)
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
