"""Reads on conventions, always scoped to the user through their object permissions.

Who reads what (issue 4, DESIGN.md):
- employer: its own conventions (read and write);
- coordinator: every convention of its département (read and write);
- functional authority: conventions covering one of its sites (read);
- social worker: conventions of its post (read);
- everybody else: nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from conventions import echeances
from conventions.models import (
    Convention,
    DocumentConvention,
    Financement,
    SiteConvention,
)
from intervenants.models import Departement, Employeur, Poste, Site
from intervenants.permissions import objets_autorises

PERM_EMPLOYEUR = "intervenants.gerer_conventions_employeur"
PERM_DEPARTEMENT = "intervenants.gerer_conventions_departement"
PERM_POSTE = "intervenants.lire_conventions_poste"
PERM_SITE = "intervenants.lire_conventions_site"

CENT = Decimal("100")


def employeurs_geres(user) -> QuerySet[Employeur]:
    return objets_autorises(user, PERM_EMPLOYEUR, Employeur)


def departements_geres(user) -> QuerySet[Departement]:
    return objets_autorises(user, PERM_DEPARTEMENT, Departement)


def _q_departement(departements) -> Q:
    return Q(employeur__departement__in=departements) | Q(
        pk__in=Convention.postes.through.objects.filter(poste__departement__in=departements).values(
            "convention_id"
        )
    )


def _q_ecriture(user) -> Q:
    return Q(employeur__in=employeurs_geres(user)) | _q_departement(departements_geres(user))


def _q_lecture(user) -> Q:
    postes = objets_autorises(user, PERM_POSTE, Poste)
    sites = objets_autorises(user, PERM_SITE, Site)
    par_poste = Convention.postes.through.objects.filter(poste__in=postes).values("convention_id")
    par_site = SiteConvention.objects.filter(site__in=sites).values("convention_id")
    par_poste_du_site = Convention.postes.through.objects.filter(poste__sites__in=sites).values(
        "convention_id"
    )
    return (
        _q_ecriture(user) | Q(pk__in=par_poste) | Q(pk__in=par_site) | Q(pk__in=par_poste_du_site)
    )


def conventions_lisibles(user, jour: datetime.date | None = None) -> QuerySet[Convention]:
    """Conventions the user may read, with their computed status."""
    if not user.is_authenticated:
        return Convention.objects.none()
    return Convention.objects.filter(_q_lecture(user)).avec_statut(jour)


def conventions_modifiables(user) -> QuerySet[Convention]:
    if not user.is_authenticated:
        return Convention.objects.none()
    return Convention.objects.filter(_q_ecriture(user))


def peut_lire_des_conventions(user) -> bool:
    return any(
        objets_autorises(user, perm, modele).exists()
        for perm, modele in (
            (PERM_EMPLOYEUR, Employeur),
            (PERM_DEPARTEMENT, Departement),
            (PERM_POSTE, Poste),
            (PERM_SITE, Site),
        )
    )


def peut_creer_des_conventions(user) -> bool:
    return employeurs_pour_creation(user).exists()


def employeurs_pour_creation(user) -> QuerySet[Employeur]:
    """Employers a new convention may be recorded for: its own, or those of the département."""
    return Employeur.objects.filter(
        Q(pk__in=employeurs_geres(user).values("pk")) | Q(departement__in=departements_geres(user))
    ).select_related("departement")


def postes_pour_creation(user) -> QuerySet[Poste]:
    return Poste.objects.filter(
        Q(employeur__in=employeurs_geres(user)) | Q(departement__in=departements_geres(user))
    ).select_related("employeur")


def sites_pour_creation(user) -> QuerySet[Site]:
    """Sites of the départements the user works in, as employer or coordinator."""
    return Site.objects.filter(
        Q(departement__in=departements_geres(user))
        | Q(departement__employeurs__in=employeurs_geres(user))
    ).distinct()


def employeurs_visibles(user) -> QuerySet[Employeur]:
    """Employers of the conventions the user reads: the choices of the list's filter."""
    return Employeur.objects.filter(pk__in=conventions_lisibles(user).values("employeur_id"))


def documents_lisibles(user) -> QuerySet[DocumentConvention]:
    return DocumentConvention.objects.filter(
        convention__in=conventions_lisibles(user).values("pk")
    ).select_related("convention")


def liste_conventions(user, jour: datetime.date | None = None) -> QuerySet[Convention]:
    """The list page's queryset: a fixed number of queries whatever the number of rows."""
    return (
        conventions_lisibles(user, jour)
        .select_related("employeur")
        .prefetch_related(Prefetch("postes", queryset=Poste.objects.only("id", "intitule")))
        .order_by("date_fin", "titre")
    )


def pour_export(conventions: QuerySet[Convention]) -> QuerySet[Convention]:
    """What the CSV export reads besides the list's columns, in three more queries."""
    return conventions.prefetch_related(
        "financements",
        "avenants",
        Prefetch("sites_couverts", SiteConvention.objects.select_related("site")),
    )


def convention_detaillee(user, pk: int) -> QuerySet[Convention]:
    return (
        conventions_lisibles(user)
        .filter(pk=pk)
        .select_related("employeur", "employeur__departement")
        .prefetch_related(
            "postes",
            "parties",
            Prefetch("sites_couverts", SiteConvention.objects.select_related("site")),
            "financements",
            "avenants",
            "reunions_comite",
            "documents",
        )
    )


