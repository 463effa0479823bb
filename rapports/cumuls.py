"""Monthly running totals kept by the database.

Triggers on the accueil tables keep, per post and month, the count of every code of every
dimension the statistics read (rapports_cumul), plus memories for the counts that are not
sums of months or that other records change: the months in which each person was met in a
year (rapports_contactsannuels) and in which each situation had an interview, the file
active (rapports_contactssituation), each situation's delay to a first contact
(rapports_delaisituation) and the follow-up given to it (rapports_suitesituation).
Statistics over whole months read these few thousand rows instead of the millions of raw
records (:func:`lire`), and over whole years their sums kept per post and year
(rapports_cumulannuel).

Only counts of the non-nominative residue are kept: the same codes the statistics
already read, never a name or a note. :func:`reconstruire` recomputes everything from the
raw tables; :func:`ecarts` compares the running totals with a fresh recomputation
(``manage.py verifier_cumuls``, run each night).

The SQL functions and triggers named here live in ``rapports/sql/``, one file per function
(the per-post lock they take: ``accueil/sql/``); tests/rapports/test_cumuls_sql.py checks
that the database holds exactly these definitions.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import QuerySet

from rapports.models import PAR_MOIS

DECLENCHEURS = {
    "accueil_situation": "cumul_situation",
    "accueil_saisine": "cumul_saisine",
    "accueil_entretien": "cumul_entretien",
    "accueil_acte": "cumul_acte",
    "accueil_orientation": "cumul_orientation",
    "accueil_transmission": "cumul_transmission",
    "intervenants_site": "cumul_site",
    "accueil_requisition": "cumul_requisition",
}

# The populations counted once per period (distinct people met, distinct situations seen:
# the file active): each has a dimension per kind of period, ``<population>_<kind>``.
PERSONNES = "personnes"
FILE_ACTIVE = "file_active"
GRAINS = ("mois", "trimestre", "annee")


def reconstruire() -> None:
    """Recompute every running total from the raw tables (a few set-based statements)."""
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("SELECT cumul_reconstruire()")
        # The planner's estimates of the new rows (a scope's months: index-only scan).
        curseur.execute("ANALYZE rapports_cumul, rapports_cumulannuel")


@contextmanager
def suspendus():
    """Bulk loading: triggers off while rows are copied in, one recomputation at the end.

    For a dedicated database only (``generer_volume``): ALTER TABLE locks the tables."""
    _basculer("DISABLE")
    try:
        yield
    finally:
        _basculer("ENABLE")
        reconstruire()  # even after a failure: the batches already written count


def _basculer(action: str) -> None:
    with connection.cursor() as curseur:
        if connection.in_atomic_block:
            # ALTER TABLE refuses a table with pending deferred checks (Django's foreign
            # keys): run them now.
            curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, nom in DECLENCHEURS.items():
            curseur.execute(f"ALTER TABLE {table} {action} TRIGGER {nom}")
        if connection.in_atomic_block:
            curseur.execute("SET CONSTRAINTS ALL DEFERRED")


# Each table the triggers keep: the kept rows, the same rows computed afresh from the raw
# tables (read-only functions cumul_calcul*, rapports/sql/), and how many columns form
# the key.
COMPARAISONS = {
    "rapports_cumul": (
        "SELECT poste_id, mois, dimension, code, n FROM rapports_cumul WHERE n <> 0",
        "SELECT poste_id, mois, dimension, code, n FROM cumul_calcul()",
        4,
    ),
    # The yearly totals against their months (themselves checked against the raw tables
    # just above, in the same snapshot).
    "rapports_cumulannuel": (
        "SELECT poste_id, annee, dimension, code, n FROM rapports_cumulannuel WHERE n <> 0",
        "SELECT poste_id, extract(year FROM mois)::smallint, dimension, code, sum(n)::integer "
        "FROM rapports_cumul GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0",
        4,
    ),
    "rapports_contactsannuels": (
        "SELECT poste_id, personne_id, annee, masque FROM rapports_contactsannuels",
        "SELECT poste_id, personne_id, annee, masque FROM cumul_calcul_contacts()",
        3,
    ),
    "rapports_contactssituation": (
        "SELECT situation_id, annee, poste_id, masque FROM rapports_contactssituation",
        "SELECT situation_id, annee, poste_id, masque FROM cumul_calcul_file_active()",
        2,
    ),
    "rapports_delaisituation": (
        "SELECT situation_id, poste_id, mois, delai FROM rapports_delaisituation",
        "SELECT situation_id, poste_id, mois, delai FROM cumul_calcul_delais()",
        1,
    ),
    "rapports_suitesituation": (
        "SELECT situation_id, poste_id, mois, suite, saisines FROM rapports_suitesituation",
        "SELECT situation_id, poste_id, mois, suite, saisines FROM cumul_calcul_suites()",
        1,
    ),
}


def ecarts(limite: int = 20) -> list[tuple]:
    """Rows where the running totals differ from a fresh computation from the raw tables.

    Read only, without locks: kept and fresh rows are read in one REPEATABLE READ snapshot,
    so writes committing meanwhile are either in both or in neither. Returns up to
    ``limite`` (table, "tenu" | "recalculé", key, values) tuples: a row kept that the
    computation does not give, or the other way round."""
    if connection.in_atomic_block:  # already in a transaction (tests): its snapshot
        with connection.cursor() as curseur:
            return _comparer(curseur, limite)
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _comparer(curseur, limite)


def _comparer(curseur, limite: int) -> list[tuple]:
    resultat: list[tuple] = []
    for table, (tenu, frais, cle) in COMPARAISONS.items():
        # The queries are the constants above.
        requete = f"""
            WITH frais AS ({frais}), tenu AS ({tenu})
            (SELECT 'tenu', * FROM (SELECT * FROM tenu EXCEPT SELECT * FROM frais) a)
            UNION ALL
            (SELECT 'recalculé', * FROM (SELECT * FROM frais EXCEPT SELECT * FROM tenu) b)
            LIMIT %s
            """  # noqa: S608
        curseur.execute(requete, [limite])
        for cote, *ligne in curseur.fetchall():
            resultat.append((table, cote, tuple(ligne[:cle]), tuple(ligne[cle:])))
    return resultat[:limite]


# --- Reading -------------------------------------------------------------------------------


def periode_entiere(periode) -> bool:
    """Whether the period is made of whole months (what the running totals can answer)."""
    lendemain = periode.fin + datetime.timedelta(days=1)
    return periode.debut.day == 1 and lendemain.day == 1


def grain(periode, population: str = PERSONNES) -> str | None:
    """The dimension counting each person (or situation, for the file active) once over
    this period, if there is one: a month, a quarter or a year."""
    if periode.nature in GRAINS:
        return f"{population}_{periode.nature}"
    debut, fin = periode.debut, periode.fin
    if debut.day != 1 or not periode_entiere(periode):
        return None
    if (fin.year, fin.month) == (debut.year, debut.month):
        return f"{population}_mois"
    if debut.month % 3 == 1 and (fin.year, fin.month) == (debut.year, debut.month + 2):
        return f"{population}_trimestre"
    if annee_entiere(periode) is not None:
        return f"{population}_annee"
    return None


def annee_entiere(periode) -> int | None:
    """The year, if the period is exactly one calendar year (read from the yearly totals)."""
    debut, fin = periode.debut, periode.fin
    if (debut.month, debut.day, fin.month, fin.day) == (1, 1, 12, 31) and debut.year == fin.year:
        return debut.year
    return None


def lire(postes: QuerySet, periodes: list) -> list[dict[str, dict]]:
    """For each period, ``{dimension: {code: n}}``, plus
    ``{"<dimension>@mois": {(code, (year, month)): n}}`` for the dimensions of
    :data:`PAR_MOIS`.

    Two queries at most, whatever the number of periods: the whole calendar years from the
    yearly totals (rapports_cumulannuel), all but :data:`PAR_MOIS`; everything else from the
    monthly ones. Every period must be made of whole months (:func:`periode_entiere`)."""
    resultats: list[dict] = [{} for _ in periodes]
    annees = {i: a for i, p in enumerate(periodes) if (a := annee_entiere(p)) is not None}
    try:
        _lire_mois(postes, periodes, annees, resultats)
        if annees:
            _lire_annees(postes, annees, resultats)
    except EmptyResultSet:  # no post at all (``.none()``, an empty list): nothing counted
        return [{} for _ in periodes]
    return resultats


# The two readings are written in SQL: the ORM took longer to build them (filtered sums,
# a CASE, the posts' subquery) than PostgreSQL to answer for a site or a post, and they are
# on every dashboard. Only codes and numbers are read; the posts come as the caller's
# queryset (its SQL, with its parameters). tests/rapports/test_cumuls.py compares their
# figures with the raw tables over any sequence of writes.
_PAR_MOIS_SQL = ", ".join(f"'{d}'" for d in PAR_MOIS)  # constants of the code


def _postes_sql(postes: QuerySet) -> tuple[str, tuple]:
    """The SQL of the posts' ids; ``EmptyResultSet`` for a queryset known to be empty."""
    sql, parametres = postes.order_by().values("pk").query.sql_with_params()
    return sql, tuple(parametres)


