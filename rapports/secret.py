"""Secret statistique outside the post: linked suppression over everything a reader can add up.

Who reads figures outside the post (chief, employer, coordinator, CLSPD, national grid)
may download every output of every scope they hold, for every quarter and year, in
every format, and solve the equations that tie them (a year is its four quarters; a
département is its posts; a table's rows make its total; a grid column groups codes). So
the decision to hide a cell is taken **once for all the outputs that can be combined**:
for a "component" (the posts linked by a shared site, employer or département: in
practice a département) and a calendar year, over the "cube" of every cell any external
output can show:

- every set of posts an external scope covers (each post: its quarterly reports; each
  site, each employer, the département);
- the four quarters and the year;
- every headline figure, every row of every table, every column of the national grid.

The rule (:func:`proteger`):

1. a count from 1 to ``SEUIL - 1`` is hidden (primary);
2. every hidden cell reads the same « masqué »: a reader cannot tell a small cell from a
   large one hidden to protect it, so a hidden cell only tells "at least 1"; zeros are
   published (they single nobody out);
3. **audit by linear programming**: the reader's knowledge is written as a linear
   system on the unknown counts of each post and quarter (every published cell equals
   its value, every hidden one is at least 1, and what holds by construction: a table's
   rows sum to the same headline, minors are the three youngest age bands, each
   problématique row is at most the new situations, people met in a year are at most
   those of its quarters and at least those of any; the file active, situations met in
   the period, at least the people met and at most the interviews, a year's between its
   largest quarter and their sum; interviews by length make the interviews). For each
   hidden small cell the smallest and the largest value the system allows are computed
   (HiGHS); while they are less than ``SEUIL - 1`` apart (fewer than ``SEUIL`` possible
   values), the published cell whose equation binds the bound (non-zero dual value) with
   the smallest count is hidden too, and the cell is audited again. Hiding a cell only
   relaxes the system, so a cell once protected stays protected: one pass suffices.

This is the τ-ARGUS way (INSEE): primary suppression, then secondary suppression checked
by linear programming on the linked tables. The decisions are stored with a fingerprint of
the counts they were taken on (:class:`rapports.models.SecretCalcule`); a page reads them
when the counts have not changed since, and recomputes them otherwise (``manage.py
proteger_statistiques`` does it each night for every component).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

import highspy
import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

from accueil.choix import ORIGINES_FORCES, ModeEntretien, OrigineSaisine
from intervenants.models import Poste
from rapports.cumuls import FILE_ACTIVE, PERSONNES
from rapports.models import Cumul, SecretCalcule
from rapports.suppression import SEUIL_EXTERNE

SEUIL = SEUIL_EXTERNE
ECART_MIN = SEUIL - 1  # a hidden small cell keeps at least SEUIL possible values
PLAFOND = 1e6  # above any count: bounds the unknowns so that every optimum is a point
TRIMESTRES = ("T1", "T2", "T3", "T4")
PERIODES = (*TRIMESTRES, "A")
# The people met and the file active (situations with an interview that reached someone
# in the period, docs/rapports.md): not sums of months, one unknown a post and quarter, one
# a post and year; the running totals keep them as ``<population>_<kind of period>``.
DISTINCTS = (PERSONNES, FILE_ACTIVE)
SANS_REPONSE = ModeEntretien.SANS_REPONSE.value

# Headline figures: the running-total dimension they sum, the codes kept (None: all) and
# the codes left out.
TETES = {
    "situations": ("sexe", None, ()),
    "saisines": ("origine", None, ()),
    "entretiens": ("mode", None, (SANS_REPONSE,)),
    "tentatives": ("mode", (SANS_REPONSE,), ()),
    "actes": ("acte", None, ()),
    "orientations": ("partenaire", None, ()),
    "transmissions": ("transmission", None, ()),
    "femmes_majeures": ("femme_majeure", ("oui",), ()),
    "hors_penal": ("statut", ("detresse", "implique"), ()),
    "clotures": ("cloture", None, ()),
    # The total of the requisitions' table (issue 17, item 5); not a headline of the pages.
    "requisitions": ("requisition", None, ()),
}

# Tables: their dimension, and the headline their total is.
TABLES = {
    "origines": ("origine", "saisines"),
    "sexe": ("sexe", "situations"),
    "mineurs": ("mineur", "situations"),
    "tranches_age": ("tranche_age", "situations"),
    "statuts": ("statut", "situations"),
    "problematiques": ("problematique", None),
    "actes": ("acte", "actes"),
    "modes_entretien": ("mode", "entretiens"),
    "orientations_partenaires": ("partenaire", "orientations"),
    "orientations_issues": ("issue", "orientations"),
    "transmissions": ("transmission", "transmissions"),
    "suites": ("suite", "situations"),
    "repetitions": ("repetition", "situations"),
    "connus_service_social": ("connu_ss", "situations"),
    "enfants_au_foyer": ("enfants", "situations"),
    "etats_saisines": ("etat", "saisines"),
    "durees_suivi": ("cloture", "clotures"),
    # Rows "police-12": a site's referrals; "police": every site of a force (FORCES).
    "sites": ("site", "saisines"),
    "forces": ("site", "saisines"),
    "requisitions": ("requisition", "requisitions"),
    # Issue 19, time spent: interviews that reached someone, by length.
    "durees_entretien": ("duree_entretien", "entretiens"),
}
# Tables whose rows are not fixed codes of their dimension.
FORCES = "forces"
SITES = "sites"
# Series summed into quarters outside the post: each row is the headline of a quarter.
SERIES = {"situations_par_trimestre": "situations", "entretiens_par_trimestre": "entretiens"}

ORIGINES_PERSONNE = {OrigineSaisine.SPONTANEE.value, OrigineSaisine.ENTOURAGE.value}
# National grid columns (one post, one year) as (dimension, codes, codes left out).
COLONNES_GRILLE = {
    "personnes_rencontrees": (PERSONNES, None, ()),
    "nouvelles_situations": TETES["situations"],
    "situations_femmes": ("sexe", ("F",), ()),
    "situations_hommes": ("sexe", ("M",), ()),
    "situations_sexe_nr": ("sexe", ("NR",), ()),
    "situations_mineurs": ("mineur", ("mineur",), ()),
    "situations_victimes": ("statut", ("victime",), ()),
    "saisines": TETES["saisines"],
    "saisines_forces": ("origine", tuple(sorted(str(o) for o in ORIGINES_FORCES)), ()),
    "saisines_partenaires": (
        "origine",
        None,
        (*sorted(str(o) for o in ORIGINES_FORCES), *sorted(ORIGINES_PERSONNE), "autre"),
    ),
    "saisines_personne": ("origine", tuple(sorted(ORIGINES_PERSONNE)), ()),
    "saisines_autres": ("origine", ("autre",), ()),
    "entretiens": TETES["entretiens"],
    "entretiens_physiques": ("mode", (ModeEntretien.PHYSIQUE.value,), ()),
    "orientations": TETES["orientations"],
    "orientations_relais": ("issue", ("relais_confirme",), ()),
    "transmissions_ip": ("transmission", ("ip_crip",), ()),
    "transmissions_signalements": ("transmission", ("signalement_procureur",), ()),
    # Issue 19, after the delay column (docs/grille-nationale.md).
    "situations_femmes_majeures": TETES["femmes_majeures"],
    "situations_connues_service_social": ("connu_ss", ("oui",), ()),
    "situations_avec_enfants": ("enfants", ("au_moins_un",), ()),
    "situations_hors_penal": TETES["hors_penal"],
    "saisines_prises_en_charge": ("etat", ("prise_en_charge",), ()),
    "saisines_sans_suite": ("etat", ("sans_suite",), ()),
    "saisines_police": ("site", None, (), "police-"),
    "saisines_gendarmerie": ("site", None, (), "gendarmerie-"),
}

# The unknowns of each population are solved together; populations share no equation.
POPULATIONS = {
    "situations": (
        "sexe",
        "mineur",
        "tranche_age",
        "statut",
        "problematique",
        "connu_ss",
        "enfants",
        "femme_majeure",
        "suite",
        "repetition",
    ),
    "saisines": ("origine", "etat", "site"),
    "clotures": ("cloture",),
    "entretiens": ("mode", "duree_entretien", PERSONNES, FILE_ACTIVE),
    "actes": ("acte",),
    "orientations": ("partenaire", "issue"),
    "transmissions": ("transmission",),
    "requisitions": ("requisition",),
}
POPULATION = {d: pop for pop, dims in POPULATIONS.items() for d in dims}
MINEURS = {
    "mineur": ("0-5", "6-12", "13-17"),
    "majeur": ("18-24", "25-39", "40-59", "60-74", "75+"),
}


def definition(variable: str) -> tuple:
    """A published variable's (dimension, codes or None, codes left out[, prefix of the
    codes kept]), by its name: a headline ("situations"), "personnes", a table row
    ("sexe:F"), a grid column."""
    if variable in DISTINCTS:
        return (variable, None, ())
    if variable in TETES:
        return TETES[variable]
    if ":" in variable:
        table, code = variable.split(":", 1)
        if table == FORCES:  # every site of the force: its codes' prefix
            return (TABLES[table][0], None, (), f"{code}-")
        return (TABLES[table][0], (code,), ())
    return COLONNES_GRILLE[variable]


def trimestre_du_mois(mois: int) -> str:
    return TRIMESTRES[(mois - 1) // 3]


# --- What the component holds ------------------------------------------------------------


def composantes() -> list[tuple[int, ...]]:
    """Every group of posts linked by a shared site, employer or département: the outputs
    of one can be combined with the others' (each sorted; two queries for all)."""
    postes = list(Poste.objects.values_list("pk", "departement_id", "employeur_id"))
    sites = list(Poste.sites.through.objects.values_list("poste_id", "site_id"))
    parent = {p: p for p, _, _ in postes}

    def racine(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    def unir(a, b):
        parent[racine(a)] = racine(b)

    premiers: dict[tuple, int] = {}
    for p, departement, employeur in postes:
        for cle in (("d", departement), ("e", employeur)):
            if cle[1] is not None:
                unir(p, premiers.setdefault(cle, p))
    for p, site in sites:
        unir(p, premiers.setdefault(("s", site), p))
    groupes: dict[int, list[int]] = defaultdict(list)
    for p in sorted(parent):
        groupes[racine(p)].append(p)
    return sorted(tuple(g) for g in groupes.values())


def composante(poste_ids) -> tuple[int, ...]:
    """The posts linked to ``poste_ids`` (sorted ids)."""
    voulus = set(poste_ids)
    return tuple(sorted(p for c in composantes() if voulus & set(c) for p in c))


def ensembles(postes: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The sets of posts an external scope covers, within the component (deduplicated):
    each post (its quarterly reports, its grid row), each site, employer, département."""
    dedans = set(postes)
    groupes: dict[tuple, set] = defaultdict(set)
    for p, departement, employeur in Poste.objects.filter(pk__in=postes).values_list(
        "pk", "departement_id", "employeur_id"
    ):
        groupes[("d", departement)].add(p)
        groupes[("e", employeur)].add(p)
    for p, site in Poste.sites.through.objects.filter(poste_id__in=postes).values_list(
        "poste_id", "site_id"
    ):
        groupes[("s", site)].add(p)
    resultat = {(p,) for p in postes}
    resultat |= {tuple(sorted(g & dedans)) for g in groupes.values() if g & dedans}
    return sorted(resultat, key=lambda e: (len(e), e))


@dataclass
class Donnees:
    """The counts of a component and a year: per post and quarter, per dimension and code;
    people met per post and period (quarter or year)."""

    postes: tuple[int, ...]
    annee: int
    n: dict[tuple[int, str, str, str], int] = field(default_factory=dict)
    codes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def empreinte(self) -> str:
        texte = json.dumps(sorted((list(k), v) for k, v in self.n.items() if v))
        return hashlib.sha256(f"{self.postes}|{self.annee}|{texte}".encode()).hexdigest()

    def valeur(self, ensemble, periode: str, variable: str) -> int:
        return sum(self.n.get(k, 0) for k in self.support(ensemble, periode, variable))

    def support(self, ensemble, periode: str, variable: str) -> list[tuple]:
        """The unknowns (post, quarter or year, dimension, code) a cell sums."""
        dimension, codes, sauf, *prefixe = definition(variable)
        if dimension in DISTINCTS:
            return [(p, periode, dimension, "") for p in ensemble]
        trimestres = TRIMESTRES if periode == "A" else (periode,)
        retenus = sorted(
            c
            for c in (self.codes[dimension] if codes is None else codes)
            if c not in sauf and c.startswith(prefixe[0] if prefixe else "")
        )
        return [(p, t, dimension, c) for p in ensemble for t in trimestres for c in retenus]


# Codes each table publishes as rows (a zero row is a published zero too).
def _codes_publies() -> dict[str, set[str]]:
    from rapports.statistiques import lignes_publiees

    codes: dict[str, set[str]] = defaultdict(set)
    for table, (dimension, _) in TABLES.items():
        if table not in (FORCES, SITES):  # sites: the codes the data holds
            codes[dimension] |= set(lignes_publiees(table))
    for dimension, liste, sauf, *_ in COLONNES_GRILLE.values():
        codes[dimension] |= set(liste or ()) | set(sauf)
    codes["mode"].add(SANS_REPONSE)
    return codes


def lire(postes: tuple[int, ...], annee: int) -> Donnees:
    """One query: the running totals of the component's posts for the year (the people
    met and the file active included, kept once per quarter and per year)."""
    donnees = Donnees(postes, annee)
    for dimension, codes in _codes_publies().items():
        donnees.codes[dimension] |= codes
    mensuels = ("delai", *(f"{population}_mois" for population in DISTINCTS))
    lignes = (
        Cumul.objects.filter(
            poste__in=postes,
            mois__gte=datetime.date(annee, 1, 1),
            mois__lte=datetime.date(annee, 12, 1),
        )
        .exclude(Q(dimension__in=mensuels) | Q(n=0))
        .values_list("poste_id", "mois", "dimension", "code", "n")
    )
    distincts = {
        **{f"{population}_annee": (population, True) for population in DISTINCTS},
        **{f"{population}_trimestre": (population, False) for population in DISTINCTS},
    }
    for poste, mois, dimension, code, n in lignes:
        if dimension in distincts:
            population, annuel = distincts[dimension]
            cle = (poste, "A" if annuel else trimestre_du_mois(mois.month), population, "")
        else:
            cle = (poste, trimestre_du_mois(mois.month), dimension, code)
            donnees.codes[dimension].add(code)
        donnees.n[cle] = donnees.n.get(cle, 0) + n
    return donnees


# --- The cube and its protection ---------------------------------------------------------


def variables_publiees(donnees: Donnees) -> list[str]:
    """Every variable an external output shows for a scope and a period: each site of the
    component has its row in the referrals-by-site table of every scope."""
    from rapports.statistiques import lignes_publiees

    variables = [PERSONNES, FILE_ACTIVE, *TETES]
    for table in TABLES:
        if table == SITES:
            variables += [f"{table}:{code}" for code in sorted(donnees.codes["site"])]
        else:
            variables += [f"{table}:{code}" for code in lignes_publiees(table)]
    return variables


@dataclass(frozen=True)
class Case:
    ensemble: tuple[int, ...]
    periode: str
    variable: str


def cle(support: tuple) -> str:
    """A cell's stored key: a digest of what it sums, whatever name it is read under."""
    return hashlib.blake2b(repr(support).encode(), digest_size=8).hexdigest()


def cases(donnees: Donnees) -> dict[tuple, Case]:
    """Every cell of the cube, keyed by what it sums (two names for the same sum are one
    cell: a grid column and a table row, a table total and its headline)."""
    resultat: dict[tuple, Case] = {}
    variables = variables_publiees(donnees)
    for ensemble in ensembles(donnees.postes):
        for periode in PERIODES:
            noms = list(variables)
            if len(ensemble) == 1 and periode == "A":
                noms += list(COLONNES_GRILLE)
            for variable in noms:
                support = tuple(donnees.support(ensemble, periode, variable))
                if support:
                    resultat.setdefault(support, Case(ensemble, periode, variable))
    return resultat


def _structure(donnees: Donnees, pop: str) -> list[tuple[dict, float, float]]:
    """What holds by construction between a population's unknowns of a post and quarter
    (rows ``{unknown: coefficient}, lower, upper``), when it holds in the data."""
    n = donnees.n
    lignes: list[tuple[dict, float, float]] = []

    def somme(p, t, dimension, codes=None, sauf=()):
        retenus = donnees.codes[dimension] if codes is None else codes
        return {(p, t, dimension, c): 1.0 for c in sorted(retenus) if c not in sauf}

    def ajouter(coefs: dict, bas: float, haut: float):
        coefs = {k: a for k, a in coefs.items() if a}
        valeur = sum(a * n.get(k, 0) for k, a in coefs.items())
        if bas - 1e-9 <= valeur <= haut + 1e-9:
            lignes.append((coefs, bas, haut))

    def moins(a: dict, b: dict) -> dict:
        resultat = dict(a)
        for k, v in b.items():
            resultat[k] = resultat.get(k, 0.0) - v
        return resultat

    inf = highspy.kHighsInf
    for p in donnees.postes:
        for t in TRIMESTRES:
            if pop == "situations":
                total = somme(p, t, "sexe")
                for dimension in (
                    "mineur",
                    "tranche_age",
                    "statut",
                    "connu_ss",
                    "enfants",
                    "suite",
                    "repetition",
                ):
                    ajouter(moins(somme(p, t, dimension), total), 0, 0)
                # Adult women: at most the women, at most the adults, and at least
                # women + adults - situations.
                femmes = somme(p, t, "femme_majeure", ("oui",))
                adultes = somme(p, t, "mineur", ("majeur",))
                ajouter(moins(femmes, somme(p, t, "sexe", ("F",))), -inf, 0)
                ajouter(moins(femmes, adultes), -inf, 0)
                ajouter(
                    moins(moins(femmes, somme(p, t, "sexe", ("F",))), moins(adultes, total)),
                    0,
                    inf,
                )
                for code, tranches in MINEURS.items():
                    ajouter(
                        moins(somme(p, t, "mineur", (code,)), somme(p, t, "tranche_age", tranches)),
                        0,
                        0,
                    )
                for code in sorted(donnees.codes["problematique"]):
                    ajouter(moins(somme(p, t, "problematique", (code,)), total), -inf, 0)
                ajouter(moins(somme(p, t, "problematique"), total), 0, inf)
            elif pop == "saisines":
                total = somme(p, t, "origine")
                for dimension in ("etat", "site"):
                    ajouter(moins(somme(p, t, dimension), total), 0, 0)
            elif pop == "orientations":
                ajouter(moins(somme(p, t, "issue"), somme(p, t, "partenaire")), 0, 0)
            elif pop == "entretiens":
                contacts = somme(p, t, "mode", sauf=(SANS_REPONSE,))
                # Every interview that reached someone has one length (or none noted).
                ajouter(moins(somme(p, t, "duree_entretien"), contacts), 0, 0)
                ajouter(moins({(p, t, PERSONNES, ""): 1.0}, contacts), -inf, 0)
                ajouter(
                    moins({(p, t, PERSONNES, ""): 1.0}, {(p, "A", PERSONNES, ""): 1.0}), -inf, 0
                )
                # The file active: at least the people met (each has a situation met), at
                # most the interviews (each situation met has one), at most the year's.
                file_active = {(p, t, FILE_ACTIVE, ""): 1.0}
                ajouter(moins({(p, t, PERSONNES, ""): 1.0}, file_active), -inf, 0)
                ajouter(moins(file_active, contacts), -inf, 0)
                ajouter(moins(file_active, {(p, "A", FILE_ACTIVE, ""): 1.0}), -inf, 0)
        if pop == "entretiens":
            contacts = {}
            for t in TRIMESTRES:
                contacts.update(somme(p, t, "mode", sauf=(SANS_REPONSE,)))
            for distincts in DISTINCTS:
                annee = {(p, "A", distincts, ""): 1.0}
                ajouter(moins(annee, {(p, t, distincts, ""): 1.0 for t in TRIMESTRES}), -inf, 0)
                ajouter(moins(annee, contacts), -inf, 0)
            ajouter(
                moins({(p, "A", PERSONNES, ""): 1.0}, {(p, "A", FILE_ACTIVE, ""): 1.0}), -inf, 0
            )
    return lignes


class Programme:
    """The reader's linear system for one population (HiGHS model), cells as rows."""

    def __init__(self, donnees: Donnees, pop: str, lignes_cases: list[tuple[Case, tuple]]):
        structure = _structure(donnees, pop)
        inconnues: dict[tuple, int] = {}
        for coefs, _, _ in structure:
            for k in coefs:
                inconnues.setdefault(k, len(inconnues))
        for _, support in lignes_cases:
            for k in support:
                inconnues.setdefault(k, len(inconnues))
        self.inconnues = inconnues
        self.cases = [c for c, _ in lignes_cases]
        self.valeurs = [donnees.valeur(c.ensemble, c.periode, c.variable) for c in self.cases]
        self.premiere_case = len(structure)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        # Only the objective changes between solves: primal simplex restarts from the
        # last basis, which stays feasible.
        h.setOptionValue("simplex_strategy", 4)
        lp = highspy.HighsLp()
        lp.num_col_ = len(inconnues)
        lp.col_cost_ = np.zeros(len(inconnues))
        lp.col_lower_ = np.zeros(len(inconnues))
        # A cap no count reaches keeps every maximum finite (a point, not a ray).
        lp.col_upper_ = np.full(len(inconnues), PLAFOND)
        bas, haut, colonnes = [], [], defaultdict(list)
        for i, (coefs, b, hh) in enumerate(structure):
            bas.append(b)
            haut.append(hh)
            for k, a in coefs.items():
                colonnes[inconnues[k]].append((i, a))
        for j, ((_, support), v) in enumerate(zip(lignes_cases, self.valeurs, strict=True)):
            i = self.premiere_case + j
            bas.append(v)
            haut.append(v)
            for k in support:
                colonnes[inconnues[k]].append((i, 1.0))
        lp.num_row_ = len(bas)
        lp.row_lower_ = np.array(bas, dtype=float)
        lp.row_upper_ = np.array(haut, dtype=float)
        debuts, indices, valeurs = [0], [], []
        for col in range(len(inconnues)):
            for i, a in colonnes[col]:
                indices.append(i)
                valeurs.append(a)
            debuts.append(len(indices))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.array(debuts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(valeurs, dtype=float)
        h.passModel(lp)
        self.h = h
        self.supports = [[inconnues[k] for k in s] for _, s in lignes_cases]
        self.cachees: set[int] = set()
        self._cout: list[int] = []

    def cacher(self, j: int) -> None:
        self.cachees.add(j)
        self.h.changeRowBounds(self.premiere_case + j, 1.0, highspy.kHighsInf)

    def _objectif(self, colonnes: list[int], sens) -> tuple[float, np.ndarray, np.ndarray]:
        """Optimise the sum of ``colonnes``: value, row duals, and the point reached."""
        h = self.h
        if self._cout:
            anciennes = np.array(self._cout, dtype=np.int32)
            h.changeColsCost(len(anciennes), anciennes, np.zeros(len(anciennes)))
        self._cout = colonnes
        nouvelles = np.array(colonnes, dtype=np.int32)
        h.changeColsCost(len(nouvelles), nouvelles, np.ones(len(nouvelles)))
        h.changeObjectiveSense(sens)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # The system is feasible by construction (the true counts satisfy it, and hiding
            # a cell only relaxes it), yet the simplex restarted from the previous basis can
            # conclude otherwise: once in 12 000 solves on the largest département of the
            # national benchmark. Solved again from scratch, it finds the optimum; only a
            # second failure is an error.
            h.clearSolver()
            h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"audit du secret : {h.getModelStatus()}")
        solution = h.getSolution()
        return (
            h.getInfo().objective_function_value,
            np.array(solution.row_dual),
            np.array(solution.col_value),
        )

    def _retenir(self, point: np.ndarray, restantes: set[int]) -> None:
        """Every small cell that reaches its count + ECART_MIN at a feasible point is
        protected: that point and the true counts are two readings the reader cannot tell
        apart. (Hiding more only relaxes the system: the point stays feasible.)"""
        valeurs = np.add.reduceat(point[self._plat], self._debuts)
        for j in list(restantes):
            if valeurs[j] >= self.valeurs[j] + ECART_MIN - 1e-6:
                restantes.discard(j)

    def _liantes(self, duaux: np.ndarray) -> list[int]:
        return [int(k) for k in np.nonzero(np.abs(duaux[self.premiere_case :]) > 1e-9)[0]]

    def proteger(self) -> None:
        petites = [j for j, v in enumerate(self.valeurs) if 0 < v < SEUIL]
        for j in petites:
            self.cacher(j)
        if not petites:
            return
        self._plat = np.array([c for s in self.supports for c in s], dtype=np.int64)
        self._debuts = np.cumsum([0] + [len(s) for s in self.supports[:-1]])
        restantes = set(petites)
        maximiser, minimiser = highspy.ObjSense.kMaximize, highspy.ObjSense.kMinimize
        # Points where many small cells are large at once: most are protected here.
        for _ in range(3):
            avant = len(restantes)
            if not restantes:
                break
            colonnes = sorted({c for j in restantes for c in self.supports[j]})
            self._retenir(self._objectif(colonnes, maximiser)[2], restantes)
            if len(restantes) > avant * 0.8:
                break
        # The others one by one; a published cell binding the bound is hidden too.
        for j in sorted(restantes, key=lambda j: (self.valeurs[j], j)):
            while j in restantes:
                haut, duaux_haut, point = self._objectif(self.supports[j], maximiser)
                self._retenir(point, restantes)
                if j not in restantes:
                    break
                bas, duaux_bas, _ = self._objectif(self.supports[j], minimiser)
                if haut - bas >= ECART_MIN - 1e-6:
                    restantes.discard(j)
                    break
                candidates = [
                    k
                    for k in self._liantes(duaux_haut) + self._liantes(duaux_bas)
                    if k not in self.cachees and self.valeurs[k] > 0
                ]
                if not candidates:
                    # Only the construction rows bind it: hide the published non-zero
                    # cells sharing an unknown with it, smallest first.
                    proches = set(self.supports[j])
                    candidates = [
                        k
                        for k, s in enumerate(self.supports)
                        if k not in self.cachees and self.valeurs[k] > 0 and proches & set(s)
                    ]
                    if not candidates:
                        restantes.discard(j)  # nothing left to hide: cannot happen
                        break
                self.cacher(min(candidates, key=lambda k: (self.valeurs[k], k)))


def proteger(donnees: Donnees) -> set[str]:
    """The keys (:func:`cle`) of the cube's cells to hide."""
    par_population: dict[str, list[tuple[Case, tuple]]] = defaultdict(list)
    for support, case in cases(donnees).items():
        par_population[POPULATION[support[0][2]]].append((case, support))
    cachees: set[str] = set()
    for pop, lignes in par_population.items():
        programme = Programme(donnees, pop, lignes)
        programme.proteger()
        cachees |= {cle(lignes[j][1]) for j in programme.cachees}
    return cachees


# --- What the pages read ------------------------------------------------------------------


@dataclass
class Masque:
    """A component's cube for a year as last computed: the counts and the hidden cells.
    Outside the post, every figure is read from here, so what a reader sees is always a
    set of figures audited together."""

    donnees: Donnees
    cachees: set[str]
    ensembles: set[tuple[int, ...]]
    calcule_le: datetime.datetime | None = None
    # The cells already answered: a stored cube is read by many pages (masque()).
    _lues: dict = field(default_factory=dict, repr=False, compare=False)

    def case(self, ensemble, periode: str, variable: str) -> tuple[bool, int]:
        """Whether the cell is hidden, and its count. A set of posts no external scope
        covers is not in the cube: never published."""
        ensemble = tuple(sorted(ensemble))
        demande = (ensemble, periode, variable)
        if demande not in self._lues:
            support = tuple(self.donnees.support(ensemble, periode, variable))
            valeur = sum(self.donnees.n.get(k, 0) for k in support)
            if valeur == 0:
                self._lues[demande] = (False, 0)
            else:
                cachee = ensemble not in self.ensembles or cle(support) in self.cachees
                self._lues[demande] = (cachee, valeur)
        return self._lues[demande]


def _stocker(cle: str, donnees: Donnees, cachees: set[str]) -> SecretCalcule:
    effectifs = sorted([*k, v] for k, v in donnees.n.items() if v)
    with transaction.atomic():
        stocke, _ = SecretCalcule.objects.update_or_create(
            composante=cle,
            annee=donnees.annee,
            defaults={
                "empreinte": donnees.empreinte(),
                "effectifs": effectifs,
                "cachees": sorted(cachees),
                "ensembles": [list(e) for e in ensembles(donnees.postes)],
            },
        )
    return stocke


def _depuis(stocke: SecretCalcule, postes: tuple[int, ...]) -> Masque:
    ensembles = {tuple(e) for e in stocke.ensembles}
    donnees = Donnees(postes, stocke.annee)
    for dimension, codes in _codes_publies().items():
        donnees.codes[dimension] |= codes
    for p, t, dimension, code, n in stocke.effectifs:
        donnees.n[(p, t, dimension, code)] = n
        if dimension not in DISTINCTS:
            donnees.codes[dimension].add(code)
    return Masque(donnees, set(stocke.cachees), ensembles, stocke.calcule_le)


def calculer_masque(postes: tuple[int, ...], annee: int) -> tuple[Masque, bool]:
    """Read the counts, and protect them again unless the stored decisions were taken on
    the same counts. Returns the result and whether it was recomputed."""
    donnees = lire(postes, annee)
    cle = "-".join(map(str, postes))
    stocke = SecretCalcule.objects.filter(composante=cle, annee=annee).first()
    if stocke is not None and stocke.empreinte == donnees.empreinte():
        return _depuis(stocke, postes), False
    try:
        stocke = _stocker(cle, donnees, proteger(donnees))
    except IntegrityError:  # stored meanwhile by another request
        stocke = SecretCalcule.objects.get(composante=cle, annee=annee)
    return _depuis(stocke, postes), True


def masque(poste_ids, annee: int, *, a_jour: bool = False, postes=None) -> Masque:
    """The cube of the component holding ``poste_ids`` for ``annee``: as last stored
    (computed each night, and when a report is validated), or computed now when there is
    none yet or ``a_jour`` asks for today's counts. ``postes``: that component, when the
    caller already knows it."""
    postes = postes or composante(poste_ids)
    if not a_jour:
        stockes = SecretCalcule.objects.filter(composante="-".join(map(str, postes)), annee=annee)
        # Which version is stored, without its counts: the row's id, date and fingerprint,
        # and its transaction id (any update of the row changes it).
        version = (
            stockes.annotate(transaction=RawSQL("xmin::text", ()))
            .values_list("pk", "calcule_le", "empreinte", "transaction")
            .first()
        )
        if version is not None:
            return _masque_stocke(version, stockes, postes)
    return calculer_masque(postes, annee)[0]


# The stored cubes last read by this process, by version: a département's cube is a few
# hundred kilobytes of JSON, read and decoded again by every page of its statistics
# otherwise (issue 18). A new computation is a new version; nothing is kept across
# processes, and a cube is never changed once read (Masque only reads it).
_STOCKES_LUS: OrderedDict[tuple, Masque] = OrderedDict()
STOCKES_GARDES = 12


def _masque_stocke(version: tuple, stockes, postes: tuple[int, ...]) -> Masque:
    if version in _STOCKES_LUS:
        _STOCKES_LUS.move_to_end(version)
        return _STOCKES_LUS[version]
    lu = _depuis(stockes.get(pk=version[0]), postes)
    _STOCKES_LUS[version] = lu
    while len(_STOCKES_LUS) > STOCKES_GARDES:
        _STOCKES_LUS.popitem(last=False)
    return lu
