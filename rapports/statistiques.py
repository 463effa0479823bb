"""Aggregate statistics over a scope and a period.

Every figure is one aggregate SQL query (GROUP BY through the ORM); no row is loaded
into Python to be counted. Only the non-nominative residue is read (Situation's
``sexe``, ``tranche_age``, ``mineur``, ``statut_affaire``, ``problematiques``; codes of
referrals, acts, interviews, orientations, transmissions; row ids), so the figures
stay the same after the retention purge blanks names and phone numbers.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, ExtractMonth, ExtractYear

from accueil import agregats
from accueil.choix import (
    IssueOrientation,
    ModeEntretien,
    NatureTransmission,
    OrigineSaisine,
    Problematique,
    ReponseRequisition,
    Sexe,
    StatutAffaire,
    TrancheAge,
    TypeActe,
    TypePartenaire,
)
from intervenants.models import Departement, Force, Poste, Site
from rapports import cumuls

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


# --- Scope -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Perimetre:
    """Where the figures come from: a post, a site, an employer, a département, or France.

    A site's figures are the whole activity of the posts covering it (a shared post's
    activity is not split between its sites: see docs/decisions.md), beside which the
    referrals-by-site table gives the referrals received on each site.
    """

    nature: str  # "poste" | "site" | "employeur" | "departement" | "national"
    objet: object | None = None

    @property
    def cle(self) -> str:
        return self.nature if self.objet is None else f"{self.nature}-{self.objet.pk}"

    @property
    def libelle(self) -> str:
        prefixe = {
            "poste": "Poste",
            "site": "Site",
            "employeur": "Employeur",
            "departement": "Département",
            "national": "France entière",
        }[self.nature]
        return prefixe if self.objet is None else f"{prefixe} : {self.objet}"

    def postes(self) -> QuerySet[Poste]:
        if self.nature == "poste":
            return Poste.objects.filter(pk=self.objet.pk)
        if self.nature == "site":
            return Poste.objects.filter(sites=self.objet)
        if self.nature == "employeur":
            return Poste.objects.filter(employeur=self.objet)
        if self.nature == "departement":
            return Poste.objects.filter(departement=self.objet)
        # France as a whole: aggregates only (national grid, benchmark), never records.
        return Poste.objects.all()

    @property
    def departement(self) -> Departement | None:
        if self.nature == "departement":
            return self.objet
        if self.nature in ("site", "poste", "employeur"):
            return self.objet.departement
        return None


# --- Period ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    """An inclusive range of days, with how it was chosen (to name its predecessor)."""

    debut: datetime.date
    fin: datetime.date
    nature: str = "plage"  # "mois" | "trimestre" | "annee" | "plage"

    @classmethod
    def du_mois(cls, annee: int, mois: int) -> Periode:
        dernier = calendar.monthrange(annee, mois)[1]
        return cls(datetime.date(annee, mois, 1), datetime.date(annee, mois, dernier), "mois")

    @classmethod
    def du_trimestre(cls, annee: int, trimestre: int) -> Periode:
        premier_mois = 3 * (trimestre - 1) + 1
        debut = datetime.date(annee, premier_mois, 1)
        dernier = calendar.monthrange(annee, premier_mois + 2)[1]
        return cls(debut, datetime.date(annee, premier_mois + 2, dernier), "trimestre")

    @classmethod
    def de_l_annee(cls, annee: int) -> Periode:
        return cls(datetime.date(annee, 1, 1), datetime.date(annee, 12, 31), "annee")

    @property
    def libelle(self) -> str:
        if self.nature == "annee":
            return f"année {self.debut.year}"
        if self.nature == "trimestre":
            return f"{(self.debut.month - 1) // 3 + 1}e trimestre {self.debut.year}".replace(
                "1e ", "1er "
            )
        if self.nature == "mois":
            return f"{MOIS[self.debut.month - 1]} {self.debut.year}"
        return f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"

    @property
    def libelle_court(self) -> str:
        if self.nature == "annee":
            return str(self.debut.year)
        if self.nature == "trimestre":
            return f"T{(self.debut.month - 1) // 3 + 1} {self.debut.year}"
        if self.nature == "mois":
            return f"{self.debut:%m/%Y}"
        return f"{self.debut:%d/%m/%y}–{self.fin:%d/%m/%y}"

    def precedente(self) -> Periode:
        """The period just before, of the same kind (previous month, quarter, year)."""
        if self.nature == "annee":
            return Periode.de_l_annee(self.debut.year - 1)
        if self.nature == "trimestre":
            t = (self.debut.month - 1) // 3 + 1
            return (
                Periode.du_trimestre(self.debut.year, t - 1)
                if t > 1
                else Periode.du_trimestre(self.debut.year - 1, 4)
            )
        if self.nature == "mois":
            veille = self.debut - datetime.timedelta(days=1)
            return Periode.du_mois(veille.year, veille.month)
        duree = self.fin - self.debut
        fin = self.debut - datetime.timedelta(days=1)
        return Periode(fin - duree, fin, "plage")

    def annee_precedente(self) -> Periode:
        """The same period one year earlier ("last year beside")."""
        if self.nature in ("annee", "trimestre", "mois"):
            if self.nature == "annee":
                return Periode.de_l_annee(self.debut.year - 1)
            if self.nature == "trimestre":
                return Periode.du_trimestre(self.debut.year - 1, (self.debut.month - 1) // 3 + 1)
            return Periode.du_mois(self.debut.year - 1, self.debut.month)
        return Periode(_moins_un_an(self.debut), _moins_un_an(self.fin), "plage")

    def mois(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        resultat = []
        annee, mois = self.debut.year, self.debut.month
        while (annee, mois) <= (self.fin.year, self.fin.month):
            resultat.append((annee, mois))
            annee, mois = (annee + 1, 1) if mois == 12 else (annee, mois + 1)
        return resultat


def _moins_un_an(jour: datetime.date) -> datetime.date:
    try:
        return jour.replace(year=jour.year - 1)
    except ValueError:  # 29 February
        return jour.replace(year=jour.year - 1, day=28)


def libelle_de_rang(nom: str, annee: int, rang: int, avant: list[tuple], noms: list[str]) -> str:
    """The label of the ``rang``-th month (or quarter) of a series set beside the same rank
    of the comparison period (``avant``: its (year, number) list). The years are in the
    column heads: a row names the month alone when both columns hold the same month
    ("janvier" for 2026 against 2025), both months otherwise ("juillet / avril" for a
    quarter against the one before); the year only when the period spans two years."""
    if rang >= len(avant):
        return f"{nom} {annee}"
    autre = avant[rang][1]
    if noms[autre - 1] == nom:
        return nom
    return f"{nom} / {noms[autre - 1]}"


# --- SQL helpers -----------------------------------------------------------------------


class Mediane(Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5), computed by the database."""

    function = "PERCENTILE_CONT"
    name = "Mediane"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class Unnest(Func):
    """One row per element of an array column (PostgreSQL ``unnest``)."""

    function = "unnest"
    output_field = CharField()


