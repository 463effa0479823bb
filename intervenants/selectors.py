"""Reads on the organisation, scoped to the user."""

from django.db.models import QuerySet

from intervenants.models import Affectation, Departement, Poste, Site
from intervenants.permissions import objets_autorises


def affectations_actives(user) -> QuerySet[Affectation]:
    if not user.is_authenticated:
        return Affectation.objects.none()
    return (
        Affectation.objects.actives()
        .filter(utilisateur=user)
        .select_related("poste", "site", "employeur", "departement")
        .order_by("role", "id")
    )


def roles_actifs(user) -> frozenset[str]:
    return frozenset(affectations_actives(user).values_list("role", flat=True))


def postes_de_l_intervenant(user) -> QuerySet[Poste]:
    """Posts whose confidential records the user may open."""
    return objets_autorises(user, "intervenants.acceder_dossiers", Poste)


def sites_de_l_autorite(user) -> QuerySet[Site]:
    return objets_autorises(user, "intervenants.voir_statistiques_site", Site)


def sites_de_l_agent(user) -> QuerySet[Site]:
    return objets_autorises(user, "intervenants.adresser_saisine", Site)


def departements_coordonnes(user) -> QuerySet[Departement]:
    return objets_autorises(user, "intervenants.voir_statistiques_departement", Departement)


def journal_visible(user) -> QuerySet:
    """Journal entries of the posts of the employers the user manages (the employer's DPO)."""
    from conventions.models import Employeur
    from intervenants.models import Journal

    employeurs = objets_autorises(user, "conventions.voir_statistiques_employeur", Employeur)
    return Journal.objects.filter(poste__employeur__in=employeurs).select_related(
        "utilisateur", "poste"
    )
