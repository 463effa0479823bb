"""Every multi-row form (formset) of the project, submitted unchanged as a browser does,
changes nothing: no line lost, none added, none altered.

Issue 12, item 2: the convention edit page lost every funding line when submitted as it
stood. The pages are found through the role × URL matrix and the forms read as a browser
reads them (``tests/navigateur.py``), so a new multi-row form is covered as soon as its URL
has its row.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.matrice import OK
from tests.navigateur import formulaire, formulaires_post
from tests.test_matrice_permissions import APPS, LIGNES

pytestmark = pytest.mark.django_db

# Written by every request or every save, whatever the form: not the form's data.
MODELES_IGNORES = {"intervenants.Journal"}
CHAMPS_IGNORES = {"updated_at", "version"}
# The multi-row forms known today; the test fails if it finds none of them any more.
PAGES_A_LIGNES_CONNUES = {"conventions:creer", "conventions:modifier"}


def _etat_de_la_base() -> dict:
    etat = {}
    for modele in apps.get_models():
        if modele._meta.app_label not in APPS or modele._meta.label in MODELES_IGNORES:
            continue
        champs = [
            f.attname for f in modele._meta.concrete_fields if f.attname not in CHAMPS_IGNORES
        ]
        etat[modele._meta.label] = sorted(map(repr, modele.objects.values_list(*champs)), key=str)
    return etat


def _pages():
    for nom, ligne in sorted(LIGNES.items()):
        # Downloads (PDF, CSV) hold no form, and cost the most to render.
        if ligne.methode != "get" or any(m in nom for m in ("pdf", "export", "grille")):
            continue
        persona = next((p for p, a in ligne.attendus.items() if a == OK and p != "anonyme"), None)
        if persona:
            yield nom, persona


def _a_plusieurs_lignes(page) -> bool:
    if "text/html" not in page.get("Content-Type", ""):
        return False
    return any(
        nom.endswith("-TOTAL_FORMS")
        for form in formulaires_post(page.content.decode())
        for nom, _ in form["controles"]
    )


def test_chaque_formulaire_a_lignes_soumis_inchange_ne_change_rien(monde, client_de):
    trouvees, ecarts = set(), []
    for nom, persona in _pages():
        client = client_de(persona)
        url = reverse(nom, kwargs=LIGNES[nom].kwargs(monde))
        page = client.get(url)
        if not _a_plusieurs_lignes(page):
            continue
        trouvees.add(nom)
        avant = _etat_de_la_base()
        reponse = client.post(url, formulaire(page))
        if reponse.status_code not in (200, 302):
            ecarts.append(f"{nom}: réponse {reponse.status_code}")
        apres = _etat_de_la_base()
        for modele in avant:
            if avant[modele] != apres[modele]:
                ecarts.append(f"{nom} ({persona}) : {modele} modifié")
    assert trouvees >= PAGES_A_LIGNES_CONNUES
    assert ecarts == []