# --- Results ---------------------------------------------------------------------------


@dataclass
class Tableau:
    """One statistics table: rows (code, label), and one or more columns of counts.

    ``additif``: each unit counts in exactly one row, so the column total is the sum and
    is published (secondary suppression then protects masked cells). A table where a unit
    may fall in several rows (problématiques) publishes no total.
    """

    cle: str
    titre: str
    lignes: list[tuple[str, str]]
    colonnes: list[tuple[str, list[int]]] = field(default_factory=list)
    additif: bool = True
    unite: str = ""
    note: str = ""
    garder_zeros: bool = False


@dataclass
class Statistiques:
    perimetre: Perimetre
    periode: Periode
    comparaison: Periode
    indicateurs: list[tuple[str, str, int, int]]  # (code, label, value, comparison value)
    delai_median: float | None
    delai_median_comparaison: float | None
    tableaux: list[Tableau]

    def tableau(self, cle: str) -> Tableau:
        for t in self.tableaux:
            if t.cle == cle:
                return t
        raise KeyError(cle)


# --- Dimensions: one query each ----------------------------------------------------------


def personnes_par_poste(postes, periodes: list[Periode]) -> list[dict]:
    """People met (an interview that reached them) in each period, ``[{None: n}, ...]``.

    Each post counts the distinct people it met and a scope adds its posts up: identities
    belong to one post (a person followed by two posts has a file on each, which nothing
    links), so this is what the running totals keep (rapports/cumuls.py)."""
    par_poste = par_periodes(
        agregats.contacts,
        postes,
        periodes,
        "date",
        "situation__poste",
        compter="situation__personne",
        distinct=True,
    )
    return [{None: sum(v.values())} for v in par_poste]


