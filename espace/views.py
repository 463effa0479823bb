from django.shortcuts import render

from intervenants import selectors
from intervenants.models import Role


def espace(request):
    """Home page: one panel per active role of the user."""
    affectations = list(selectors.affectations_actives(request.user))
    roles = {a.role for a in affectations}
    contexte = {
        "affectations": affectations,
        "roles": roles,
        "Role": Role,
        "est_intervenant": Role.INTERVENANT in roles,
        "est_autorite": Role.AUTORITE in roles,
        "est_agent": Role.AGENT in roles,
        "est_employeur": Role.EMPLOYEUR in roles,
        "est_coordinateur": Role.COORDINATEUR in roles,
        "est_lecteur_clspd": Role.LECTEUR_CLSPD in roles,
        "est_lecteur_cdp": Role.LECTEUR_CDP in roles,
        "est_administrateur": Role.ADMINISTRATEUR in roles or request.user.is_superuser,
    }
    return render(request, "espace/espace.html", contexte)
