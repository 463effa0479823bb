"""The calendar of obligations a convention creates, derived from its dates (framework III.6).

Nothing here is stored: the calendar is recomputed from the convention, so an amendment
that moves the end date moves the obligations with it. The rules (documented in
docs/decisions.md):

- a quarterly activity report for every calendar quarter the convention covers, due on the
  last day of the month after the quarter;
- an annual report for every calendar year it covers, due on 31 March of the next year;
- the renewal notice six months before the end, and the end itself.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from conventions.models import MOIS_PREAVIS, Convention, ajouter_mois

# Report obligations overdue for longer than this are no longer raised on the home page:
# until the reports module records what was handed in, older ones cannot be told apart
# from reports that were simply delivered outside the application.
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
    if convention.date_resiliation:
        return min(convention.date_fin, convention.date_resiliation - datetime.timedelta(days=1))
    return convention.date_fin


def calendrier(convention: Convention) -> list[Obligation]:
    """Every obligation of the convention, in date order. A draft has none yet."""
    if convention.date_signature is None:
        return []
    debut, fin = convention.date_debut, fin_effective(convention)
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
                )
            )
    if not convention.date_resiliation:
        obligations.append(
            Obligation(
                convention,
                TypeObligation.PREAVIS_RENOUVELLEMENT,
                ajouter_mois(convention.date_fin, -MOIS_PREAVIS),
                f"fin le {convention.date_fin:%d/%m/%Y}",
            )
        )
    obligations.append(
        Obligation(convention, TypeObligation.FIN_CONVENTION, fin, f"{fin:%d/%m/%Y}")
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


def rapports_en_retard(conventions, jour: datetime.date | None = None) -> list[Obligation]:
    """Report obligations whose due date passed within the last ``FENETRE_RETARD_JOURS`` days.

    Reports are not recorded yet (they arrive with the ``rapports`` app), so "overdue" means
    "due and not confirmed": the coordinator checks them by hand meanwhile.
    """
    jour = jour or timezone.localdate()
    depuis = jour - datetime.timedelta(days=FENETRE_RETARD_JOURS)
    return sorted(
        (
            o
            for c in conventions
            for o in calendrier(c)
            if o.est_un_rapport and depuis <= o.echeance < jour
        ),
        key=lambda o: (o.echeance, o.convention.titre),
    )