def file_active(postes, periodes: list[Periode]) -> list[dict]:
    """The file active of each period, ``[{None: n}, ...]``: situations with at least one
    interview that reached someone in the period (docs/rapports.md), whatever their
    opening date, counted on the interviews (one COUNT(DISTINCT) query for all the
    periods). Not a sum of months (a situation met in January and March counts once in the
    quarter): months, quarters and years are read from the running totals instead, which
    keep each situation's months (rapports/cumuls.py); this serves other ranges."""
    return par_periodes(
        agregats.contacts, postes, periodes, "date", compter="situation", distinct=True
    )


def delai_median_premier_contact(postes, periode) -> float | None:
    """Median of :func:`delais_premier_contact`, by PERCENTILE_CONT in the database."""
    return agregats.delais_premier_contact(postes, periode).aggregate(m=Mediane("delai"))["m"]


@dataclass(frozen=True)
class TempsDEntretien:
    """The post's interview time over a period, read by its own worker only (never outside
    the post: a sum of minutes subtracts, docs/decisions.md « Temps passé »)."""

    minutes: int
    notees: int  # interviews that reached someone and whose duration was written down
    aboutis: int  # interviews that reached someone

    @property
    def non_notees(self) -> int:
        return self.aboutis - self.notees

    @property
    def texte(self) -> str:
        heures, minutes = divmod(self.minutes, 60)
        return f"{heures} h {minutes:02d}" if heures else f"{minutes} min"


def temps_d_entretien(postes, periode) -> TempsDEntretien:
    totaux = agregats.contacts(postes, periode).aggregate(
        minutes=Coalesce(Sum("duree_minutes"), 0),
        notees=Count("duree_minutes"),
        aboutis=Count("pk"),
    )
    return TempsDEntretien(**totaux)


# --- Everything for a scope and a period --------------------------------------------------


def _sites(postes, par_site: list[dict]) -> list[tuple[str, str]]:
    """The rows of the referrals-by-site table, coded as the running totals code a site
    (its force and id, "police-12"): the sites of the scope's posts, and any site a
    counted referral names. One query."""
    codes = {int(s.rsplit("-", 1)[1]) for v in par_site for s in v if s}
    sites = (
        Site.objects.filter(Q(postes__in=postes.values("pk")) | Q(pk__in=codes))
        .distinct()
        .order_by("nom", "pk")
        .values_list("pk", "nom", "force")
    )
    return [(f"{force}-{pk}", nom) for pk, nom, force in sites]


def _lignes(choices) -> list[tuple[str, str]]:
    return [(c.value, c.label) for c in choices]


def _colonne(libelle: str, lignes, valeurs: dict) -> tuple[str, list[int]]:
    return (libelle, [valeurs.get(code, 0) for code, _ in lignes])


