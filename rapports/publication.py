"""From raw statistics to what may be shown: suppressed, JSON-ready, with chart geometry.

Pages, CSV, PDF and frozen snapshots all go through :func:`publier`, so nothing leaves
the worker without small-cell suppression.
"""

from __future__ import annotations

from rapports.statistiques import Periode, Statistiques, Tableau
from rapports.suppression import exacte, proteger_liste, proteger_nombre, regle

# Rows whose sub-totals another table publishes: the minors/adults table gives the sums
# of these age bands, so each group is protected with its sum taken as known.
GROUPES = {
    "tranches_age": [
        {"0-5", "6-12", "13-17"},
        {"18-24", "25-39", "40-59", "60-74", "75+"},
        {"inconnue"},
    ],
}


def _groupes(tableau: Tableau) -> list[list[int]] | None:
    if tableau.cle not in GROUPES:
        return None
    codes = [code for code, _ in tableau.lignes]
    return [[i for i, c in enumerate(codes) if c in groupe] for groupe in GROUPES[tableau.cle]]


def publier_tableau(tableau: Tableau, seuil: int | None) -> dict:
    groupes = _groupes(tableau)
    colonnes = [
        exacte(valeurs, avec_total=tableau.additif)
        if seuil is None
        else proteger_liste(valeurs, seuil, avec_total=tableau.additif, groupes=groupes)
        for _, valeurs in tableau.colonnes
    ]
    lignes = []
    for k, (code, libelle) in enumerate(tableau.lignes):
        if not tableau.garder_zeros and all(v[k] == 0 for _, v in tableau.colonnes):
            continue
        lignes.append(
            {
                "code": code,
                "libelle": libelle,
                "cellules": [c.cellules[k].en_dict() for c in colonnes],
            }
        )
    return {
        "cle": tableau.cle,
        "titre": tableau.titre,
        "unite": tableau.unite,
        "note": tableau.note,
        "entetes": [nom for nom, _ in tableau.colonnes],
        "lignes": lignes,
        "total": (
            {"libelle": "Total", "cellules": [c.total.en_dict() for c in colonnes]}
            if tableau.additif
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


def par_trimestre(tableau: Tableau) -> Tableau:
    """A month-by-month series (rows "2025-04") summed into calendar quarters."""
    cle, titre = SERIES_MENSUELLES[tableau.cle]
    lignes: list[tuple[str, str]] = []
    indices: list[int] = []
    for code, _ in tableau.lignes:
        annee, mois = (int(x) for x in code.split("-"))
        trimestre = (mois - 1) // 3 + 1
        code_t = f"{annee}-T{trimestre}"
        if not lignes or lignes[-1][0] != code_t:
            lignes.append((code_t, Periode.du_trimestre(annee, trimestre).libelle))
        indices.append(len(lignes) - 1)
    colonnes = []
    for nom, valeurs in tableau.colonnes:
        sommes = [0] * len(lignes)
        for i, v in zip(indices, valeurs, strict=True):
            sommes[i] += v
        colonnes.append((nom, sommes))
    return Tableau(cle, titre, lignes, colonnes, tableau.additif, tableau.unite, tableau.note, True)


def publier(stats: Statistiques, seuil: int | None) -> dict:
    """Everything shown of ``stats``: JSON-ready. ``seuil`` None: the post's own exact
    figures; otherwise every count suppressed at ``seuil`` and months summed into quarters
    (rapports/suppression.py states the rule)."""
    indicateurs, tableaux = _sans_tentatives(stats)
    if seuil is not None:
        tableaux = [par_trimestre(t) if t.cle in SERIES_MENSUELLES else t for t in tableaux]
    situations = {code: (v, p) for code, _, v, p in stats.indicateurs}["situations"]

    def delai(valeur, nombre):
        # A median over a handful of situations describes individuals: withheld.
        if valeur is None or (seuil is not None and nombre < seuil):
            return "non publié"
        return f"{valeur:.1f}".replace(".", ",").replace(",0", "") + " j"

    return {
        "perimetre": stats.perimetre.libelle,
        "periode": stats.periode.libelle,
        "comparaison": stats.comparaison.libelle,
        "seuil": seuil,
        "regle": regle(seuil),
        "entetes": [stats.periode.libelle_court, stats.comparaison.libelle_court],
        "indicateurs": [
            {
                "code": code,
                "libelle": libelle,
                "cellules": [
                    proteger_nombre(v, seuil).en_dict(),
                    proteger_nombre(p, seuil).en_dict(),
                ],
            }
            for code, libelle, v, p in indicateurs
        ],
        "delai_median": [
            delai(stats.delai_median, situations[0]),
            delai(stats.delai_median_comparaison, situations[1]),
        ],
        "tableaux": [publier_tableau(t, seuil) for t in tableaux],
    }


# --- Chart geometry (server-side SVG, same markup in pages and PDF) --------------------

LARGEUR_LIBELLE = 230
LARGEUR_BARRES = 300
HAUTEUR_LIGNE = 22


def geometrie_barres(tableau: dict) -> dict:
    """Horizontal bars, one group per row: current period, then the comparison period."""
    valeurs = [c["valeur"] for ligne in tableau["lignes"] for c in ligne["cellules"] if c["valeur"]]
    maximum = max(valeurs, default=0) or 1
    barres = []
    for k, ligne in enumerate(tableau["lignes"]):
        y = k * HAUTEUR_LIGNE
        series = []
        for s, cellule in enumerate(ligne["cellules"][:2]):
            hauteur = 8 if s == 0 else 5
            decalage = 3 if s == 0 else 13
            if cellule["valeur"] is None:
                largeur = 6
            else:
                largeur = round(LARGEUR_BARRES * cellule["valeur"] / maximum, 1)
            series.append(
                {
                    "x": LARGEUR_LIBELLE,
                    "y": y + decalage,
                    "largeur": largeur,
                    "hauteur": hauteur,
                    "serie": s,
                    "masque": cellule["masque"],
                    "texte": cellule["texte"],
                    "x_texte": LARGEUR_LIBELLE + largeur + 4,
                    "y_texte": y + decalage + hauteur,
                }
            )
        barres.append(
            {
                "libelle": ligne["libelle"][:42] + ("…" if len(ligne["libelle"]) > 42 else ""),
                "y_libelle": y + 13,
                "series": series,
            }
        )
    return {
        "largeur": LARGEUR_LIBELLE + LARGEUR_BARRES + 60,
        "hauteur": max(len(barres), 1) * HAUTEUR_LIGNE + 24,
        "y_legende": len(barres) * HAUTEUR_LIGNE + 16,
        "x_libelle": LARGEUR_LIBELLE - 6,
        "barres": barres,
        "entetes": tableau["entetes"],
    }
