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
    proteger_croise,
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


def _possibles_2d(croise, seuil, plafond):
    """Every masked quantity (cells, margins, total) mapped to the values it can take."""
    nl, nc = len(croise.cellules), len(croise.cellules[0])
    domaines = [[_domaine(c, seuil, plafond) for c in ligne] for ligne in croise.cellules]
    possibles = {}
    libres = [(i, j) for i in range(nl) for j in range(nc) if croise.cellules[i][j].masque]

    def accepte(cellule, valeur, plafond_local):
        return valeur in set(_domaine(cellule, seuil, plafond_local))

    for combinaison in itertools.product(*(domaines[i][j] for i, j in libres)):
        grille = [[c.valeur for c in ligne] for ligne in croise.cellules]
        for (i, j), v in zip(libres, combinaison, strict=True):
            grille[i][j] = v
        lignes = [sum(ligne) for ligne in grille]
        colonnes = [sum(grille[i][j] for i in range(nl)) for j in range(nc)]
        total = sum(lignes)
        grand = plafond * nl * nc
        if not all(accepte(c, v, grand) for c, v in zip(croise.totaux_lignes, lignes, strict=True)):
            continue
        if not all(
            accepte(c, v, grand) for c, v in zip(croise.totaux_colonnes, colonnes, strict=True)
        ):
            continue
        if not accepte(croise.total, total, grand):
            continue
        for (i, j), v in zip(libres, combinaison, strict=True):
            possibles.setdefault(("cellule", i, j), set()).add(v)
        for i, v in enumerate(lignes):
            if croise.totaux_lignes[i].masque:
                possibles.setdefault(("ligne", i), set()).add(v)
        for j, v in enumerate(colonnes):
            if croise.totaux_colonnes[j].masque:
                possibles.setdefault(("colonne", j), set()).add(v)
        if croise.total.masque:
            possibles.setdefault(("total",), set()).add(total)
    return possibles


tableaux_croises = st.integers(min_value=1, max_value=3).flatmap(
    lambda nl: st.integers(min_value=1, max_value=3).flatmap(
        lambda nc: st.lists(
            st.lists(st.integers(min_value=0, max_value=7), min_size=nc, max_size=nc),
            min_size=nl,
            max_size=nl,
        )
    )
)


@settings(max_examples=80, deadline=None, database=None, derandomize=True)
@given(valeurs=tableaux_croises, seuil=st.sampled_from([3, 5]))
def test_croise_aucune_valeur_masquee_ne_se_deduit_des_marges(valeurs, seuil):
    croise = proteger_croise(valeurs, seuil)
    if croise.retenu:
        return
    plafond = max(max(ligne) for ligne in valeurs) + 1
    possibles = _possibles_2d(croise, seuil, plafond)
    masquees = sum(c.masque != "" for ligne in croise.cellules for c in ligne)
    assert sum(1 for k in possibles if k[0] == "cellule") == masquees
    for cle, valeurs_possibles in possibles.items():
        assert len(valeurs_possibles) >= 2, (valeurs, cle, valeurs_possibles)


@settings(max_examples=80, deadline=None, database=None, derandomize=True)
@given(valeurs=tableaux_croises, seuil=st.sampled_from([3, 5, 11]))
def test_croise_petites_cellules_et_marges_toujours_masquees(valeurs, seuil):
    croise = proteger_croise(valeurs, seuil)
    for ligne, cellules in zip(valeurs, croise.cellules, strict=True):
        for v, c in zip(ligne, cellules, strict=True):
            assert (0 < v < seuil) <= bool(c.masque)
            assert c.masque or c.valeur == v
    for ligne, c in zip(valeurs, croise.totaux_lignes, strict=True):
        assert (0 < sum(ligne) < seuil) <= bool(c.masque)


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
