"""Every multi-row form (formset) and every edit form of the project, submitted unchanged
as a browser does, changes nothing: no line lost, none added, none altered.

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

# Written by every request or every save, whatever the form: not the form's data (the
# journal; the single-use token of the submission, intervenants/envois.py).
MODELES_IGNORES = {"intervenants.Journal", "intervenants.EnvoiDeFormulaire"}
CHAMPS_IGNORES = {"updated_at", "version"}
# The interview factory marks the person's consent without recording it (tests/accueil/
# factories.py); saving the interview records it, as it would for a real one. Expected.
ECARTS_ATTENDUS = {("accueil:entretien_modifier", "accueil.Adhesion")}
# Pages known today; the test fails if it no longer finds them.
PAGES_CONNUES = {
    "conventions:creer",
    "conventions:modifier",
    "accueil:situation_modifier",
    "accueil:personne_modifier",
    "accueil:entretien_modifier",
    "accueil:releve",
    "rapports:compte_rendu_modifier",
    "rapports:bilan_modifier",
    "intervenants:profil_modifier",
    "intervenants:equipe_profil_modifier",
}


def _valeurs(ligne) -> str:
    return repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in ligne))


def _etat_de_la_base() -> dict:
    etat = {}
    for modele in apps.get_models():
        if modele._meta.app_label not in APPS or modele._meta.label in MODELES_IGNORES:
            continue
        champs = [
            f.attname for f in modele._meta.concrete_fields if f.attname not in CHAMPS_IGNORES
        ]
        etat[modele._meta.label] = sorted(map(_valeurs, modele.objects.values_list(*champs)))
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
    return any(
        nom.endswith("-TOTAL_FORMS")
        for form in formulaires_post(page.content.decode())
        for nom, _ in form["controles"]
    )


def _a_verifier(nom, page) -> bool:
    """Multi-row forms, and every edit form: sent back unchanged, they change nothing."""
    if "text/html" not in page.get("Content-Type", ""):
        return False
    return _a_plusieurs_lignes(page) or nom.endswith("_modifier")


def test_chaque_formulaire_de_modification_soumis_inchange_ne_change_rien(monde, client_de):
    trouvees, ecarts = set(), []
    for nom, persona in _pages():
        client = client_de(persona)
        url = reverse(nom, kwargs=LIGNES[nom].kwargs(monde))
        page = client.get(url)
        if not _a_verifier(nom, page):
            continue
        trouvees.add(nom)
        avant = _etat_de_la_base()
        reponse = client.post(url, formulaire(page))
        if reponse.status_code not in (200, 302):
            ecarts.append(f"{nom}: réponse {reponse.status_code}")
        apres = _etat_de_la_base()
        for modele in avant:
            if avant[modele] != apres[modele] and (nom, modele) not in ECARTS_ATTENDUS:
                ecarts.append(
                    f"{nom} ({persona}) : {modele} modifié : "
                    f"{sorted(set(avant[modele]) ^ set(apres[modele]))}"
                )
    assert trouvees >= PAGES_CONNUES
    assert ecarts == [], "\n".join(ecarts)