def _lire_mois(postes: QuerySet, periodes: list, annees: dict, resultats: list[dict]) -> None:
    """The monthly totals: the whole periods that are not calendar years, and for those
    that are, the dimensions shown month by month (a small partial index holds them)."""
    conditions, valeurs = [], []
    for i, p in enumerate(periodes):
        seules = f" AND dimension IN ({_PAR_MOIS_SQL})" if i in annees else ""
        conditions.append(f"(mois BETWEEN %s AND %s{seules})")
        valeurs.append((p.debut, p.fin))
    sommes = ", ".join(f"SUM(n) FILTER (WHERE {c})" for c in conditions)
    sql_postes, parametres_postes = _postes_sql(postes)
    # The range around all the periods too: PostgreSQL reads it in the index (post, month),
    # where the periods' OR alone was a filter over every month of every post.
    requete = f"""
        SELECT dimension, code,
               CASE WHEN dimension IN ({_PAR_MOIS_SQL}) THEN mois END AS m, {sommes}
          FROM rapports_cumul
         WHERE poste_id IN ({sql_postes}) AND mois BETWEEN %s AND %s
           AND ({" OR ".join(conditions)})
         GROUP BY 1, 2, 3"""  # noqa: S608 -- built from constants; values as parameters
    parametres = (
        *(v for paire in valeurs for v in paire),
        *parametres_postes,
        min(p.debut for p in periodes),
        max(p.fin for p in periodes),
        *(v for paire in valeurs for v in paire),
    )
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)
        lignes = curseur.fetchall()
    for dimension, code, mois, *valeurs_lues in lignes:
        for resultat, n in zip(resultats, valeurs_lues, strict=True):
            if not n:
                continue
            par_code = resultat.setdefault(dimension, {})
            par_code[code] = par_code.get(code, 0) + n
            if mois is not None:
                resultat.setdefault(f"{dimension}@mois", {})[(code, (mois.year, mois.month))] = n