# --- funding -----------------------------------------------------------------------------


@dataclass
class LigneFinancement:
    financement: Financement
    part: Decimal | None


@dataclass
class AnneeFinancement:
    annee: int
    lignes: list[LigneFinancement]
    total: Decimal
    base: Decimal | None
    part_totale: Decimal | None

    @property
    def reste_a_financer(self) -> Decimal | None:
        return None if self.base is None else self.base - self.total


def part(montant: Decimal, base: Decimal | None) -> Decimal | None:
    """``montant`` as a percentage of ``base``, to one decimal; None when there is no base."""
    if not base:
        return None
    return (montant * CENT / base).quantize(Decimal("0.1"))


def tableau_financements(convention: Convention) -> list[AnneeFinancement]:
    """Funding per year: each line's share of the annual cost (or of the year's total)."""
    par_annee: dict[int, list[Financement]] = {}
    for financement in convention.financements.all():
        par_annee.setdefault(financement.annee, []).append(financement)
    annees = []
    for annee in sorted(par_annee):
        lignes = par_annee[annee]
        total = sum((f.montant for f in lignes), Decimal("0"))
        base = convention.cout_annuel or total
        annees.append(
            AnneeFinancement(
                annee=annee,
                lignes=[LigneFinancement(f, part(f.montant, base)) for f in lignes],
                total=total,
                base=convention.cout_annuel,
                part_totale=part(total, base),
            )
        )
    return annees


@dataclass
class SyntheseFinanceurs:
    """Funding of all the user's conventions, per year and funder, with each funder's share."""

    annees: list[int]
    financeurs: list[tuple[str, str]]
    montants: dict[tuple[int, str], Decimal]
    totaux: dict[int, Decimal]
    parts: dict[tuple[int, str], Decimal | None] = field(default_factory=dict)

    def lignes(self):
        for annee in self.annees:
            yield (
                annee,
                [
                    (self.montants.get((annee, code)), self.parts.get((annee, code)))
                    for code, _ in self.financeurs
                ],
                self.totaux[annee],
            )


def synthese_financements(conventions: QuerySet[Convention]) -> SyntheseFinanceurs:
    from conventions.models import TypeFinanceur

    lignes = (
        Financement.objects.filter(convention__in=conventions.values("pk"))
        .values("annee", "financeur")
        .annotate(total=Sum("montant"))
        .order_by("annee", "financeur")
    )
    montants = {(ligne["annee"], ligne["financeur"]): ligne["total"] for ligne in lignes}
    annees = sorted({annee for annee, _ in montants})
    presents = {code for _, code in montants}
    financeurs = [(code, label) for code, label in TypeFinanceur.choices if code in presents]
    totaux = {
        annee: sum((m for (a, _), m in montants.items() if a == annee), Decimal("0"))
        for annee in annees
    }
    parts = {(a, code): part(m, totaux[a]) for (a, code), m in montants.items()}
    return SyntheseFinanceurs(annees, financeurs, montants, totaux, parts)


def financements_exportables(conventions: QuerySet[Convention]) -> QuerySet[Financement]:
    return (
        Financement.objects.filter(convention__in=conventions.values("pk"))
        .select_related("convention", "convention__employeur")
        .order_by("convention__titre", "annee", "financeur", "id")
    )


# --- alerts for the home page ---------------------------------------------------------------


@dataclass
class Alertes:
    conventions_finissant: list[Convention]
    rapports_en_retard: list[echeances.Obligation]
    postes_sans_convention: list[Poste]
    postes_non_declares: list[Poste]
    nombre_conventions: int
    prochaines_echeances: list[echeances.Obligation]

    @property
    def total(self) -> int:
        return (
            len(self.conventions_finissant)
            + len(self.rapports_en_retard)
            + len(self.postes_sans_convention)
            + len(self.postes_non_declares)
        )


def _perimetre(user, role: str) -> tuple[QuerySet[Convention], QuerySet[Poste]]:
    if role == "employeur":
        employeurs = employeurs_geres(user)
        return (
            Convention.objects.filter(employeur__in=employeurs),
            Poste.objects.filter(employeur__in=employeurs),
        )
    if role == "coordinateur":
        departements = departements_geres(user)
        return (
            Convention.objects.filter(_q_departement(departements)),
            Poste.objects.filter(departement__in=departements),
        )
    return Convention.objects.none(), Poste.objects.none()


def alertes(user, role: str, jour: datetime.date | None = None) -> Alertes:
    """What the employer's or coordinator's home page raises about conventions and posts."""
    jour = jour or timezone.localdate()
    conventions, postes = _perimetre(user, role)
    en_vigueur = list(conventions.en_vigueur(jour).select_related("employeur"))
    postes_couverts = Convention.postes.through.objects.filter(
        convention__in=Convention.objects.en_vigueur(jour)
    ).values("poste_id")
    return Alertes(
        conventions_finissant=[c for c in en_vigueur if c.finit_bientot(jour)],
        rapports_en_retard=echeances.rapports_en_retard(en_vigueur, jour),
        postes_sans_convention=list(postes.exclude(pk__in=postes_couverts).order_by("intitule")),
        postes_non_declares=list(postes.filter(date_declaration__isnull=True).order_by("intitule")),
        nombre_conventions=conventions.count(),
        prochaines_echeances=echeances.obligations_a_venir(en_vigueur, jour, mois=3)[:5],
    )
