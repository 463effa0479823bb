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
    if contexte["est_intervenant"]:
        # Issue 17: who substitutes on her post (or where she substitutes), and her
        # secrecy status while it is unknown.
        contexte["suppleances"] = list(selectors.suppleances_de_mes_postes(request.user))
        contexte["statut_secret_manquant"] = selectors.statut_secret_manquant(request.user)
    return render(request, "espace/espace.html", contexte)
