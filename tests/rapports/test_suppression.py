"""Small-cell suppression: what is published never gives back a masked value.

The property tests use their own attacker, independent of the module's audit: it
enumerates every table agreeing with what is published (values, totals, and the bounds
a reader knows: « < s » is 1..s-1, « masqué » is at least s) and checks that each masked
cell takes at least two values among them.
"""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from rapports.suppression import (
    PRIMAIRE,
    SECONDAIRE,
    proteger_liste,
    proteger_nombre,
)


def _domaine(cellule, seuil, plafond):
    if cellule.masque == PRIMAIRE:
        return range(1, seuil)
    if cellule.masque == SECONDAIRE:
        return range(seuil, plafond + 1)
    return [cellule.valeur]


def _valeurs_possibles_1d(colonne, seuil, plafond):
    """For each masked position (the total last), the set of values it can take."""
    cellules = [*colonne.cellules, colonne.total]
    masquees = [i for i, c in enumerate(cellules) if c.masque]
    possibles = {i: set() for i in masquees}
    domaines = [_domaine(c, seuil, plafond) for c in colonne.cellules]
    domaine_total = set(_domaine(colonne.total, seuil, plafond * len(cellules)))
    for combinaison in itertools.product(*domaines):
        if sum(combinaison) in domaine_total:
            for i in masquees:
                possibles[i].add(combinaison[i] if i < len(combinaison) else sum(combinaison))
    return possibles


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(
    valeurs=st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5),
    seuil=st.sampled_from([5, 11]),
)
def test_liste_aucune_valeur_masquee_ne_se_deduit(valeurs, seuil):
    colonne = proteger_liste(valeurs, seuil)
    if colonne.retenue:
        return
    plafond = max(valeurs) + 1
    for i, possibles in _valeurs_possibles_1d(colonne, seuil, plafond).items():
        assert len(possibles) >= 2, (valeurs, i, possibles)


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(
    valeurs=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=12),
    seuil=st.sampled_from([5, 11]),
)
def test_liste_petites_valeurs_masquees_autres_publiees_exactes(valeurs, seuil):
    colonne = proteger_liste(valeurs, seuil)
    for v, cellule in zip(valeurs, colonne.cellules, strict=True):
        if 0 < v < seuil:
            assert cellule.masque
            assert colonne.retenue or cellule.texte == f"< {seuil}"
        elif not cellule.masque:
            assert cellule.valeur == v
        if v == 0 and not colonne.retenue:
            assert cellule.texte == "0"


def test_une_seule_petite_cellule_entraine_un_masquage_secondaire():
    colonne = proteger_liste([3, 20, 40], 5)
    assert [c.texte for c in colonne.cellules] == ["< 5", "masqué", "40"]
    assert colonne.total.texte == "63"


def test_deux_cellules_a_un_se_protegent_par_un_masquage_secondaire():
    # 1 + 1 = 2 would give both back from the total.
    colonne = proteger_liste([1, 1, 30], 5)
    assert [c.masque for c in colonne.cellules] == [PRIMAIRE, PRIMAIRE, SECONDAIRE]


def test_seuil_externe_lit_moins_de_onze():
    colonne = proteger_liste([7, 12, 13], 11)
    assert colonne.cellules[0].texte == "< 11"


def test_zero_est_publie():
    assert proteger_liste([0, 25], 5).cellules[0].texte == "0"


def test_nombre_isole_masque_sous_le_seuil():
    assert proteger_nombre(3, 5).texte == "< 5"
    assert proteger_nombre(1234, 5).texte == "1\u202f234"


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(
    valeurs=st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=6),
    coupure=st.integers(min_value=1, max_value=5),
    seuil=st.sampled_from([5, 11]),
)
def test_groupes_aucune_valeur_masquee_ne_se_deduit_des_sous_totaux(valeurs, coupure, seuil):
    # Sub-totals of each group are known (another table publishes them).
    coupure = min(coupure, len(valeurs) - 1)
    groupes = [list(range(coupure)), list(range(coupure, len(valeurs)))]
    colonne = proteger_liste(valeurs, seuil, groupes=groupes)
    plafond = max(valeurs) + 1
    for groupe in groupes:
        cellules = [colonne.cellules[i] for i in groupe]
        if any(c.masque == "retenu" for c in cellules):
            assert all(c.masque == "retenu" for c in cellules)
            continue
        somme = sum(valeurs[i] for i in groupe)
        masquees = [k for k, c in enumerate(cellules) if c.masque]
        possibles = {k: set() for k in masquees}
        for combinaison in itertools.product(*(_domaine(c, seuil, plafond) for c in cellules)):
            if sum(combinaison) == somme:
                for k in masquees:
                    possibles[k].add(combinaison[k])
        for k, valeurs_possibles in possibles.items():
            assert len(valeurs_possibles) >= 2, (valeurs, groupe, k)


def test_total_publie_ailleurs_n_est_jamais_masque_en_secondaire():
    # 4 + 4 + 4 = 12: the headline gives 12, so the table cannot hide behind its total.
    colonne = proteger_liste([4, 4, 4], 5)
    assert colonne.retenue
    assert {c.texte for c in colonne.cellules} == {"non publié"}
    assert colonne.total.texte == "12"
