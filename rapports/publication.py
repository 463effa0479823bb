"""From raw statistics to what may be shown: suppressed, JSON-ready.

Pages, CSV, PDF and frozen snapshots all go through :func:`publier`, so nothing leaves
the worker without small-cell suppression.
"""

from __future__ import annotations

from django.utils import timezone

from rapports import secret
from rapports.statistiques import Periode, Statistiques, Tableau, libelle_de_rang
from rapports.suppression import SEUIL_EXTERNE, Cellule, exacte, nombre, regle

MASQUEE = Cellule(None, "secret", "masqué")


def code_periode(periode: Periode) -> tuple[int, str]:
    """A calendar period as the cube names it: (year, "T1".."T4" or "A")."""
    if periode.nature == "annee":
        return periode.debut.year, "A"
    if periode.nature == "trimestre":
        return periode.debut.year, f"T{(periode.debut.month - 1) // 3 + 1}"
    raise ValueError(f"hors du poste, pas de période « {periode.libelle} »")


class Lecture:
    """What a reader outside the post sees of a scope: every count from the component's
    cube (rapports/secret.py), as last audited, hidden cells reading « masqué »."""

    def __init__(self, stats: Statistiques, a_jour: bool = False):
        self.ensemble = tuple(sorted(stats.perimetre.postes().values_list("pk", flat=True)))
        self.periodes = [code_periode(stats.periode), code_periode(stats.comparaison)]
        # The component once, for every year read (the comparison's too).
        self.composante = secret.composante(self.ensemble) if self.ensemble else ()
        self.masques = {
            annee: secret.masque(self.ensemble, annee, a_jour=a_jour, postes=self.composante)
            for annee in {a for a, _ in self.periodes}
            if self.ensemble
        }

    def case(self, annee: int, periode: str, variable: str) -> tuple[bool, int]:
        if not self.ensemble:
            return False, 0
        if annee not in self.masques:
            self.masques[annee] = secret.masque(self.ensemble, annee, postes=self.composante)
        return self.masques[annee].case(self.ensemble, periode, variable)

    def cellule(self, colonne: int, variable: str, periode: tuple[int, str] | None = None):
        cachee, valeur = self.case(*(periode or self.periodes[colonne]), variable)
        return MASQUEE if cachee else Cellule(valeur, "", nombre(valeur))

    def trimestres(self, colonne: int) -> list[tuple[int, str]]:
        annee, periode = self.periodes[colonne]
        return [(annee, t) for t in secret.TRIMESTRES] if periode == "A" else [(annee, periode)]

    @property
    def calcule_le(self):
        dates = [m.calcule_le for m in self.masques.values() if m.calcule_le]
        return min(dates) if dates else None


def _variable_ligne(tableau: Tableau, code: str) -> tuple[str, tuple[int, str] | None]:
    if tableau.cle in secret.SERIES:
        annee, trimestre = code.split("-")
        return secret.SERIES[tableau.cle], (int(annee), trimestre)
    return f"{tableau.cle}:{code}", None


def publier_tableau(tableau: Tableau, lecture: Lecture | None) -> dict:
    """A table as its reader may see it: exact inside the post (``lecture`` None)."""
    n = len(tableau.colonnes)
    if lecture is None:
        colonnes = [exacte(valeurs, avec_total=tableau.additif) for _, valeurs in tableau.colonnes]
        cellules = [[c.cellules[k] for c in colonnes] for k in range(len(tableau.lignes))]
        totaux = [c.total for c in colonnes] if tableau.additif else None
    else:
        cellules = []
        for i, (code, _) in enumerate(tableau.lignes):
            variable, periode = _variable_ligne(tableau, code)
            if periode is None:
                cellules.append([lecture.cellule(k, variable) for k in range(n)])
            else:  # a quarter of a series, beside the comparison period's quarter of rank i
                beside = lecture.trimestres(1)
                rang = [lecture.cellule(0, variable, periode)]
                if n > 1:
                    rang.append(
                        lecture.cellule(1, variable, beside[i])
                        if i < len(beside)
                        else Cellule(0, "", "0")
                    )
                cellules.append(rang)
        entete = secret.SERIES.get(tableau.cle) or secret.TABLES.get(tableau.cle, (0, None))[1]
        totaux = [lecture.cellule(k, entete) for k in range(n)] if tableau.additif else None
    lignes = []
    for (code, libelle), rang in zip(tableau.lignes, cellules, strict=True):
        if not tableau.garder_zeros and all(c.valeur == 0 for c in rang):
            continue
        lignes.append({"code": code, "libelle": libelle, "cellules": [c.en_dict() for c in rang]})
    return {
        "cle": tableau.cle,
        "titre": tableau.titre,
        "unite": tableau.unite,
        "note": tableau.note,
        "entetes": [nom for nom, _ in tableau.colonnes],
        "lignes": lignes,
        "total": (
            {"libelle": "Total", "cellules": [c.en_dict() for c in totaux]}
            if totaux is not None
            else None
        ),
    }


