"""The calendar of obligations a convention creates, derived from its dates (framework III.6).

Nothing here is stored: the calendar is recomputed from the convention, so an amendment
that moves the end date moves the obligations with it. The rules (documented in
docs/decisions.md):

- a quarterly activity report for every calendar quarter the convention covers, due on the
  last day of the month after the quarter;
- an annual report for every calendar year it covers, due on 31 March of the next year;
- the renewal notice six months before the end, and the end itself.

The database refuses dates outside 2000–2100, but a row stored before that rule (the
attack of issue 12: an end on 31/12/9999) must not break the page of every reader: the
calendar is computed within those bounds only, whatever the row holds.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from conventions.models import MOIS_PREAVIS, Convention, SiteConvention, ajouter_mois
from intervenants.dates import DEBUT_ACTIVITE, FIN_ABSOLUE
from intervenants.models import Poste
from rapports.models import BilanAnnuel, CompteRendu, EtatRapport

# Report obligations overdue for longer than this are no longer raised on the home page:
# reports handed in before the application was used cannot be told apart from missing ones.
FENETRE_RETARD_JOURS = 90


class TypeObligation(StrEnum):
    COMPTE_RENDU_TRIMESTRIEL = "compte_rendu_trimestriel"
    BILAN_ANNUEL = "bilan_annuel"
    PREAVIS_RENOUVELLEMENT = "preavis_renouvellement"
    FIN_CONVENTION = "fin_convention"


LIBELLES = {
    TypeObligation.COMPTE_RENDU_TRIMESTRIEL: "compte rendu d'activité trimestriel",
    TypeObligation.BILAN_ANNUEL: "bilan annuel",
    TypeObligation.PREAVIS_RENOUVELLEMENT: "préavis de renouvellement",
    TypeObligation.FIN_CONVENTION: "fin de la convention",
}

RAPPORTS = {TypeObligation.COMPTE_RENDU_TRIMESTRIEL, TypeObligation.BILAN_ANNUEL}


@dataclass(frozen=True)
class Obligation:
    convention: Convention
    type: TypeObligation
    echeance: datetime.date
    periode: str
    annee: int | None = None
    trimestre: int | None = None

    @property
    def libelle(self) -> str:
        return LIBELLES[self.type]

    @property
    def est_un_rapport(self) -> bool:
        return self.type in RAPPORTS

    def en_retard(self, jour: datetime.date | None = None) -> bool:
        jour = jour or timezone.localdate()
        return self.est_un_rapport and self.echeance < jour


def _fin_du_mois(jour: datetime.date) -> datetime.date:
    return ajouter_mois(jour.replace(day=1), 1) - datetime.timedelta(days=1)


def fin_effective(convention: Convention) -> datetime.date:
    """Last day covered: the end date, or the day before a termination takes effect."""
    resiliation = convention.date_resiliation
    if resiliation and resiliation > datetime.date.min:
        return min(convention.date_fin, resiliation - datetime.timedelta(days=1))
    return convention.date_fin


def calendrier(convention: Convention) -> list[Obligation]:
    """Every obligation of the convention, in date order. A draft has none yet."""
    if convention.date_signature is None:
        return []
    # Bounded: a few hundred quarters at most, and no date arithmetic past year 9999.
    debut = max(convention.date_debut, DEBUT_ACTIVITE)
    fin = min(fin_effective(convention), FIN_ABSOLUE)
    obligations = []
    if fin >= debut:
        trimestre = datetime.date(debut.year, (debut.month - 1) // 3 * 3 + 1, 1)
        while trimestre <= fin:
            fin_trimestre = ajouter_mois(trimestre, 3) - datetime.timedelta(days=1)
            numero = (trimestre.month - 1) // 3 + 1
            obligations.append(
                Obligation(
                    convention,
                    TypeObligation.COMPTE_RENDU_TRIMESTRIEL,
                    _fin_du_mois(ajouter_mois(fin_trimestre, 1)),
                    f"T{numero} {trimestre.year}",
                    annee=trimestre.year,
                    trimestre=numero,
                )
            )
            trimestre = ajouter_mois(trimestre, 3)
        for annee in range(debut.year, fin.year + 1):
            obligations.append(
                Obligation(
                    convention,
                    TypeObligation.BILAN_ANNUEL,
                    datetime.date(annee + 1, 3, 31),
                    str(annee),
                    annee=annee,
                )
            )
    preavis = convention.date_preavis
    if not convention.date_resiliation and preavis is not None:
        obligations.append(
            Obligation(
                convention,
                TypeObligation.PREAVIS_RENOUVELLEMENT,
                preavis,
                f"fin le {convention.date_fin:%d/%m/%Y}",
            )
        )
    fin_reelle = fin_effective(convention)
    obligations.append(
        Obligation(convention, TypeObligation.FIN_CONVENTION, fin_reelle, f"{fin_reelle:%d/%m/%Y}")
    )
    return sorted(obligations, key=lambda o: (o.echeance, o.type))


def obligations_a_venir(
    conventions, jour: datetime.date | None = None, mois: int = MOIS_PREAVIS
) -> list[Obligation]:
    """Obligations falling between today and ``mois`` months ahead, all conventions together."""
    jour = jour or timezone.localdate()
    horizon = ajouter_mois(jour, mois)
    return sorted(
        (o for c in conventions for o in calendrier(c) if jour <= o.echeance <= horizon),
        key=lambda o: (o.echeance, o.convention.titre),
    )


def _remis(conventions) -> tuple[set, set, set]:
    """Reports transmitted for these conventions' posts, sites and départements."""
    ids = [c.pk for c in conventions]
    postes = Poste.objects.filter(conventions__in=ids).values("pk")
    trimestriels = set(
        CompteRendu.objects.filter(poste__in=postes, etat=EtatRapport.TRANSMIS).values_list(
            "poste_id", "annee", "trimestre"
        )
    )
    bilans = BilanAnnuel.objects.filter(etat=EtatRapport.TRANSMIS)
    par_site = set(bilans.filter(site__isnull=False).values_list("site_id", "annee"))
    par_departement = set(bilans.filter(site__isnull=True).values_list("departement_id", "annee"))
    return trimestriels, par_site, par_departement