LIGNES_ISSUES = [("", "issue non renseignée"), *_lignes(IssueOrientation)]
LIGNES_MINEUR = [("mineur", "mineur"), ("majeur", "majeur"), ("inconnu", "âge inconnu")]
LIGNES_CONNUS = [
    ("oui", "déjà connue d'un service social"),
    ("non", "inconnue des services sociaux"),
    ("inconnu", "on ne sait pas"),
]
LIGNES_ENFANTS = [
    ("au_moins_un", "au moins un enfant au foyer"),
    ("aucun", "aucun enfant au foyer"),
    ("nr", "non renseigné"),
]
LIGNES_SUITES = [
    ("transmission", "transmission (information préoccupante, signalement, secret partagé…)"),
    ("orientation_urgence", "orientation vers une structure sociale d'urgence (115 / SIAO)"),
    ("orientation", "autre orientation"),
    ("entretien", "simple entretien"),
    ("aucune", "pas encore de contact"),
]
LIGNES_DUREES = [
    ("moins_1_mois", "un mois ou moins"),
    ("1_3_mois", "un à trois mois"),
    ("3_12_mois", "trois mois à un an"),
    ("plus_1_an", "plus d'un an"),
]
# Interviews that reached someone, by their noted length (cumul_code_duree_entretien.sql).
LIGNES_DUREES_ENTRETIEN = [
    ("moins_30", "moins de 30 minutes"),
    ("30_59", "30 à 59 minutes"),
    ("60_119", "une à deux heures"),
    ("120_plus", "deux heures ou plus"),
    ("nr", "durée non notée"),
]
LIGNES_REPETITIONS = [
    ("plusieurs", "plusieurs saisines (saisines répétées)"),
    ("une", "une saisine"),
    ("aucune", "aucune saisine enregistrée"),
]
LIGNES_ETATS = [
    ("prise_en_charge", "prise en charge"),
    ("sans_suite", "close sans suite"),
    ("recue", "pas encore qualifiée"),
]
# The rows of each table, in order (also what the cube of rapports/secret.py publishes).
LIGNES_TABLES = {
    "origines": _lignes(OrigineSaisine),
    "sexe": _lignes(Sexe),
    "mineurs": LIGNES_MINEUR,
    "tranches_age": _lignes(TrancheAge),
    "statuts": _lignes(StatutAffaire),
    "problematiques": _lignes(Problematique),
    "actes": _lignes(TypeActe),
    "modes_entretien": [
        ligne for ligne in _lignes(ModeEntretien) if ligne[0] != ModeEntretien.SANS_REPONSE
    ],
    "orientations_partenaires": _lignes(TypePartenaire),
    "orientations_issues": LIGNES_ISSUES,
    "transmissions": _lignes(NatureTransmission),
    # Issue 19: what the data held and no report showed (docs/rapports.md).
    "suites": LIGNES_SUITES,
    "repetitions": LIGNES_REPETITIONS,
    "connus_service_social": LIGNES_CONNUS,
    "enfants_au_foyer": LIGNES_ENFANTS,
    "etats_saisines": LIGNES_ETATS,
    "durees_suivi": LIGNES_DUREES,
    "durees_entretien": LIGNES_DUREES_ENTRETIEN,
    "forces": _lignes(Force),
    # Issue 17, item 5: the register of requisitions, counted by answer.
    "requisitions": _lignes(ReponseRequisition),
}
# Situations "hors champ pénal": no criminal status in the case (docs/rapports.md).
STATUTS_HORS_PENAL = (StatutAffaire.IMPLIQUE.value, StatutAffaire.DETRESSE.value)


def lignes_publiees(table: str) -> list[str]:
    """The codes of a table's rows as published (the interviews' table without attempts)."""
    return [code for code, _ in LIGNES_TABLES[table]]


def _dans_la_periode(periode: Periode, champ_date: str) -> Q:
    return Q(**{f"{champ_date}__gte": periode.debut, f"{champ_date}__lte": periode.fin})