def _sans_tentatives(stats: Statistiques) -> tuple[list, list[Tableau]]:
    """Interviews by mode, without unanswered attempts: the table's total then equals the
    headline "entretiens" (a row equal to a difference of two published totals would be
    given back whatever its mask). Attempts become a headline figure of their own."""
    indicateurs = list(stats.indicateurs)
    tableaux = []
    for t in stats.tableaux:
        codes = [code for code, _ in t.lignes]
        if t.cle == "modes_entretien" and "sans_reponse" in codes:
            k = codes.index("sans_reponse")
            indicateurs.append(
                (
                    "tentatives",
                    "tentatives de contact sans réponse",
                    *(valeurs[k] for _, valeurs in t.colonnes),
                )
            )
            t = Tableau(
                t.cle,
                t.titre,
                [ligne for i, ligne in enumerate(t.lignes) if i != k],
                [(nom, [v for i, v in enumerate(vs) if i != k]) for nom, vs in t.colonnes],
                t.additif,
                t.unite,
                t.note,
                t.garder_zeros,
            )
        tableaux.append(t)
    return indicateurs, tableaux


# Month-by-month series: outside the post, months would give back a quarter's masked
# cells by difference; they are summed into quarters.
SERIES_MENSUELLES = {
    "situations_par_mois": ("situations_par_trimestre", "Nouvelles situations par trimestre"),
    "entretiens_par_mois": ("entretiens_par_trimestre", "Entretiens par trimestre"),
}


NOMS_TRIMESTRES = ["1er trimestre", "2e trimestre", "3e trimestre", "4e trimestre"]


def _trimestres(periode: Periode) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter the period touches, in order."""
    resultat: list[tuple[int, int]] = []
    for annee, mois in periode.mois():
        t = (annee, (mois - 1) // 3 + 1)
        if not resultat or resultat[-1] != t:
            resultat.append(t)
    return resultat


def par_trimestre(tableau: Tableau, comparaison: Periode | None = None) -> Tableau:
    """A month-by-month series (rows "2025-04") summed into calendar quarters; rows are
    labelled as the months are (:func:`rapports.statistiques.libelle_de_rang`)."""
    cle, titre = SERIES_MENSUELLES[tableau.cle]
    avant = _trimestres(comparaison) if comparaison else []
    lignes: list[tuple[str, str]] = []
    indices: list[int] = []
    for code, _ in tableau.lignes:
        annee, mois = (int(x) for x in code.split("-"))
        trimestre = (mois - 1) // 3 + 1
        code_t = f"{annee}-T{trimestre}"
        if not lignes or lignes[-1][0] != code_t:
            nom = NOMS_TRIMESTRES[trimestre - 1]
            lignes.append(
                (code_t, libelle_de_rang(nom, annee, len(lignes), avant, NOMS_TRIMESTRES))
            )
        indices.append(len(lignes) - 1)
    colonnes = []
    for nom, valeurs in tableau.colonnes:
        sommes = [0] * len(lignes)
        for i, v in zip(indices, valeurs, strict=True):
            sommes[i] += v
        colonnes.append((nom, sommes))
    return Tableau(cle, titre, lignes, colonnes, tableau.additif, tableau.unite, tableau.note, True)


def publier(stats: Statistiques, seuil: int | None, *, a_jour: bool = False) -> dict:
    """Everything shown of ``stats``: JSON-ready. ``seuil`` None: the post's own exact
    figures. Otherwise (outside the post) every count is read from the component's
    audited cube (rapports/secret.py: as last computed, or now when ``a_jour``), months
    are summed into quarters, and a hidden cell reads « masqué »."""
    indicateurs, tableaux = _sans_tentatives(stats)
    lecture = None
    if seuil is not None:
        tableaux = [
            par_trimestre(t, stats.comparaison) if t.cle in SERIES_MENSUELLES else t
            for t in tableaux
        ]
        lecture = Lecture(stats, a_jour=a_jour)

    def cellules(code, valeurs) -> list[dict]:
        if lecture is None:
            return [Cellule(v, "", nombre(v)).en_dict() for v in valeurs]
        return [lecture.cellule(k, code).en_dict() for k in range(len(valeurs))]

    def delai(k, valeur) -> str:
        # A median over a handful of situations describes individuals: withheld outside
        # the post unless the new situations are published and at least the threshold.
        if valeur is None:
            return "non publié"
        if lecture is not None:
            cachee, situations = lecture.case(*lecture.periodes[k], "situations")
            if cachee or situations < SEUIL_EXTERNE:
                return "non publié"
        return f"{valeur:.1f}".replace(".", ",").replace(",0", "") + " j"

    calcule_le = lecture.calcule_le if lecture else None
    return {
        "perimetre": stats.perimetre.libelle,
        "periode": stats.periode.libelle,
        "comparaison": stats.comparaison.libelle,
        "seuil": seuil,
        "regle": regle(seuil),
        "arrete_le": (
            timezone.localtime(calcule_le).strftime("%d/%m/%Y à %H:%M") if calcule_le else ""
        ),
        "entetes": [stats.periode.libelle_court, stats.comparaison.libelle_court],
        "indicateurs": [
            {"code": code, "libelle": libelle, "cellules": cellules(code, (v, p))}
            for code, libelle, v, p in indicateurs
        ],
        "delai_median": [
            delai(0, stats.delai_median),
            delai(1, stats.delai_median_comparaison),
        ],
        "tableaux": [publier_tableau(t, lecture) for t in tableaux],
    }


# Charts are drawn from the published figures by rapports/presentation.py (HTML bars).
