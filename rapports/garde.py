"""Guard against nominative data in a report's free text.

Before validation, each qualitative section is searched for the names, first names and
phone numbers of the people known to the posts of the report's scope. A hit blocks the
validation and quotes the passage; it never says which record matched.

This reads identities of posts the author may not open (a chief, a coordinator): the
identities never leave this module, only the author's own text is quoted back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import QuerySet

from accueil.selectors import identites_a_proteger
from intervenants.models import Poste

LONGUEUR_MINIMALE = 3
CONTEXTE = 30
RE_TELEPHONE = re.compile(r"(?:\+|00)?\d(?:[\s.\-/]?\d){7,13}")


def normaliser(texte: str) -> str:
    """Lower case without accents, one character per character (positions are kept)."""
    sortie = []
    for caractere in texte:
        decompose = unicodedata.normalize("NFD", caractere)
        base = "".join(c for c in decompose if not unicodedata.combining(c)) or caractere
        sortie.append(base[0].lower() if len(base[0].lower()) == 1 else caractere)
    return "".join(sortie)


def chiffres_telephone(texte: str) -> str:
    """The last nine digits: 06 12 34 56 78, 0612345678 and +33 6 12 34 56 78 agree."""
    chiffres = re.sub(r"\D", "", texte)
    return chiffres[-9:] if len(chiffres) >= 9 else ""


@dataclass(frozen=True)
class Occurrence:
    section: str
    extrait: str
    nature: str  # "nom" | "téléphone"


def _extrait(texte: str, debut: int, fin: int) -> str:
    a, b = max(0, debut - CONTEXTE), min(len(texte), fin + CONTEXTE)
    avant = ("…" if a else "") + texte[a:debut]
    apres = texte[fin:b] + ("…" if b < len(texte) else "")
    return f"{avant}« {texte[debut:fin]} »{apres}"


def _motif_noms(noms: list[tuple[str, str]]) -> re.Pattern | None:
    mots = set()
    for nom, prenom in noms:
        for valeur in (nom, prenom):
            valeur = normaliser(valeur.strip())
            if len(valeur) >= LONGUEUR_MINIMALE:
                mots.add(valeur)
    if not mots:
        return None
    alternatives = "|".join(re.escape(m) for m in sorted(mots, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


def _telephones(telephones: list[str]) -> set[str]:
    return {chiffres for t in telephones if (chiffres := chiffres_telephone(t))}


def verifier_textes(textes: list[tuple[str, str]], postes: QuerySet[Poste]) -> list[Occurrence]:
    """``textes``: (section label, text). Returns every suspicious passage, in order."""
    if not any(t for _, t in textes):
        return []
    noms, numeros = identites_a_proteger(postes)
    motif = _motif_noms(noms)
    telephones = _telephones(numeros)
    occurrences = []
    for section, texte in textes:
        if not texte:
            continue
        if motif is not None:
            for trouve in motif.finditer(normaliser(texte)):
                occurrences.append(
                    Occurrence(section, _extrait(texte, trouve.start(), trouve.end()), "nom")
                )
        for trouve in RE_TELEPHONE.finditer(texte):
            if chiffres_telephone(trouve.group()) in telephones:
                occurrences.append(
                    Occurrence(section, _extrait(texte, trouve.start(), trouve.end()), "téléphone")
                )
    return occurrences
