"""How published figures are shown: key figures with their evolution, bar charts, tables.

Everything here reads the JSON-ready output of :func:`rapports.publication.publier` (or a
frozen snapshot of it), never the raw statistics: what is masked stays masked, and the
same dictionaries serve the dashboard, a report's page and its PDF. Generic on purpose:
a new headline figure in ``indicateurs`` or a new table in ``tableaux`` is shown without
touching a template.
"""

from __future__ import annotations

import re

# The five figures an elected reader looks at first (front page of the PDF); the others
# follow on the dashboard in the order the statistics give them.
PRINCIPAUX = ("personnes", "situations", "saisines", "entretiens", "orientations")

# No evolution to tell (no comparison, or a figure that is not a count).
SANS_EVOLUTION = {"court": "", "texte": "", "sens": ""}

# Room left after the longest bar for its value ("masqué", "1 234"): bars are drawn on
# this share of the track.
PART_MAXIMALE = 82


def _entier(cellule: dict) -> int | None:
    """The cell's count when it is published, None when masked or absent."""
    if cellule.get("masque") or cellule.get("valeur") is None:
        return None
    return cellule["valeur"]


def comparaison_vide(s: dict) -> bool:
    """True when the comparison period has nothing to compare with: every headline
    figure of its column published and zero (a masked figure means there was activity)."""
    colonnes = [i["cellules"][1] for i in s["indicateurs"] if len(i["cellules"]) > 1]
    return bool(colonnes) and all(_entier(c) == 0 for c in colonnes)


def evolution(cellules: list[dict], avant: str) -> dict | None:
    """The change from the comparison period to the period, as a reader says it:
    ``court`` for a tile ("+58 %"), ``texte`` for a sentence."""
    if len(cellules) < 2:
        return None
    maintenant, precedent = _entier(cellules[0]), _entier(cellules[1])
    if maintenant is None or precedent is None:
        return {"court": "", "texte": "évolution non publiée", "sens": "inconnu"}
    if precedent == 0:
        if maintenant == 0:
            return {"court": "", "texte": f"aucun en {avant} non plus", "sens": "stable"}
        return {"court": "nouveau", "texte": f"aucun en {avant}", "sens": "hausse"}
    taux = round(100 * (maintenant - precedent) / precedent)
    if taux == 0:
        return {"court": "stable", "texte": f"stable par rapport à {avant}", "sens": "stable"}
    court = f"{'+' if taux > 0 else '−'}{abs(taux)}\u202f%"
    return {
        "court": court,
        "texte": f"{court} par rapport à {avant}",
        "sens": "hausse" if taux > 0 else "baisse",
    }


def chiffres_cles(s: dict, avec_comparaison: bool = True) -> list[dict]:
    """One tile per headline figure (and the median delay), with its evolution."""
    avant = s["entetes"][1] if len(s["entetes"]) > 1 else ""
    tuiles = []
    for i in s["indicateurs"]:
        cellules = i["cellules"]
        tuiles.append(
            {
                "code": i.get("code", ""),
                "libelle": i["libelle"],
                "valeur": cellules[0],
                "precedente": cellules[1] if avec_comparaison and len(cellules) > 1 else None,
                "evolution": (evolution(cellules, avant) if avec_comparaison else None)
                or SANS_EVOLUTION,
                "principal": i.get("code") in PRINCIPAUX,
            }
        )
    delai = s.get("delai_median")
    if delai:
        tuiles.append(
            {
                "code": "delai",
                "libelle": "délai médian entre la saisine et le premier contact",
                "valeur": {"texte": delai[0], "masque": "", "valeur": None},
                "precedente": (
                    {"texte": delai[1], "masque": "", "valeur": None}
                    if avec_comparaison and len(delai) > 1
                    else None
                ),
                "evolution": SANS_EVOLUTION,
                "principal": False,
            }
        )
    return tuiles


def principaux(tuiles: list[dict]) -> list[dict]:
    """The five figures of the front page, in the order of :data:`PRINCIPAUX`."""
    par_code = {t["code"]: t for t in tuiles}
    return [par_code[code] for code in PRINCIPAUX if code in par_code]


