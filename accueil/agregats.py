"""The non-nominative residue of the confidential records, for the statistics.

The reporting app reads the records through this module only (an import-linter contract in
pyproject.toml says so): querysets over a scope of posts and a period, filtered on dates and
posts, whose callers aggregate codes and counts (``sexe``, ``tranche_age``, ``mineur``,
``statut_affaire``, ``problematiques``; codes of referrals, acts, interviews, orientations,
transmissions; row ids). Nothing here is scoped to a user: the caller decides which posts a
reader may count, and publishes counts only, never rows.

``periode`` is anything with ``debut`` and ``fin`` dates (rapports.statistiques.Periode).
"""

from django.db.models import F, Func, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest

from accueil.choix import ModeEntretien
from accueil.models import (
    Acte,
    Entretien,
    Orientation,
    Requisition,
    Saisine,
    Situation,
    Transmission,
)


def _dans(postes: QuerySet, periode, champ_poste: str, champ_date: str) -> Q:
    return Q(
        **{
            f"{champ_poste}__in": postes.values("pk"),
            f"{champ_date}__gte": periode.debut,
            f"{champ_date}__lte": periode.fin,
        }
    )


def situations_nouvelles(postes, periode) -> QuerySet[Situation]:
    return Situation.objects.filter(_dans(postes, periode, "poste", "date_ouverture"))


def saisines(postes, periode) -> QuerySet[Saisine]:
    return Saisine.objects.filter(_dans(postes, periode, "poste", "date_saisine"))


def entretiens(postes, periode) -> QuerySet[Entretien]:
    return Entretien.objects.filter(_dans(postes, periode, "situation__poste", "date"))


def contacts(postes, periode) -> QuerySet[Entretien]:
    """Interviews where someone was actually met or spoken to."""
    return entretiens(postes, periode).exclude(mode=ModeEntretien.SANS_REPONSE)


def actes(postes, periode) -> QuerySet[Acte]:
    return Acte.objects.filter(_dans(postes, periode, "situation__poste", "date"))


def orientations(postes, periode) -> QuerySet[Orientation]:
    return Orientation.objects.filter(_dans(postes, periode, "situation__poste", "date"))


def transmissions(postes, periode) -> QuerySet[Transmission]:
    return Transmission.objects.filter(_dans(postes, periode, "situation__poste", "date"))


def requisitions(postes, periode) -> QuerySet[Requisition]:
    """Requisitions received by the posts in the period (counted by answer, issue 17)."""
    return Requisition.objects.filter(_dans(postes, periode, "poste", "date"))


def delais_premier_contact(postes, periode) -> QuerySet[Situation]:
    """New situations of the period annotated with ``delai``: days from their first
    referral to their first real contact. Situations lacking either are left out; a
    contact before the referral (the person came on their own first) counts as zero."""
    premiere_saisine = (
        Saisine.objects.filter(situation=OuterRef("pk"))
        .order_by()
        .values("situation")
        .annotate(d=Min("date_saisine"))
        .values("d")
    )
    premier_contact = (
        Entretien.objects.filter(situation=OuterRef("pk"))
        .exclude(mode=ModeEntretien.SANS_REPONSE)
        .order_by()
        .values("situation")
        .annotate(d=Min("date"))
        .values("d")
    )
    ecart = Func(
        F("contact_le"),
        F("saisie_le"),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )
    return (
        situations_nouvelles(postes, periode)
        .order_by()
        .annotate(saisie_le=Subquery(premiere_saisine), contact_le=Subquery(premier_contact))
        .filter(saisie_le__isnull=False, contact_le__isnull=False)
        .annotate(delai=Greatest(ecart, 0, output_field=IntegerField()))
    )
