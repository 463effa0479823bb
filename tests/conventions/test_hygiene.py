"""House rules checked on the conventions code: scoped reads only, no inline script."""

from pathlib import Path

from django.conf import settings

RACINE = Path(settings.BASE_DIR)


def test_les_vues_ne_lisent_jamais_une_table_entiere():
    source = (RACINE / "conventions" / "views.py").read_text(encoding="utf-8")
    assert ".objects.all()" not in source
    assert ".objects.filter(" not in source


def test_aucun_script_ni_style_en_ligne_dans_les_pages():
    gabarits = list((RACINE / "templates" / "conventions").rglob("*.html"))
    gabarits.append(RACINE / "templates" / "fragments" / "menu_conventions.html")
    # The PDF template is rendered by WeasyPrint, never served to a browser.
    pages = [g for g in gabarits if g.name != "fiche_pdf.html"]
    fautifs = [
        g.name
        for g in pages
        if any(motif in g.read_text(encoding="utf-8") for motif in ("<script", "style=", "<style"))
    ]
    assert fautifs == []