def par_periodes(
    source, postes, periodes: list[Periode], champ_date: str, *champs: str, **annotations
) -> list[dict]:
    """One GROUP BY query for several periods: ``[{code: count}, ...]``, one dict a period.

    Each period is a ``COUNT(...) FILTER (WHERE date in period)`` column over the rows of all
    the periods, so the scope's rows are read once instead of once per period. ``champs``
    may name annotations passed in ``annotations`` (month, unnested problématique);
    ``compter`` (default "pk") and ``distinct`` say what is counted.
    """
    compte = annotations.pop("compter", "pk")
    distinct = annotations.pop("distinct", False)
    englobante = Periode(min(p.debut for p in periodes), max(p.fin for p in periodes))
    qs = source(postes, englobante).order_by()
    dedans = Q()
    for p in periodes:
        dedans |= _dans_la_periode(p, champ_date)
    qs = qs.filter(dedans).annotate(**annotations)
    colonnes = {
        f"n{i}": Count(compte, distinct=distinct, filter=_dans_la_periode(p, champ_date))
        for i, p in enumerate(periodes)
    }
    if not champs:
        ligne = qs.aggregate(**colonnes)
        return [{None: ligne[f"n{i}"]} for i in range(len(periodes))]
    lignes = list(qs.values(*champs).annotate(**colonnes))

    def cle(ligne):
        return ligne[champs[0]] if len(champs) == 1 else tuple(ligne[c] for c in champs)

    return [{cle(ligne): ligne[f"n{i}"] for ligne in lignes} for i in range(len(periodes))]


def _en_direct(postes, periodes: list[Periode]) -> dict[str, list]:
    """Every dimension from the raw tables: one query per dimension for all the periods."""

    def deux(source, champ_date, *champs, **annotations) -> list[dict]:
        return par_periodes(source, postes, periodes, champ_date, *champs, **annotations)

    mois_annotes = {"a": ExtractYear("date"), "m": ExtractMonth("date")}
    return {
        "origines": deux(agregats.saisines, "date_saisine", "origine"),
        "sexes": deux(agregats.situations_nouvelles, "date_ouverture", "sexe"),
        "mineurs": [
            {"mineur": v.get(True, 0), "majeur": v.get(False, 0), "inconnu": v.get(None, 0)}
            for v in deux(agregats.situations_nouvelles, "date_ouverture", "mineur")
        ],
        "tranches": deux(agregats.situations_nouvelles, "date_ouverture", "tranche_age"),
        "statuts": deux(agregats.situations_nouvelles, "date_ouverture", "statut_affaire"),
        "problematiques": deux(
            agregats.situations_nouvelles,
            "date_ouverture",
            "problematique",
            problematique=Unnest(F("problematiques")),
        ),
        "situations_mois": deux(
            agregats.situations_nouvelles,
            "date_ouverture",
            "a",
            "m",
            a=ExtractYear("date_ouverture"),
            m=ExtractMonth("date_ouverture"),
        ),
        "contacts_mois": deux(agregats.contacts, "date", "a", "m", **mois_annotes),
        "modes": deux(agregats.entretiens, "date", "mode"),
        "types_actes": deux(agregats.actes, "date", "type"),
        "partenaires": deux(agregats.orientations, "date", "type_partenaire"),
        "issues": deux(agregats.orientations, "date", "issue"),
        "natures": deux(agregats.transmissions, "date", "nature"),
        "suites": deux(agregats.suites, "date_ouverture", "suite"),
        "repetitions": deux(agregats.repetitions, "date_ouverture", "repetition"),
        "connus": deux(agregats.situations_nouvelles, "date_ouverture", "connu_service_social"),
        "enfants": deux(
            agregats.situations_nouvelles,
            "date_ouverture",
            "enfants",
            enfants=Case(
                When(enfants_au_foyer__isnull=True, then=Value("nr")),
                When(enfants_au_foyer=0, then=Value("aucun")),
                default=Value("au_moins_un"),
                output_field=CharField(),
            ),
        ),
        "femmes_majeures": deux(
            lambda postes, p: agregats.situations_nouvelles(postes, p).filter(
                sexe=Sexe.FEMME, mineur=False
            ),
            "date_ouverture",
        ),
        "etats": deux(agregats.saisines, "date_saisine", "etat"),
        "clotures": deux(agregats.situations_closes, "date_cloture", "duree"),
        "sites": deux(
            agregats.saisines,
            "date_saisine",
            "code_site",
            code_site=Concat("site__force", Value("-"), Cast("site_id", CharField())),
        ),
        "requisitions": deux(agregats.requisitions, "date", "reponse"),
        "durees_entretien": deux(
            agregats.contacts,
            "date",
            "duree",
            duree=Case(
                When(duree_minutes__isnull=True, then=Value("nr")),
                When(duree_minutes__lt=30, then=Value("moins_30")),
                When(duree_minutes__lt=60, then=Value("30_59")),
                When(duree_minutes__lt=120, then=Value("60_119")),
                default=Value("120_plus"),
                output_field=CharField(),
            ),
        ),
        "personnes": personnes_par_poste(postes, periodes),
        "file_active": file_active(postes, periodes),
        "delais": [delai_median_premier_contact(postes, p) for p in periodes],
    }


