"""Reads on the organisation, scoped to the user."""

from functools import cache

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from intervenants.models import (
    Affectation,
    Departement,
    Employeur,
    Intervenant,
    Journal,
    Poste,
    Role,
)
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
    """The roles of the user's affectations active today: asked on every page (the menu, the
    second factor). One statement written once rather than built by the ORM at each request,
    which cost six times its run time (issue 18, item 3); the same rule as
    ``AffectationQuerySet.actives``, which ``test_roles_actifs`` compares it with."""
    if not user.is_authenticated:
        return frozenset()
    jour = timezone.localdate()
    with connection.cursor() as curseur:
        curseur.execute(_sql_des_roles(), [user.pk, jour, jour])
        return frozenset(role for (role,) in curseur.fetchall())


@cache
def _sql_des_roles() -> str:
    return f"""
        SELECT DISTINCT role FROM {Affectation._meta.db_table}
         WHERE utilisateur_id = %s AND date_debut <= %s
           AND (date_fin IS NULL OR date_fin > %s)"""  # noqa: S608 -- our table, no input


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


def titulaires_parmi(comptes) -> set[int]:
    """Those of ``comptes`` (ids) named today or from a coming day on a post of their own,
    not as a substitute."""
    jour = timezone.localdate()
    return set(
        Affectation.objects.filter(
            Q(date_fin__isnull=True) | Q(date_fin__gt=jour),
            utilisateur_id__in=comptes,
            role=Role.INTERVENANT,
            suppleance=False,
        ).values_list("utilisateur_id", flat=True)
    )


def nominations_en_cours_du_compte(user, pk: int) -> QuerySet[Affectation]:
    """Current and future worker affectations of account ``pk`` on the user's posts.

    Empty when the account is not (or no longer) a worker of these posts: the caller 404s.
    """
    jour = timezone.localdate()
    nominations = affectations_de_l_equipe(user).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gt=jour), utilisateur_id=pk
    )
    # A substitute who is the worker of a post of her own answers to its employer: whoever
    # named her substitute ends the substitution, but neither edits her profile nor resets
    # her access (review of issue 17). With no post of her own, he is the one who answers.
    if titulaires_parmi([pk]):
        nominations = nominations.filter(suppleance=False)
    return nominations


# --- Substitutes and profiles (issue 17, items 1 and 7) -------------------------------------


def suppleances_de_mes_postes(user) -> QuerySet[Affectation]:
    """Current and coming substitutions on the posts where the user is the post's own worker
    today (« X vous supplée du … au … »), and those the user holds herself."""
    if not user.is_authenticated:
        return Affectation.objects.none()
    jour = timezone.localdate()
    mes_postes = (
        Affectation.objects.actives(jour)
        .filter(utilisateur=user, role=Role.INTERVENANT, suppleance=False)
        .values("poste")
    )
    return (
        # Ended before its first day (cancelled from « Terminer »): nothing to announce.
        Affectation.objects.filter(
            role=Role.INTERVENANT,
            suppleance=True,
            date_fin__gt=jour,
        )
        .filter(date_fin__gt=F("date_debut"))
        .filter(Q(poste__in=mes_postes) | Q(utilisateur=user))
        .select_related("utilisateur", "poste")
        .order_by("date_debut", "id")
    )


def profil_de(compte):
    """The worker's profile, or None when nobody filled it in yet."""
    return Intervenant.objects.filter(utilisateur=compte).first()


def statut_secret_manquant(user) -> bool:
    """A current worker whose secrecy status is not known: her home page asks for it."""
    est_intervenante = (
        Affectation.objects.actives().filter(utilisateur=user, role=Role.INTERVENANT).exists()
    )
    return (
        est_intervenante
        and not Intervenant.objects.filter(utilisateur=user).exclude(statut_secret="").exists()
    )
