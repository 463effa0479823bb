"""Every date field of every form has a plausible range (issue 12, item 4).

A convention ending on 31/12/9999 was accepted, then broke the pages of every reader. Each
date field now refuses a date outside its range (``intervenants/dates.py``) with a French
message beside the field, the input kept; a new date field without a range fails here.
"""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse

from intervenants.dates import plage_de
from tests.matrice import OK
from tests.navigateur import champs_de_type, formulaire, formulaires_post
from tests.test_matrice_permissions import APPS, LIGNES

HORS_PLAGE = "Saisissez une date entre le"
EXTREMES = ["0001-01-01", "9999-12-31"]


def _classes_de_formulaires():
    # Every app with forms (the home page, espace, has none).
    racine = Path(__file__).resolve().parents[2]
    for app in (a for a in APPS if (racine / a / "forms.py").exists()):
        module = importlib.import_module(f"{app}.forms")
        for _, classe in inspect.getmembers(module, inspect.isclass):
            if issubclass(classe, forms.BaseForm) and classe.__module__ == module.__name__:
                yield classe


def test_chaque_champ_date_de_chaque_formulaire_a_sa_plage():
    champs = {
        f"{classe.__module__}.{classe.__name__}.{nom}": champ
        for classe in _classes_de_formulaires()
        for nom, champ in classe.base_fields.items()
        if isinstance(champ, forms.DateField)
    }
    assert len(champs) > 20  # the forms were found
    assert [nom for nom, champ in champs.items() if plage_de(champ) is None] == []


def _pages():
    for nom, ligne in sorted(LIGNES.items()):
        if ligne.methode != "get" or any(m in nom for m in ("pdf", "export", "grille")):
            continue
        persona = next((p for p, a in ligne.attendus.items() if a == OK and p != "anonyme"), None)
        if persona:
            yield nom, persona


@pytest.mark.django_db
def test_chaque_date_extreme_est_refusee_a_cote_du_champ(monde, client_de):
    """Every page's form, every date input at year 1 then year 9999: a 200 with the message,
    never a 500 nor a save."""
    essais, ecarts = 0, []
    for nom, persona in _pages():
        client = client_de(persona)
        url = reverse(nom, kwargs=LIGNES[nom].kwargs(monde))
        page = client.get(url)
        if "text/html" not in page.get("Content-Type", ""):
            continue
        propres = [
            f for f in formulaires_post(page.content.decode()) if not f["attrs"].get("action")
        ]
        if len(propres) != 1 or not champs_de_type(page, "date"):
            continue
        for extreme in EXTREMES:
            donnees = formulaire(page) | {c: [extreme] for c in champs_de_type(page, "date")}
            reponse = client.post(url, donnees)
            essais += 1
            contenu = reponse.content.decode() if reponse.status_code == 200 else ""
            if HORS_PLAGE not in contenu or f'value="{extreme}"' not in contenu:
                ecarts.append(f"{nom} {extreme} : {reponse.status_code}")
    assert essais >= 20
    assert ecarts == []
