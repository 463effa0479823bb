"""Reads on the organisation, scoped to the user."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from intervenants.models import Affectation, Departement, Employeur, Journal, Poste, Role
from intervenants.permissions import objets_autorises

# Who names the workers of a post: those who answer for it, its employer and the
# département's coordination (the same accounts that manage its conventions).
PERM_EQUIPE_EMPLOYEUR = "intervenants.gerer_conventions_employeur"
PERM_EQUIPE_DEPARTEMENT = "intervenants.gerer_conventions_departement"


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


def journal_visible(user) -> QuerySet:
    """Journal entries of the posts of the employers the user manages (the employer's DPO)."""
    employeurs = objets_autorises(user, "intervenants.voir_statistiques_employeur", Employeur)
    return Journal.objects.filter(poste__employeur__in=employeurs).select_related(
        "utilisateur", "poste"
    )


def portees_equipe():
    """The (permission, model) pairs that open "L'équipe", for ``une_portee_requise``."""
    return ((PERM_EQUIPE_EMPLOYEUR, Employeur), (PERM_EQUIPE_DEPARTEMENT, Departement))


def postes_de_l_equipe(user) -> QuerySet[Poste]:
    """Posts whose workers the user names: its employers' posts, its départements' posts."""
    employeurs = objets_autorises(user, PERM_EQUIPE_EMPLOYEUR, Employeur)
    departements = objets_autorises(user, PERM_EQUIPE_DEPARTEMENT, Departement)
    return Poste.objects.filter(
        Q(employeur__in=employeurs) | Q(departement__in=departements)
    ).order_by("intitule")


def affectations_de_l_equipe(user) -> QuerySet[Affectation]:
    """Worker affectations (past, current, future) on the posts the user answers for."""
    return (
        Affectation.objects.filter(role=Role.INTERVENANT, poste__in=postes_de_l_equipe(user))
        .select_related("utilisateur", "poste")
        .order_by("poste__intitule", "-date_debut", "utilisateur__last_name")
    )


def nominations_en_cours_du_compte(user, pk: int) -> QuerySet[Affectation]:
    """Current and future worker affectations of account ``pk`` on the user's posts.

    Empty when the account is not (or no longer) a worker of these posts: the caller 404s.
    """
    jour = timezone.localdate()
    return affectations_de_l_equipe(user).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gt=jour), utilisateur_id=pk
    )
