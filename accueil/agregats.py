"""The non-nominative residue of the confidential records, for the statistics.

The reporting app reads the records through this module only (an import-linter contract in
pyproject.toml says so): querysets over a scope of posts and a period, filtered on dates and
posts, whose callers aggregate codes and counts (``sexe``, ``tranche_age``, ``mineur``,
``statut_affaire``, ``problematiques``; codes of referrals, acts, interviews, orientations,
transmissions; row ids). Nothing here is scoped to a user: the caller decides which posts a
reader may count, and publishes counts only, never rows.

``periode`` is anything with ``debut`` and ``fin`` dates (rapports.statistiques.Periode).
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest

from accueil.choix import ModeEntretien, TypePartenaire
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


def situations_closes(postes, periode) -> QuerySet[Situation]:
    """Situations closed in the period (and not reopened since), annotated with ``duree``:
    the length of their follow-up as the running totals code it (days from opening to
    closing: 0 to 30, 31 to 91, 92 to 365, more)."""
    jours = Func(
        F("date_cloture"),
        F("date_ouverture"),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )
    return (
        Situation.objects.filter(_dans(postes, periode, "poste", "date_cloture"))
        .order_by()
        .annotate(jours=jours)
        .annotate(
            duree=Case(
                When(jours__lte=30, then=Value("moins_1_mois")),
                When(jours__lte=91, then=Value("1_3_mois")),
                When(jours__lte=365, then=Value("3_12_mois")),
                default=Value("plus_1_an"),
                output_field=CharField(),
            )
        )
    )


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


# An orientation "vers une structure sociale d'urgence" (framework, III.6).
PARTENAIRES_URGENCE = (TypePartenaire.SIAO_115,)


def suites(postes, periode) -> QuerySet[Situation]:
    """New situations of the period annotated with ``suite``: the follow-up given, as the
    framework names it (III.6), from what is recorded whatever its date; the first that
    applies: a transmission, an orientation to an emergency social structure, another
    orientation, an interview that reached the person, nothing yet. The running totals
    keep the same (rapports/sql/cumul_suite.sql)."""
    de_la_situation = {"situation": OuterRef("pk")}
    return (
        situations_nouvelles(postes, periode)
        .order_by()
        .annotate(
            suite=Case(
                When(
                    Exists(Transmission.objects.filter(**de_la_situation)),
                    then=Value("transmission"),
                ),
                When(
                    Exists(
                        Orientation.objects.filter(
                            **de_la_situation, type_partenaire__in=PARTENAIRES_URGENCE
                        )
                    ),
                    then=Value("orientation_urgence"),
                ),
                When(
                    Exists(Orientation.objects.filter(**de_la_situation)), then=Value("orientation")
                ),
                When(
                    Exists(
                        Entretien.objects.filter(**de_la_situation).exclude(
                            mode=ModeEntretien.SANS_REPONSE
                        )
                    ),
                    then=Value("entretien"),
                ),
                default=Value("aucune"),
                output_field=CharField(),
            )
        )
    )


def repetitions(postes, periode) -> QuerySet[Situation]:
    """New situations of the period annotated with ``repetition``: how many referrals they
    received ('aucune', 'une', 'plusieurs': the same person referred again)."""
    nombre = (
        Saisine.objects.filter(situation=OuterRef("pk"))
        .order_by()
        .values("situation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        situations_nouvelles(postes, periode)
        .order_by()
        .annotate(nombre_saisines=Subquery(nombre, output_field=IntegerField()))
        .annotate(
            repetition=Case(
                When(nombre_saisines__gte=2, then=Value("plusieurs")),
                When(nombre_saisines=1, then=Value("une")),
                default=Value("aucune"),
                output_field=CharField(),
            )
        )
    )