def graphique(t: dict, colonnes: int) -> dict:
    """A table as horizontal bars: each row its bars (one per period shown), each bar its
    value written at its end. A masked cell is a hatched stub reading « masqué », never a
    bar of length zero; rows masked in every period are named under the chart instead of
    drawn, since a chart of stubs says nothing."""
    valeurs = [
        v
        for ligne in t["lignes"]
        for c in ligne["cellules"][:colonnes]
        if (v := _entier(c)) is not None
    ]
    maximum = max(valeurs, default=0) or 1
    lignes, masquees = [], []
    for ligne in t["lignes"]:
        cellules = ligne["cellules"][:colonnes]
        if all(_entier(c) is None for c in cellules):
            masquees.append(ligne["libelle"])
            continue
        barres = []
        for k, c in enumerate(cellules):
            v = _entier(c)
            barres.append(
                {
                    "serie": k,
                    "periode": t["entetes"][k],
                    "texte": c["texte"],
                    "masque": v is None,
                    "part": 0 if v is None else round(PART_MAXIMALE * v / maximum, 1),
                }
            )
        lignes.append({"libelle": ligne["libelle"], "barres": barres})
    return {"lignes": lignes, "masquees": masquees, "entetes": t["entetes"][:colonnes]}


def tableau(t: dict, colonnes: int) -> dict:
    """A published table cut to the columns shown, with its chart."""
    return {
        **t,
        "entetes": t["entetes"][:colonnes],
        "lignes": [{**ligne, "cellules": ligne["cellules"][:colonnes]} for ligne in t["lignes"]],
        "total": (
            {**t["total"], "cellules": t["total"]["cellules"][:colonnes]} if t["total"] else None
        ),
        "totaux": (
            list(zip(t["entetes"][:colonnes], t["total"]["cellules"][:colonnes], strict=False))
            if t["total"]
            else []
        ),
        "graphique": graphique(t, colonnes),
    }


def presenter(s: dict) -> dict:
    """Everything a template shows of published figures ``s``."""
    avec_comparaison = len(s["entetes"]) > 1 and not comparaison_vide(s)
    colonnes = 2 if avec_comparaison else 1
    tuiles = chiffres_cles(s, avec_comparaison)
    return {
        "avec_comparaison": avec_comparaison,
        "entetes": s["entetes"][:colonnes],
        "chiffres": tuiles,
        "principaux": principaux(tuiles),
        "tableaux": [tableau(t, colonnes) for t in s["tableaux"]],
    }


_FIN_DE_PHRASE = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý«\"])")


def premiere_phrase(texte: str, longueur: int = 280) -> str:
    """The first sentence of a text (cut at a word past ``longueur`` characters)."""
    texte = " ".join(texte.split())
    phrase = _FIN_DE_PHRASE.split(texte, maxsplit=1)[0]
    if len(phrase) > longueur:
        phrase = phrase[:longueur].rsplit(" ", 1)[0] + "…"
    return phrase


def faits_marquants(textes: list[dict], nombre: int = 3) -> list[dict]:
    """The first sentence of the first ``nombre`` qualitative parts that were written:
    the front page's highlights, in the words of the report's author."""
    faits = []
    for t in textes:
        if t.get("texte", "").strip():
            faits.append({"titre": t["titre"], "texte": premiere_phrase(t["texte"])})
        if len(faits) == nombre:
            break
    return faits


# The PDF's thematic sections; a table no section names (a new one) goes to the last.
SECTIONS_PDF = [
    (
        "activite",
        "Activité dans la période",
        (
            "situations_par_mois",
            "entretiens_par_mois",
            "situations_par_trimestre",
            "entretiens_par_trimestre",
            "origines",
        ),
    ),
    (
        "public",
        "Public et situations",
        ("sexe", "mineurs", "tranches_age", "statuts", "problematiques"),
    ),
    (
        "actions",
        "Actes, orientations et transmissions",
        (
            "actes",
            "modes_entretien",
            "durees_entretien",
            "orientations_partenaires",
            "orientations_issues",
            "transmissions",
        ),
    ),
]


def sections_pdf(tableaux: list[dict]) -> list[dict]:
    """The presented tables grouped into the PDF's sections, in the statistics' order."""
    sections = [{"ancre": a, "titre": titre, "tableaux": []} for a, titre, _ in SECTIONS_PDF]
    rang = {cle: k for k, (_, _, cles) in enumerate(SECTIONS_PDF) for cle in cles}
    autres = {"ancre": "autres", "titre": "Autres chiffres", "tableaux": []}
    for t in tableaux:
        k = rang.get(t["cle"])
        (autres if k is None else sections[k])["tableaux"].append(t)
    return [s for s in [*sections, autres] if s["tableaux"]]