def _depuis_cumuls(postes, periodes: list[Periode]) -> dict[str, list]:
    """The same figures as :func:`_en_direct`, read from the running totals kept by the
    database (rapports/cumuls.py) in one query. The people met and the file active over a
    period that is not a month, a quarter or a year (a range of months) are counted on the
    raw tables."""
    lus = cumuls.lire(postes, periodes)

    def par_mois(lu: dict, dimension: str, exclus=()) -> dict[tuple[int, int], int]:
        resultat: dict[tuple[int, int], int] = {}
        for (code, mois), n in lu.get(f"{dimension}@mois", {}).items():
            if code not in exclus:
                resultat[mois] = resultat.get(mois, 0) + n
        return resultat

    def distincts(lu: dict, periode: Periode, population: str, en_direct) -> dict:
        grain = cumuls.grain(periode, population)
        if grain is None:
            return en_direct(postes, [periode])[0]
        return {None: lu.get(grain, {}).get("", 0)}

    def champ(dimension: str) -> list[dict]:
        return [lu.get(dimension, {}) for lu in lus]

    return {
        "origines": champ("origine"),
        "sexes": champ("sexe"),
        "mineurs": champ("mineur"),
        "tranches": champ("tranche_age"),
        "statuts": champ("statut"),
        "problematiques": champ("problematique"),
        "situations_mois": [par_mois(lu, "sexe") for lu in lus],
        "contacts_mois": [par_mois(lu, "mode", (ModeEntretien.SANS_REPONSE,)) for lu in lus],
        "modes": champ("mode"),
        "types_actes": champ("acte"),
        "partenaires": champ("partenaire"),
        "issues": champ("issue"),
        "natures": champ("transmission"),
        "suites": champ("suite"),
        "repetitions": champ("repetition"),
        "connus": champ("connu_ss"),
        "enfants": champ("enfants"),
        "femmes_majeures": [{None: lu.get("femme_majeure", {}).get("oui", 0)} for lu in lus],
        "etats": champ("etat"),
        "clotures": champ("cloture"),
        "sites": champ("site"),
        "requisitions": champ("requisition"),
        "durees_entretien": champ("duree_entretien"),
        "personnes": [
            distincts(lu, p, cumuls.PERSONNES, personnes_par_poste)
            for lu, p in zip(lus, periodes, strict=True)
        ],
        "file_active": [
            distincts(lu, p, cumuls.FILE_ACTIVE, file_active)
            for lu, p in zip(lus, periodes, strict=True)
        ],
        "delais": [cumuls.mediane(lu.get("delai", {})) for lu in lus],
    }