def _lire_annees(postes: QuerySet, annees: dict[int, int], resultats: list[dict]) -> None:
    """The yearly totals of the periods that are calendar years (``{rank: year}``), all
    dimensions but :data:`PAR_MOIS` (read from the months)."""
    sommes = ", ".join("SUM(n) FILTER (WHERE annee = %s)" for _ in annees)
    sql_postes, parametres_postes = _postes_sql(postes)
    requete = f"""
        SELECT dimension, code, {sommes}
          FROM rapports_cumulannuel
         WHERE poste_id IN ({sql_postes}) AND annee = ANY(%s)
           AND dimension NOT IN ({_PAR_MOIS_SQL})
         GROUP BY 1, 2"""  # noqa: S608 -- built from constants; values as parameters
    parametres = (*annees.values(), *parametres_postes, sorted(set(annees.values())))
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)
        lignes = curseur.fetchall()
    for dimension, code, *valeurs in lignes:
        for i, n in zip(annees, valeurs, strict=True):
            if n:
                par_code = resultats[i].setdefault(dimension, {})
                par_code[code] = par_code.get(code, 0) + n


def mediane(histogramme: dict[str, int]) -> float | None:
    """The median of values given as {value: count}, as PERCENTILE_CONT(0.5) computes it."""
    valeurs = sorted((int(v), n) for v, n in histogramme.items() if n > 0)
    total = sum(n for _, n in valeurs)
    if not total:
        return None
    rangs = {(total - 1) // 2, total // 2}  # the one or two middle ranks, from 0
    trouves = []
    vus = 0
    for valeur, n in valeurs:
        for rang in sorted(rangs):
            if vus <= rang < vus + n:
                trouves.append(valeur)
        vus += n
    return sum(trouves) / len(trouves)
