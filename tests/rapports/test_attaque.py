"""The attacker: everything a reader outside the post can download, put into equations.

For each role outside the post (chief, employer, coordinator, CLSPD reader), and for all
of them together, on two years of demonstration data, the test collects every output the
role reaches: the dashboard of each of its scopes for each year and quarter (the CSV
exports are the same figures, checked below), each report it can read, the national grid.
It then writes what a reader knows as a linear system, on its own (it does not use the
application's model of the cube, rapports/secret.py): the unknowns are the counts of each
post, quarter and code; each published figure is the sum of the unknowns of its scope's
posts, its period's quarters and its codes; a hidden one is at least 1 (the label
« masqué » says nothing more); and what holds by construction (documented in
docs/rapports.md): a table's rows make its total, minors are the three youngest age
bands, a problématique row is at most the new situations and all rows at least them,
people met in a year are at most those of its quarters and at least those of any, and
at most the interviews; referrals are the sum of their states and of their sites, a force
the sum of its sites; new situations the sum of their follow-ups, of « known to a social
service », of « children at home »; adult women at most the women and the adults, and at
least women + adults - new situations (issue 19); the file active (situations met) at
least the people met and at most the interviews, a year's at most the sum of its quarters
and at least any of them; interviews the sum of their lengths' rows. For each hidden
cell whose true count is from 1 to 10, the smallest and largest values the system allows
(linear programming, HiGHS) must be at least 10 apart: 11 possible values or more.

The weakened mode replays the same outputs masked as before this protection (each output
on its own: a count from 1 to 10 hidden as « < 11 », the rest published) and checks that
the same attacker then recovers or narrows many cells: it is the attacker that finds
leaks, not the test that cannot fail.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

import highspy
import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from rapports import selectors

# The module's fixture writes in the test database (rolled back): the marker is what makes
# pytest-django create it.
pytestmark = pytest.mark.django_db

ANNEES = (2025, 2026)
TRIMESTRES = ("T1", "T2", "T3", "T4")
LECTEURS = ("chef", "employeur", "coordinateur", "clspd", "cdp")
ECART = 10  # max - min: 11 possible values

# What each published name sums, as docs/rapports.md and docs/grille-nationale.md say:
# (dimension, codes; None = every code of the dimension but those in "sauf").
TABLES = {
    "origines": "origine",
    "sexe": "sexe",
    "mineurs": "mineur",
    "tranches_age": "tranche_age",
    "statuts": "statut",
    "problematiques": "problematique",
    "actes": "acte",
    "modes_entretien": "mode",
    "orientations_partenaires": "partenaire",
    "orientations_issues": "issue",
    "transmissions": "transmission",
    "suites": "suite",
    "repetitions": "repetition",
    "connus_service_social": "connu_ss",
    "enfants_au_foyer": "enfants",
    "etats_saisines": "etat",
    "durees_suivi": "cloture",
    "sites": "site",  # a row per site, coded by force and id ("police-12")
    "forces": "site",  # a row per force: every site whose code starts with it
    "requisitions": "requisition",
    "durees_entretien": "duree_entretien",
}
TOTAL_DE = {
    "origines": "saisines",
    "sexe": "situations",
    "mineurs": "situations",
    "tranches_age": "situations",
    "statuts": "situations",
    "actes": "actes",
    "modes_entretien": "entretiens",
    "orientations_partenaires": "orientations",
    "orientations_issues": "orientations",
    "transmissions": "transmissions",
    "requisitions": "requisitions",
    "durees_entretien": "entretiens",
    "situations_par_trimestre": "situations",
    "entretiens_par_trimestre": "entretiens",
    "suites": "situations",
    "repetitions": "situations",
    "connus_service_social": "situations",
    "enfants_au_foyer": "situations",
    "etats_saisines": "saisines",
    "durees_suivi": "clotures",
    "sites": "saisines",
    "forces": "saisines",
}
CHIFFRES = {
    "situations": ("sexe", None, ()),
    "saisines": ("origine", None, ()),
    "entretiens": ("mode", None, ("sans_reponse",)),
    "tentatives": ("mode", ("sans_reponse",), ()),
    "actes": ("acte", None, ()),
    "orientations": ("partenaire", None, ()),
    "transmissions": ("transmission", None, ()),
    "femmes_majeures": ("femme_majeure", ("oui",), ()),
    "hors_penal": ("statut", ("detresse", "implique"), ()),
    "clotures": ("cloture", None, ()),
    "requisitions": ("requisition", None, ()),
}
FORCES = (
    "policier_accueil",
    "policier_intervention",
    "enqueteur",
    "brigade_familles",
    "officier_prevention",
    "commandant_unite",
)
GRILLE = {
    "nouvelles_situations": ("sexe", None, ()),
    "situations_femmes": ("sexe", ("F",), ()),
    "situations_hommes": ("sexe", ("M",), ()),
    "situations_sexe_nr": ("sexe", ("NR",), ()),
    "situations_mineurs": ("mineur", ("mineur",), ()),
    "situations_victimes": ("statut", ("victime",), ()),
    "saisines": ("origine", None, ()),
    "saisines_forces": ("origine", FORCES, ()),
    "saisines_partenaires": ("origine", None, (*FORCES, "spontanee", "entourage", "autre")),
    "saisines_personne": ("origine", ("spontanee", "entourage"), ()),
    "saisines_autres": ("origine", ("autre",), ()),
    "entretiens": ("mode", None, ("sans_reponse",)),
    "entretiens_physiques": ("mode", ("physique",), ()),
    "orientations": ("partenaire", None, ()),
    "orientations_relais": ("issue", ("relais_confirme",), ()),
    "transmissions_ip": ("transmission", ("ip_crip",), ()),
    "transmissions_signalements": ("transmission", ("signalement_procureur",), ()),
    "situations_femmes_majeures": ("femme_majeure", ("oui",), ()),
    "situations_connues_service_social": ("connu_ss", ("oui",), ()),
    "situations_avec_enfants": ("enfants", ("au_moins_un",), ()),
    "situations_hors_penal": ("statut", ("detresse", "implique"), ()),
    "saisines_prises_en_charge": ("etat", ("prise_en_charge",), ()),
    "saisines_sans_suite": ("etat", ("sans_suite",), ()),
    "saisines_police": ("site", None, (), "police-"),
    "saisines_gendarmerie": ("site", None, (), "gendarmerie-"),
}
POPULATION = {
    "sexe": "situations",
    "mineur": "situations",
    "tranche_age": "situations",
    "statut": "situations",
    "problematique": "situations",
    "suite": "situations",
    "repetition": "situations",
    "connu_ss": "situations",
    "enfants": "situations",
    "femme_majeure": "situations",
    "origine": "saisines",
    "etat": "saisines",
    "site": "saisines",
    "cloture": "clotures",
    "mode": "entretiens",
    "duree_entretien": "entretiens",
    "personnes": "entretiens",
    "file_active": "entretiens",
    "acte": "actes",
    "partenaire": "orientations",
    "issue": "orientations",
    "transmission": "transmissions",
    "requisition": "requisitions",
}
JEUNES = ("0-5", "6-12", "13-17")
# Distinct counts, one unknown a post and period (quarter or year): people met, and the
# file active (situations with an interview that reached someone in the period).
DISTINCTS = ("personnes", "file_active")
ADULTES = ("18-24", "25-39", "40-59", "60-74", "75+")


@dataclass
class Publie:
    """One figure as an output shows it: what it sums, and its text."""

    postes: tuple[int, ...]
    periode: tuple[int, str]  # (year, "T1".."T4" or "A")
    definition: tuple  # (dimension, codes, sauf) or ("personnes",)
    texte: str
    source: str


@dataclass
class Sorties:
    par_lecteur: dict[str, list[Publie]] = field(default_factory=lambda: defaultdict(list))
    verite: dict[tuple, int] = field(default_factory=dict)  # (post, period, dim, code) -> n
    codes: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    postes: tuple[int, ...] = ()


def _periode(libelle_court: str) -> tuple[int, str]:
    """« 2025 » or « T2 2025 » (the column headers) as (year, period)."""
    if libelle_court.startswith("T"):
        t, annee = libelle_court.split()
        return int(annee), t
    return int(libelle_court), "A"


def _figures(s: dict, postes, source: str) -> list[Publie]:
    """Every figure of a published statistics dict (dashboard, report)."""
    periodes = [_periode(e) for e in s["entetes"]]
    figures = []

    def ajouter(definition, cellules, periodes_ligne):
        for cellule, periode in zip(cellules, periodes_ligne, strict=False):
            figures.append(Publie(postes, periode, definition, cellule["texte"], source))

    for i in s["indicateurs"]:
        definition = (i["code"],) if i["code"] in DISTINCTS else CHIFFRES[i["code"]]
        ajouter(definition, i["cellules"], periodes)
    for t in s["tableaux"]:
        cle = t["cle"]
        for ligne in t["lignes"]:
            if cle in ("situations_par_trimestre", "entretiens_par_trimestre"):
                annee, trimestre = ligne["code"].split("-")
                ici = (int(annee), trimestre)
                # Beside a quarter of a year: that quarter a year earlier; beside a
                # quarter: the comparison quarter itself.
                avant = (int(annee) - 1, trimestre) if periodes[1][1] == "A" else periodes[1]
                ajouter(CHIFFRES[TOTAL_DE[cle]], ligne["cellules"], [ici, avant])
            elif cle == "forces":
                ajouter((TABLES[cle], None, (), f"{ligne['code']}-"), ligne["cellules"], periodes)
            else:
                ajouter((TABLES[cle], (ligne["code"],), ()), ligne["cellules"], periodes)
        if t["total"]:
            ajouter(CHIFFRES[TOTAL_DE[cle]], t["total"]["cellules"], periodes)
    return figures


def _collecter(sorties: Sorties, nom: str, client: Client, utilisateur) -> None:
    figures = sorties.par_lecteur[nom]
    tableau = reverse("rapports:tableau_de_bord")
    for perimetre in selectors.perimetres_statistiques(utilisateur):
        postes = tuple(sorted(perimetre.postes().values_list("pk", flat=True)))
        for annee in ANNEES:
            demandes = [f"nature=annee&annee={annee}"] + [
                f"nature=trimestre&annee={annee}&trimestre={t}" for t in range(1, 5)
            ]
            for demande in demandes:
                url = f"{tableau}?perimetre={perimetre.cle}&{demande}"
                reponse = client.get(url)
                assert reponse.status_code == 200, url
                s = reponse.context["s"]
                assert s["seuil"] == 11, url  # outside the post: the one rule
                figures += _figures(s, postes, url)
                # The CSV of a table is the same figures as the page.
                csv_url = (
                    reverse("rapports:export_csv", kwargs={"cle": "sexe"}) + url[len(tableau) :]
                )
                lignes = list(
                    csv.reader(
                        io.StringIO(client.get(csv_url).content.decode("utf-8-sig")), delimiter=";"
                    )
                )
                page = next(t for t in s["tableaux"] if t["cle"] == "sexe")
                for ligne in page["lignes"]:
                    assert [ligne["libelle"], *(c["texte"] for c in ligne["cellules"])] in lignes
    for modele, lisibles in (
        ("compte_rendu", selectors.comptes_rendus_lisibles(utilisateur)),
        ("bilan", selectors.bilans_lisibles(utilisateur)),
    ):
        for rapport in lisibles:
            url = reverse(f"rapports:{modele}_detail", kwargs={"pk": rapport.pk})
            reponse = client.get(url)
            assert reponse.status_code == 200, url
            postes = tuple(sorted(rapport.perimetre().postes().values_list("pk", flat=True)))
            figures += _figures(reponse.context["s"], postes, url)
    if selectors.postes_du_coordinateur(utilisateur).exists():
        intitules = dict(
            selectors.postes_du_coordinateur(utilisateur).values_list("intitule", "pk")
        )
        for annee in ANNEES:
            url = reverse("rapports:grille_nationale") + f"?annee={annee}"
            lignes = list(
                csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";")
            )
            entete = lignes[0]
            for ligne in lignes[1:]:
                poste = intitules[ligne[entete.index("poste")]]
                for code, texte in zip(entete, ligne, strict=True):
                    if code == "personnes_rencontrees":
                        figures.append(Publie((poste,), (annee, "A"), ("personnes",), texte, url))
                    elif code in GRILLE:
                        figures.append(Publie((poste,), (annee, "A"), GRILLE[code], texte, url))


def _verite(sorties: Sorties) -> None:
    """The true counts, straight from the running totals (checked against the records by
    tests/rapports/test_cumuls.py)."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT poste_id, mois, dimension, code, n FROM rapports_cumul "
            "WHERE n <> 0 AND dimension NOT IN ('delai', 'personnes_mois')"
        )
        for poste, mois, dimension, code, n in curseur.fetchall():
            if mois.year not in ANNEES:
                continue
            trimestre = TRIMESTRES[(mois.month - 1) // 3]
            if dimension == "personnes_annee":
                cle = (poste, (mois.year, "A"), "personnes", "")
            elif dimension == "personnes_trimestre":
                cle = (poste, (mois.year, trimestre), "personnes", "")
            else:
                cle = (poste, (mois.year, trimestre), dimension, code)
                sorties.codes[dimension].add(code)
            sorties.verite[cle] = sorties.verite.get(cle, 0) + n
        # The file active, counted on the interviews (it is no running total).
        curseur.execute(
            "SELECT s.poste_id, extract(year FROM e.date)::int a, "
            "extract(quarter FROM e.date)::int t, count(DISTINCT s.id) "
            "FROM accueil_entretien e JOIN accueil_situation s ON s.id = e.situation_id "
            "WHERE e.mode <> 'sans_reponse' GROUP BY GROUPING SETS ("
            "(s.poste_id, extract(year FROM e.date), extract(quarter FROM e.date)), "
            "(s.poste_id, extract(year FROM e.date)))"
        )
        for poste, annee, trimestre, n in curseur.fetchall():
            if annee in ANNEES:
                periode = (annee, "A") if trimestre is None else (annee, f"T{trimestre}")
                sorties.verite[(poste, periode, "file_active", "")] = n


@pytest.fixture(scope="module")
def sorties(django_db_setup, django_db_blocker) -> Sorties:
    """Two years of demonstration data, every output of every external role; all rolled
    back at the end."""
    resultat = Sorties()
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("demo", stdout=io.StringIO())
        utilisateurs = get_user_model().objects
        for nom in LECTEURS:
            client = Client()
            utilisateur = utilisateurs.get(username=nom)
            client.force_login(utilisateur)
            _collecter(resultat, nom, client, utilisateur)
        _verite(resultat)
        for figures in resultat.par_lecteur.values():
            for f in figures:
                if f.definition[0] not in DISTINCTS and f.definition[1] is not None:
                    resultat.codes[f.definition[0]] |= set(f.definition[1])
        from intervenants.models import Poste

        resultat.postes = tuple(sorted(Poste.objects.values_list("pk", flat=True)))
        transaction.set_rollback(True)
    return resultat


# --- The attacker's linear system -------------------------------------------------------


class Systeme:
    def __init__(self, sorties: Sorties):
        self.sorties = sorties
        self.inconnues: dict[tuple, int] = {}
        self.lignes: list[tuple[dict[int, float], float, float]] = []
        self._vues: set = set()
        self.structure()

    def x(self, cle) -> int:
        return self.inconnues.setdefault(cle, len(self.inconnues))

    def support(self, postes, periode, definition) -> list[int]:
        annee, p = periode
        if definition[0] in DISTINCTS:
            return [self.x((poste, periode, definition[0], "")) for poste in postes]
        dimension, codes, sauf, *prefixe = definition
        retenus = sorted(self.sorties.codes[dimension] if codes is None else codes)
        trimestres = TRIMESTRES if p == "A" else (p,)
        return [
            self.x((poste, (annee, t), dimension, c))
            for poste in postes
            for t in trimestres
            for c in retenus
            if c not in sauf and c.startswith(prefixe[0] if prefixe else "")
        ]

    def ajouter(self, coefs: dict[int, float], bas: float, haut: float) -> None:
        coefs = {i: a for i, a in coefs.items() if a}
        cle = (tuple(sorted(coefs.items())), bas, haut)
        if cle not in self._vues:  # the same figure in several outputs: one row
            self._vues.add(cle)
            self.lignes.append((coefs, bas, haut))

    def structure(self) -> None:
        inf = highspy.kHighsInf
        codes = self.sorties.codes

        def somme(poste, periode, dimension, choisis=None, sauf=()):
            retenus = codes[dimension] if choisis is None else choisis
            return {
                self.x((poste, periode, dimension, c)): 1.0
                for c in sorted(retenus)
                if c not in sauf
            }

        def difference(a, b):
            d = dict(a)
            for k, v in b.items():
                d[k] = d.get(k, 0.0) - v
            return d

        for poste in self.sorties.postes:
            for annee in ANNEES:
                contacts_annee: dict[int, float] = {}
                for t in TRIMESTRES:
                    q = (annee, t)
                    situations = somme(poste, q, "sexe")
                    for dimension in (
                        "mineur",
                        "tranche_age",
                        "statut",
                        "connu_ss",
                        "enfants",
                        "suite",
                        "repetition",
                    ):
                        self.ajouter(difference(somme(poste, q, dimension), situations), 0, 0)
                    # Adult women: at most the women and the adults, at least their sum
                    # less the situations.
                    femmes_majeures = somme(poste, q, "femme_majeure", ("oui",))
                    femmes = somme(poste, q, "sexe", ("F",))
                    adultes = somme(poste, q, "mineur", ("majeur",))
                    self.ajouter(difference(femmes_majeures, femmes), -inf, 0)
                    self.ajouter(difference(femmes_majeures, adultes), -inf, 0)
                    self.ajouter(
                        difference(
                            difference(femmes_majeures, femmes), difference(adultes, situations)
                        ),
                        0,
                        inf,
                    )
                    # Every referral has one origin, one state and one site.
                    saisines = somme(poste, q, "origine")
                    for dimension in ("etat", "site"):
                        self.ajouter(difference(somme(poste, q, dimension), saisines), 0, 0)
                    for code, bandes in (("mineur", JEUNES), ("majeur", ADULTES)):
                        self.ajouter(
                            difference(
                                somme(poste, q, "mineur", (code,)),
                                somme(poste, q, "tranche_age", bandes),
                            ),
                            0,
                            0,
                        )
                    for code in sorted(codes["problematique"]):
                        self.ajouter(
                            difference(somme(poste, q, "problematique", (code,)), situations),
                            -inf,
                            0,
                        )
                    self.ajouter(difference(somme(poste, q, "problematique"), situations), 0, inf)
                    self.ajouter(
                        difference(somme(poste, q, "issue"), somme(poste, q, "partenaire")), 0, 0
                    )
                    contacts = somme(poste, q, "mode", sauf=("sans_reponse",))
                    contacts_annee.update(contacts)
                    # Each interview that reached someone has one length (or « non notée »).
                    self.ajouter(difference(somme(poste, q, "duree_entretien"), contacts), 0, 0)
                    personnes = {self.x((poste, q, "personnes", "")): 1.0}
                    self.ajouter(difference(personnes, contacts), -inf, 0)
                    annee_p = {self.x((poste, (annee, "A"), "personnes", "")): 1.0}
                    self.ajouter(difference(personnes, annee_p), -inf, 0)
                    # File active: people met <= situations met <= interviews; a quarter's
                    # at most the year's.
                    situations_vues = {self.x((poste, q, "file_active", "")): 1.0}
                    self.ajouter(difference(personnes, situations_vues), -inf, 0)
                    self.ajouter(difference(situations_vues, contacts), -inf, 0)
                    annee_fa = {self.x((poste, (annee, "A"), "file_active", "")): 1.0}
                    self.ajouter(difference(situations_vues, annee_fa), -inf, 0)
                for distinct in DISTINCTS:
                    annee_d = {self.x((poste, (annee, "A"), distinct, "")): 1.0}
                    quarts = {self.x((poste, (annee, t), distinct, "")): 1.0 for t in TRIMESTRES}
                    self.ajouter(difference(annee_d, quarts), -inf, 0)
                    self.ajouter(difference(annee_d, contacts_annee), -inf, 0)
                self.ajouter(
                    difference(
                        {self.x((poste, (annee, "A"), "personnes", "")): 1.0},
                        {self.x((poste, (annee, "A"), "file_active", "")): 1.0},
                    ),
                    -inf,
                    0,
                )

    def vrai(self) -> np.ndarray:
        valeurs = np.zeros(len(self.inconnues))
        for cle, i in self.inconnues.items():
            valeurs[i] = self.sorties.verite.get(cle, 0)
        return valeurs


def _nombre(texte: str) -> int | None:
    try:
        return int(texte.replace("\u202f", "").replace(" ", ""))
    except ValueError:
        return None


def attaquer(sorties: Sorties, figures: list[Publie], affaibli: bool = False) -> list[tuple]:
    """The hidden small cells the system narrows to fewer than 11 values:
    ``[(support, true value, min, max, source)]``."""
    systeme = Systeme(sorties)
    inf = highspy.kHighsInf
    cibles: dict[tuple, tuple[int, str]] = {}
    for f in figures:
        support = tuple(systeme.support(f.postes, f.periode, f.definition))
        if f.periode[0] not in ANNEES or not support:
            continue
        nombre = _nombre(f.texte)
        if affaibli:  # the old rule: each output on its own, « < 11 » = 1..10
            vrai = sum(sorties.verite.get(k, 0) for k in _cles(systeme, support))
            if 0 < vrai < 11:
                systeme.ajouter(dict.fromkeys(support, 1.0), 1, 10)
                cibles[support] = (vrai, f.source)
            else:
                systeme.ajouter(dict.fromkeys(support, 1.0), vrai, vrai)
        elif nombre is not None:
            systeme.ajouter(dict.fromkeys(support, 1.0), nombre, nombre)
        else:
            assert f.texte == "masqué", (f.texte, f.source)
            systeme.ajouter(dict.fromkeys(support, 1.0), 1, inf)
            vrai = sum(sorties.verite.get(k, 0) for k in _cles(systeme, support))
            if 0 < vrai < 11:
                cibles[support] = (vrai, f.source)
    verite = systeme.vrai()
    for coefs, bas, haut in systeme.lignes:  # the truth satisfies what the reader knows
        valeur = sum(a * verite[i] for i, a in coefs.items())
        assert bas - 1e-6 <= valeur <= haut + 1e-6, (coefs, bas, haut, valeur)
    return _resoudre(systeme, cibles)


def _cles(systeme: Systeme, support) -> list[tuple]:
    inverse = getattr(systeme, "_inverse", None)
    if inverse is None or len(inverse) != len(systeme.inconnues):
        systeme._inverse = inverse = {i: k for k, i in systeme.inconnues.items()}
    return [inverse[i] for i in support]


def _resoudre(systeme: Systeme, cibles: dict[tuple, tuple[int, str]]) -> list[tuple]:
    """Each population (situations, referrals, interviews and people...) shares no row
    with the others: one linear program each, every target minimised and maximised."""
    population = {i: POPULATION[cle[2]] for cle, i in systeme.inconnues.items()}
    lignes_de: dict[str, list] = defaultdict(list)
    for ligne in systeme.lignes:
        lignes_de[population[next(iter(ligne[0]))]].append(ligne)
    cibles_de: dict[str, dict] = defaultdict(dict)
    for support, cible in cibles.items():
        cibles_de[population[support[0]]][support] = cible
    fuites = []
    for pop, ses_cibles in cibles_de.items():
        fuites += _programme(lignes_de[pop], ses_cibles)
    return fuites


def _programme(lignes: list, cibles: dict[tuple, tuple[int, str]]) -> list[tuple]:
    colonnes_de: dict[int, int] = {}
    for coefs, _, _ in lignes:
        for i in coefs:
            colonnes_de.setdefault(i, len(colonnes_de))
    n = len(colonnes_de)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(lignes)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.full(n, highspy.kHighsInf)
    lp.row_lower_ = np.array([b for _, b, _ in lignes], dtype=float)
    lp.row_upper_ = np.array([hh for _, _, hh in lignes], dtype=float)
    colonnes: dict[int, list] = defaultdict(list)
    for r, (coefs, _, _) in enumerate(lignes):
        for i, a in coefs.items():
            colonnes[colonnes_de[i]].append((r, a))
    debuts, index, valeurs = [0], [], []
    for j in range(n):
        for r, a in colonnes[j]:
            index.append(r)
            valeurs.append(a)
        debuts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(debuts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(valeurs, dtype=float)
    h.passModel(lp)
    fuites = []
    precedent = np.zeros(0, dtype=np.int32)
    for support, (vrai, source) in cibles.items():
        h.changeColsCost(len(precedent), precedent, np.zeros(len(precedent)))
        precedent = np.array([colonnes_de[i] for i in support], dtype=np.int32)
        h.changeColsCost(len(precedent), precedent, np.ones(len(precedent)))
        bornes = []
        for sens in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            h.changeObjectiveSense(sens)
            h.run()
            statut = h.getModelStatus()
            if statut == highspy.HighsModelStatus.kUnbounded:
                bornes.append(np.inf)
                continue
            assert statut == highspy.HighsModelStatus.kOptimal, statut
            bornes.append(h.getInfo().objective_function_value)
        bas, haut = bornes
        assert bas - 1e-6 <= vrai <= haut + 1e-6
        if haut - bas < ECART - 1e-6:
            fuites.append((support, vrai, bas, haut, source))
    return fuites


@pytest.mark.parametrize("lecteur", [*LECTEURS, "tous ensemble"])
def test_aucune_petite_case_ne_se_deduit_de_tout_ce_que_le_lecteur_telecharge(sorties, lecteur):
    figures = (
        [f for fs in sorties.par_lecteur.values() for f in fs]
        if lecteur == "tous ensemble"
        else sorties.par_lecteur[lecteur]
    )
    assert len(figures) > (200 if lecteur in ("clspd", "cdp") else 1500)  # a real volume
    assert any(f.texte == "masqué" for f in figures)
    fuites = attaquer(sorties, figures)
    assert fuites == [], f"{len(fuites)} cases resserrées, par exemple {fuites[:3]}"


def test_la_file_active_est_attaquee(sorties):
    """The file active (issue 19) is in what the reader downloads, with small hidden cells
    among them: the attacker above targets them with its own relations (people met <=
    situations met <= interviews, a year between its largest quarter and their sum)."""
    figures = [f for fs in sorties.par_lecteur.values() for f in fs]
    file_active = [f for f in figures if f.definition == ("file_active",)]
    assert any(f.texte != "masqué" for f in file_active)
    petites = [
        f
        for f in file_active
        if f.texte == "masqué"
        and 0 < sum(sorties.verite.get((p, f.periode, "file_active", ""), 0) for p in f.postes) < 11
    ]
    assert petites


def test_l_attaquant_trouve_les_fuites_du_masquage_sortie_par_sortie(sorties):
    """The old rule (each output masked on its own) leaks under the same attacker, from
    the chief's outputs alone (the review's example: a site's quarters and year)."""
    figures = sorties.par_lecteur["chef"]
    fuites = attaquer(sorties, figures, affaibli=True)
    epinglees = [f for f in fuites if f[3] - f[2] < 1e-6]
    assert len(fuites) >= 20, len(fuites)
    assert epinglees, "aucune case retrouvée exactement"
