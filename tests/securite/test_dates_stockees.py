"""Every page of every role survives any date a row may hold (issue 12, item 4).

The forms, models and constraints refuse absurd dates; a row may still hold one (written
before those rules, restored from a dump, typed in a SQL shell). Every date column of every
table is set to year 1, then to year 9999, past the database's CHECK constraints (dropped for
the test), and every page of the role × URL matrix is opened by every persona it admits.
"""

import datetime

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse

from tests.matrice import OK
from tests.test_matrice_permissions import APPS, LIGNES

pytestmark = pytest.mark.django_db

# Kept by database triggers from the tables above: they follow them.
DERIVEES = {"rapports.Cumul", "rapports.DelaiSituation", "rapports.SuiteSituation"}
AN_1, AN_9999 = datetime.date(1, 1, 1), datetime.date(9999, 12, 31)
# (date stored, which columns): every date column, or only the ends (the attack: a
# convention signed and started normally, ending on 31/12/9999).
SCENARIOS = {
    "tout-an-1": (AN_1, lambda colonne: True),
    "tout-an-9999": (AN_9999, lambda colonne: True),
    "fins-an-9999": (AN_9999, lambda colonne: "fin" in colonne),
}


def _colonnes_dates():
    for modele in apps.get_models():
        if modele._meta.app_label in APPS and modele._meta.label not in DERIVEES:
            champs = [
                f.attname
                for f in modele._meta.concrete_fields
                if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
            ]
            if champs:
                yield modele, champs


def _sans_contraintes_check():
    with connection.cursor() as curseur:
        curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        curseur.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype = 'c' AND t.relname LIKE ANY (%s)
            """,
            [[f"{app}\\_%" for app in APPS]],
        )
        for table, nom in curseur.fetchall():
            curseur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{nom}"')


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_chaque_page_survit_a_une_date_extreme_stockee(scenario, monde, secrets, client_de):
    jour, colonnes_visees = SCENARIOS[scenario]
    pages = [
        (nom, reverse(nom, kwargs=ligne.kwargs(monde)), ligne)
        for nom, ligne in sorted(LIGNES.items())
        if ligne.methode == "get"
    ]
    _sans_contraintes_check()
    for modele, champs in _colonnes_dates():
        visees = [c for c in champs if colonnes_visees(c)]
        if visees:
            modele._base_manager.update(**dict.fromkeys(visees, jour))
    erreurs = []
    for nom, url, ligne in pages:
        for persona in [p for p, a in ligne.attendus.items() if a == OK and p != "anonyme"]:
            try:
                statut = client_de(persona).get(url).status_code
            except Exception as exc:  # the test client re-raises a view's exception
                statut = f"{type(exc).__name__}: {exc}"
            if not isinstance(statut, int) or statut >= 500:
                erreurs.append(f"{persona} {nom} : {statut}")
    assert erreurs == []