def _est_remis(obligation: Obligation, remis, postes_de, sites_de) -> bool:
    trimestriels, par_site, par_departement = remis
    convention = obligation.convention
    if obligation.type == TypeObligation.COMPTE_RENDU_TRIMESTRIEL:
        postes = postes_de.get(convention.pk, [])
        return bool(postes) and all(
            (poste, obligation.annee, obligation.trimestre) in trimestriels for poste in postes
        )
    departement = convention.employeur.departement_id
    return (departement, obligation.annee) in par_departement or any(
        (site, obligation.annee) in par_site for site in sites_de.get(convention.pk, [])
    )


def rapports_en_retard(conventions, jour: datetime.date | None = None) -> list[Obligation]:
    """Report obligations due within the last ``FENETRE_RETARD_JOURS`` days and not transmitted.

    A quarterly report is handed in when every post of the convention has transmitted its
    compte rendu for the quarter; an annual report when a bilan of one of the convention's
    sites, or of its département, has been transmitted for the year.
    """
    jour = jour or timezone.localdate()
    depuis = jour - datetime.timedelta(days=FENETRE_RETARD_JOURS)
    conventions = list(conventions)
    dues = [
        o
        for c in conventions
        for o in calendrier(c)
        if o.est_un_rapport and depuis <= o.echeance < jour
    ]
    if not dues:
        return []
    postes_de, sites_de = {}, {}
    for convention_id, poste_id in Convention.postes.through.objects.filter(
        convention__in=conventions
    ).values_list("convention_id", "poste_id"):
        postes_de.setdefault(convention_id, []).append(poste_id)
    for convention_id, site_id in SiteConvention.objects.filter(
        convention__in=conventions
    ).values_list("convention_id", "site_id"):
        sites_de.setdefault(convention_id, []).append(site_id)
    remis = _remis(conventions)
    return sorted(
        (o for o in dues if not _est_remis(o, remis, postes_de, sites_de)),
        key=lambda o: (o.echeance, o.convention.titre),
    )
