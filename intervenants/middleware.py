"""Session and account-security middleware."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils import timezone

from intervenants.models import Role
from intervenants.selectors import roles_actifs
from intervenants.services import synchroniser_permissions

CLE_DEBUT_SESSION = "connexion_le"
# The day the session's rights were last synchronised with its affectations.
CLE_DROITS_DU = "droits_du"
CLE_RENOUVELEE = "renouvelee_le"

# Roles whose accounts must pass a second factor (DESIGN.md: confidential records, admin).
ROLES_A_DOUBLE_AUTHENTIFICATION = {Role.INTERVENANT, Role.ADMINISTRATEUR}

# Pages reachable before the second factor: enrolment, verification, logout.
VUES_AVANT_SECOND_FACTEUR = {
    "intervenants:otp_enrolement",
    "intervenants:otp_qr",
    "intervenants:otp_verification",
    "intervenants:deconnexion",
    "intervenants:connexion",
    # The one-time link of an access reset: it proves itself by its token.
    "intervenants:acces_choisir",
}


class RenouvellementDeSessionMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE, 30 minutes) without a database write per page.

    Django's SESSION_SAVE_EVERY_REQUEST rewrote the session row, and committed it, on every
    request: the one write of most pages, a few milliseconds each and a disk flush under load
    (issue 18). Here the session's expiry is pushed back at most once a minute
    (``settings.SESSION_RENOUVELLEMENT``): an idle session ends between 29 and 30 minutes
    after its last page, never later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (a visitor not logged in) is not created for this.
        if session is not None and not session.is_empty():
            maintenant = time.time()
            if maintenant - session.get(CLE_RENOUVELEE, 0) >= settings.SESSION_RENOUVELLEMENT:
                session[CLE_RENOUVELEE] = maintenant  # marks it modified: saved with a new expiry
        return reponse


class SessionAbsolueMiddleware:
    """End a session 12 hours after login, however active it has been."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            debut = request.session.get(CLE_DEBUT_SESSION)
            if debut is None:
                request.session[CLE_DEBUT_SESSION] = time.time()
            elif time.time() - debut > settings.SESSION_DUREE_MAXIMALE:
                logout(request)
                messages.info(request, "Votre session a expiré : reconnectez-vous.")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class DroitsDuJourMiddleware:
    """Re-synchronise the rights of an open session on the first request of each day.

    Object permissions follow the affectations' dates through ``synchroniser_permissions``
    (nightly, at login, at every change). A session opened the day before would otherwise
    keep a substitution's rights after its last day until the nightly run — or open them
    late on its first day (review of issue 17). Once per session and per day: a few queries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            jour = timezone.localdate().isoformat()
            if request.session.get(CLE_DROITS_DU) != jour:
                synchroniser_permissions(utilisateur=request.user)
                request.session[CLE_DROITS_DU] = jour
        return self.get_response(request)


def double_authentification_requise(user) -> bool:
    if not settings.DOUBLE_AUTHENTIFICATION_OBLIGATOIRE or not user.is_authenticated:
        return False
    return user.is_staff or bool(ROLES_A_DOUBLE_AUTHENTIFICATION & roles_actifs(user))


def second_facteur_a_verifier(user) -> bool:
    """Required by the role, or set up by choice: a factor in place is always asked for."""
    if not settings.DOUBLE_AUTHENTIFICATION_OBLIGATOIRE or not user.is_authenticated:
        return False
    from django_otp import user_has_device

    return double_authentification_requise(user) or user_has_device(user)


class DoubleAuthentificationMiddleware:
    """Send accounts that need a second factor to enrol or verify before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(settings.STATIC_URL)
            and second_facteur_a_verifier(user)
        ):
            try:
                vue = resolve(request.path_info).view_name
            except Exception:  # noqa: BLE001 -- unknown URL: let Django answer 404
                vue = None
            if vue is not None and vue not in VUES_AVANT_SECOND_FACTEUR:
                from django_otp import user_has_device

                cible = (
                    "intervenants:otp_verification"
                    if user_has_device(user)
                    else "intervenants:otp_enrolement"
                )
                suite = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(cible)}?{suite}")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Deny browser features the application never uses (camera, microphone...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
