"""Small-cell suppression, primary and secondary.

Primary: a count between 1 and ``seuil - 1`` is masked and reads « < seuil ». Zero is
published (it singles nobody out), so a reader knows a « < 5 » cell holds 1 to 4.

Secondary: masking alone is not enough when totals are published — with one masked
cell in a line, total minus the others gives it back; with two masked cells summing to
2, both are 1. So after primary suppression we audit the table: for every masked cell
we ask whether the published values, the margins and the bounds the reader knows
(1..seuil-1 for « < seuil », ≥ seuil for « masqué ») leave it exactly one possible
value. While one does, we mask one more cell (the smallest non-zero count on its line,
then anywhere), or the total. A secondary cell reads « masqué », not « < seuil »: it may
be large, and the label must not lie.

The audit is exact: the masked cells' possible values are intervals tied by one sum
(every published table has one dimension).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# One rule for every reader outside the post (chief, agent, employer, coordinator, CLSPD,
# national grid), on every output: dashboard, CSV, PDF, grid. The post's own social worker
# reads her figures exactly (``seuil`` None): she already holds the records.
SEUIL_EXTERNE = 11

REGLE_EXTERNE = (
    "Hors du poste, une seule règle sur chaque page et chaque document : tout effectif de 1 "
    "à 10 est masqué (« < 11 »), d'autres cases le sont (« masqué ») pour qu'aucune ne se "
    "recalcule à partir des totaux, et les chiffres se lisent par trimestre ou par année "
    "civile seulement."
)
REGLE_POSTE = (
    "Chiffres exacts de votre poste, sans masquage : vous seule les lisez ainsi. Hors du "
    "poste (chef de service, employeur, coordination, CLSPD), tout effectif de 1 à 10 est "
    "masqué, par trimestre ou par année civile seulement."
)


def regle(seuil: int | None) -> str:
    """The one sentence stating the protection, on every page and document with figures."""
    return REGLE_POSTE if seuil is None else REGLE_EXTERNE


PRIMAIRE = "primaire"
SECONDAIRE = "secondaire"
INFINI = math.inf


@dataclass
class Cellule:
    valeur: int | None  # None when masked
    masque: str = ""  # "" | "primaire" | "secondaire"
    texte: str = ""

    def en_dict(self) -> dict:
        return {"valeur": self.valeur, "masque": self.masque, "texte": self.texte}


def _cellule(valeur: int, masque: str, seuil: int) -> Cellule:
    if masque == PRIMAIRE:
        return Cellule(None, PRIMAIRE, f"< {seuil}")
    if masque == SECONDAIRE:
        return Cellule(None, SECONDAIRE, "masqué")
    return Cellule(valeur, "", _nombre(valeur))


def _nombre(valeur: int) -> str:
    # French thousands separator: narrow no-break space.
    return f"{valeur:,}".replace(",", "\u202f")


def est_primaire(valeur: int, seuil: int) -> bool:
    return 0 < valeur < seuil


def bornes(masque: str, seuil: int, signe: int = 1) -> tuple[float, float]:
    """What a reader knows of a masked value (``signe`` -1 for negated margins)."""
    lo, hi = (1, seuil - 1) if masque == PRIMAIRE else (seuil, INFINI)
    return (lo, hi) if signe > 0 else (-hi, -lo)


# --- One dimension: cells and their total ---------------------------------------------


def deductibles_1d(valeurs: list[int], total: int, masques: dict[int, str], seuil: int) -> set:
    """Indexes of masked values (index ``len(valeurs)`` is the total) a reader can derive.

    The reader knows: the published values, and sum(values) - total = 0.
    """
    y = [*valeurs, -total]
    signes = [1] * len(valeurs) + [-1]
    intervalles = []
    for i, v in enumerate(y):
        if i in masques:
            intervalles.append(bornes(masques[i], seuil, signes[i]))
        else:
            intervalles.append((v, v))
    trouves = set()
    for i in masques:
        lo_i, hi_i = intervalles[i]
        # y_i = -(sum of the others); sums of bounds may be infinite.
        autres_lo = sum(lo for k, (lo, _) in enumerate(intervalles) if k != i)
        autres_hi = sum(hi for k, (_, hi) in enumerate(intervalles) if k != i)
        bas = max(lo_i, -autres_hi)
        haut = min(hi_i, -autres_lo)
        if bas == haut:
            trouves.add(i)
    return trouves


def masquer_1d(
    valeurs: list[int],
    seuil: int,
    avec_total: bool = True,
    total_masquable: bool = True,
    total_connu: bool = False,
) -> dict[int, str] | None:
    """Masks for a list of counts (index ``len(valeurs)`` = the total), or None when no
    safe publication exists (then the values are withheld).

    ``total_masquable``: False when the same total is published elsewhere (a headline
    figure, another breakdown of the same population): hiding it here would protect
    nothing, so it is never chosen as a secondary cell.
    """
    n = len(valeurs)
    total = sum(valeurs)
    masques = {i: PRIMAIRE for i, v in enumerate(valeurs) if est_primaire(v, seuil)}
    if not avec_total:
        return masques
    if est_primaire(total, seuil) and not total_connu:
        masques[n] = PRIMAIRE
    while deductibles_1d(valeurs, total, masques, seuil):
        candidats = [i for i, v in enumerate(valeurs) if v > 0 and i not in masques]
        if candidats:
            masques[min(candidats, key=lambda i: (valeurs[i], i))] = SECONDAIRE
        elif total_masquable and not total_connu and n not in masques and total > 0:
            masques[n] = SECONDAIRE
        else:
            return None
    return masques


RETENUE = Cellule(None, "retenu", "non publié")


@dataclass
class Colonne1D:
    cellules: list[Cellule]
    total: Cellule | None
    retenue: bool = False  # withheld entirely


def proteger_liste(
    valeurs: list[int],
    seuil: int,
    avec_total: bool = True,
    groupes: list[list[int]] | None = None,
) -> Colonne1D:
    """Protect a column whose total is published (also elsewhere: never masked as a
    secondary cell). ``groupes``: a partition of the rows whose sub-totals are published
    elsewhere (minors = the three youngest age bands): each group is protected on its own,
    its sub-total taken as known. A group with no safe publication is withheld."""
    if not avec_total:
        masques = masquer_1d(valeurs, seuil, avec_total=False)
        return Colonne1D(
            [_cellule(v, masques.get(i, ""), seuil) for i, v in enumerate(valeurs)], None
        )
    cellules: list[Cellule | None] = [None] * len(valeurs)
    retenue = False
    for groupe in groupes or [list(range(len(valeurs)))]:
        sous = [valeurs[i] for i in groupe]
        masques = masquer_1d(sous, seuil, total_masquable=False, total_connu=groupes is not None)
        if masques is None:
            retenue = True
            for i in groupe:
                cellules[i] = RETENUE
            continue
        for k, i in enumerate(groupe):
            cellules[i] = _cellule(valeurs[i], masques.get(k, ""), seuil)
    total = sum(valeurs)
    return Colonne1D(
        cellules, _cellule(total, PRIMAIRE if est_primaire(total, seuil) else "", seuil), retenue
    )


def proteger_nombre(valeur: int, seuil: int | None) -> Cellule:
    """A headline figure published alone (exact when ``seuil`` is None)."""
    if seuil is None:
        return _cellule(valeur, "", 0)
    return _cellule(valeur, PRIMAIRE if est_primaire(valeur, seuil) else "", seuil)


def exacte(valeurs: list[int], avec_total: bool = True) -> Colonne1D:
    """A column read inside the post: every value as it is."""
    return Colonne1D(
        [_cellule(v, "", 0) for v in valeurs],
        _cellule(sum(valeurs), "", 0) if avec_total else None,
    )
