"""The protection rule and the cells every output is made of.

Inside the post, its social worker reads her figures exactly (``seuil`` None). Outside
it, every count comes from the audited cube of rapports/secret.py: a count from 1 to 10 is
hidden, and so is any other cell that would let a reader narrow it down from everything
he can download; every hidden cell reads the same « masqué ».
"""

from __future__ import annotations

from dataclasses import dataclass

# One rule for every reader outside the post (chief, agent, employer, coordinator, CLSPD,
# national grid), on every output: dashboard, CSV, PDF, grid. The post's own social worker
# reads her figures exactly (``seuil`` None): she already holds the records.
SEUIL_EXTERNE = 11

REGLE_EXTERNE = (
    "Hors du poste, une seule règle sur chaque page et chaque document : tout effectif de 1 "
    "à 10 est masqué, ainsi que d'autres cases choisies pour qu'aucun petit effectif ne se "
    "déduise, même en croisant toutes les sorties (périodes, périmètres, formats) ; toute "
    "case masquée s'écrit « masqué », qu'elle soit petite ou non ; les chiffres se lisent "
    "par trimestre ou par année civile, arrêtés au dernier calcul du secret."
)
REGLE_POSTE = (
    "Chiffres exacts de votre poste, sans masquage : vous seule les lisez ainsi. Hors du "
    "poste (chef de service, employeur, coordination, CLSPD), tout effectif de 1 à 10 est "
    "masqué, avec d'autres cases qui permettraient de le retrouver, par trimestre ou par "
    "année civile seulement."
)


def regle(seuil: int | None) -> str:
    """The one sentence stating the protection, on every page and document with figures."""
    return REGLE_POSTE if seuil is None else REGLE_EXTERNE


@dataclass
class Cellule:
    valeur: int | None  # None when hidden
    masque: str = ""  # "" | "secret"
    texte: str = ""

    def en_dict(self) -> dict:
        return {"valeur": self.valeur, "masque": self.masque, "texte": self.texte}


def nombre(valeur: int) -> str:
    # French thousands separator: narrow no-break space.
    return f"{valeur:,}".replace(",", "\u202f")


def exacte(valeurs: list[int], avec_total: bool = True) -> Colonne:
    """A column read inside the post: every value as it is."""
    return Colonne(
        [Cellule(v, "", nombre(v)) for v in valeurs],
        Cellule(sum(valeurs), "", nombre(sum(valeurs))) if avec_total else None,
    )


@dataclass
class Colonne:
    cellules: list[Cellule]
    total: Cellule | None