def calculer(
    perimetre: Perimetre,
    periode: Periode,
    comparaison: Periode | None = None,
    *,
    direct: bool = False,
) -> Statistiques:
    """All figures of a scope for a period, each beside the comparison period's.

    Periods of whole months (months, quarters, years: every dashboard and report) are
    read from the running totals the database keeps (:func:`_depuis_cumuls`); other
    ranges, or ``direct=True``, aggregate the raw tables, one query per dimension for both
    periods (:func:`_en_direct`). Both give the same figures (tests/rapports/test_cumuls.py).
    A count that a dimension already partitions (every referral has one origin, every new
    situation one sex...) is that dimension's sum rather than another query.
    """
    comparaison = comparaison or periode.precedente()
    postes = perimetre.postes()
    periodes = [periode, comparaison]
    if not direct and all(cumuls.periode_entiere(p) for p in periodes):
        d = _depuis_cumuls(postes, periodes)
    else:
        d = _en_direct(postes, periodes)
    origines, sexes, mineurs = d["origines"], d["sexes"], d["mineurs"]
    tranches, statuts, problematiques = d["tranches"], d["statuts"], d["problematiques"]
    situations_mois, contacts_mois, modes = d["situations_mois"], d["contacts_mois"], d["modes"]
    types_actes, partenaires, issues = d["types_actes"], d["partenaires"], d["issues"]
    natures, personnes, delais = d["natures"], d["personnes"], d["delais"]
    sites = d["sites"]
    lignes_sites = _sites(postes, sites)
    # A force's referrals: its sites' codes (rapports/secret.py groups them the same way).
    forces = [
        {f: sum(n for s, n in v.items() if s.startswith(f"{f}-")) for f in Force.values}
        for v in sites
    ]

    def total(valeurs: list[dict]) -> list[int]:
        return [sum(v.values()) for v in valeurs]

    indicateurs = [
        ("personnes", "personnes rencontrées", *(v[None] or 0 for v in personnes)),
        ("situations", "nouvelles situations", *total(sexes)),
        ("saisines", "saisines reçues", *total(origines)),
        ("entretiens", "entretiens", *total(contacts_mois)),
        ("actes", "actes", *total(types_actes)),
        ("orientations", "orientations", *total(partenaires)),
        ("transmissions", "transmissions", *total(natures)),
        (
            "femmes_majeures",
            "nouvelles situations de femmes majeures",
            *(v[None] or 0 for v in d["femmes_majeures"]),
        ),
        ("clotures", "situations closes", *total(d["clotures"])),
        (
            "hors_penal",
            "nouvelles situations hors champ pénal",
            *(sum(v.get(s, 0) for s in STATUTS_HORS_PENAL) for v in statuts),
        ),
        (
            "file_active",
            "file active (situations ayant eu un entretien)",
            *(v[None] or 0 for v in d["file_active"]),
        ),
    ]

    def tableau(cle, titre, lignes, valeurs, **options) -> Tableau:
        return Tableau(
            cle,
            titre,
            lignes,
            [
                _colonne(periode.libelle_court, lignes, valeurs[0]),
                _colonne(comparaison.libelle_court, lignes, valeurs[1]),
            ],
            **options,
        )

    mois = periode.mois()
    lignes_mois = [
        (f"{a}-{m:02d}", libelle_de_rang(MOIS[m - 1], a, rang, comparaison.mois(), MOIS))
        for rang, (a, m) in enumerate(mois)
    ]

    def serie(valeurs):
        actuel, avant = valeurs
        mois_avant = comparaison.mois()
        return [
            (periode.libelle_court, [actuel.get(am, 0) for am in mois]),
            (
                comparaison.libelle_court,
                [
                    avant.get(mois_avant[i], 0) if i < len(mois_avant) else 0
                    for i in range(len(mois))
                ],
            ),
        ]

    tableaux = [
        Tableau(
            "situations_par_mois",
            "Nouvelles situations par mois",
            lignes_mois,
            serie(situations_mois),
            unite="situations",
            garder_zeros=True,
        ),
        Tableau(
            "entretiens_par_mois",
            "Entretiens par mois",
            lignes_mois,
            serie(contacts_mois),
            unite="entretiens",
            garder_zeros=True,
        ),
        tableau(
            "origines",
            "Origine des saisines",
            _lignes(OrigineSaisine),
            origines,
            unite="saisines",
        ),
        tableau("sexe", "Sexe", _lignes(Sexe), sexes, unite="nouvelles situations"),
        tableau(
            "mineurs",
            "Mineurs et majeurs",
            LIGNES_MINEUR,
            mineurs,
            unite="nouvelles situations",
        ),
        tableau(
            "tranches_age",
            "Tranche d'âge",
            _lignes(TrancheAge),
            tranches,
            unite="nouvelles situations",
        ),
        tableau(
            "statuts",
            "Statut dans l'affaire",
            _lignes(StatutAffaire),
            statuts,
            unite="nouvelles situations",
        ),
        tableau(
            "problematiques",
            "Problématiques",
            _lignes(Problematique),
            problematiques,
            unite="nouvelles situations",
            additif=False,
            note="Une situation peut relever de plusieurs problématiques : pas de total.",
        ),
        tableau("actes", "Actes par type", _lignes(TypeActe), types_actes, unite="actes"),
        tableau(
            "modes_entretien",
            "Entretiens par mode",
            _lignes(ModeEntretien),
            modes,
            unite="entretiens",
        ),
        tableau(
            "durees_entretien",
            "Durée des entretiens",
            LIGNES_DUREES_ENTRETIEN,
            d["durees_entretien"],
            unite="entretiens",
            note=(
                "Entretiens aboutis par durée notée. Le temps total n'est pas publié hors "
                "du poste : une somme de minutes se soustrait (docs/decisions.md)."
            ),
        ),
        tableau(
            "orientations_partenaires",
            "Orientations par type de partenaire",
            _lignes(TypePartenaire),
            partenaires,
            unite="orientations",
        ),
        tableau(
            "orientations_issues",
            "Issue des orientations",
            LIGNES_ISSUES,
            issues,
            unite="orientations",
        ),
        tableau(
            "transmissions",
            "Transmissions par nature",
            _lignes(NatureTransmission),
            natures,
            unite="transmissions",
        ),
        tableau(
            "suites",
            "Suites apportées",
            LIGNES_SUITES,
            d["suites"],
            unite="nouvelles situations",
            note=(
                "La suite la plus forte donnée à chaque situation à ce jour : transmission, "
                "puis orientation d'urgence, autre orientation, simple entretien."
            ),
        ),
        tableau(
            "repetitions",
            "Saisines répétées",
            LIGNES_REPETITIONS,
            d["repetitions"],
            unite="nouvelles situations",
            note="Saisines rattachées à chaque situation à ce jour, quelle que soit leur date.",
        ),
        tableau(
            "connus_service_social",
            "Déjà connues d'un service social",
            LIGNES_CONNUS,
            d["connus"],
            unite="nouvelles situations",
        ),
        tableau(
            "enfants_au_foyer",
            "Enfants au foyer",
            LIGNES_ENFANTS,
            d["enfants"],
            unite="nouvelles situations",
        ),
        tableau(
            "etats_saisines",
            "Suite donnée aux saisines",
            LIGNES_ETATS,
            d["etats"],
            unite="saisines",
            note="État de chaque saisine reçue dans la période, au jour du calcul.",
        ),
        tableau(
            "durees_suivi",
            "Durée du suivi des situations closes",
            LIGNES_DUREES,
            d["clotures"],
            unite="situations closes",
            note="De l'ouverture à la clôture, pour les situations closes dans la période.",
        ),
        tableau(
            "sites",
            "Saisines par site",
            lignes_sites,
            sites,
            unite="saisines",
            note="Le site où chaque saisine a été reçue (un poste partagé couvre plusieurs sites).",
        ),
        tableau(
            "forces",
            "Saisines par force",
            _lignes(Force),
            forces,
            unite="saisines",
            note="La force du site où chaque saisine a été reçue.",
        ),
        tableau(
            "requisitions",
            "Réquisitions par réponse",
            _lignes(ReponseRequisition),
            d["requisitions"],
            unite="réquisitions",
        ),
    ]
    return Statistiques(
        perimetre=perimetre,
        periode=periode,
        comparaison=comparaison,
        indicateurs=indicateurs,
        delai_median=delais[0],
        delai_median_comparaison=delais[1],
        tableaux=tableaux,
    )
