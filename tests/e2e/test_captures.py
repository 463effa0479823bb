"""Screenshots of the main screens on the demo data, for the README and the user guide.

Run by ``make captures`` (CAPTURES=1); skipped in the ordinary test run.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from accueil.models import Situation

DOSSIER = Path(__file__).resolve().parents[2] / "docs" / "captures"

pytestmark = pytest.mark.skipif(
    not os.environ.get("CAPTURES"), reason="captures d'écran : lancer « make captures »"
)

ECRANS = {
    "intervenante": [
        ("intervenante-accueil", "/"),
        ("intervenante-situations", "/accueil/dossiers/"),
        ("intervenante-dossier", "{dossier}"),
        ("intervenante-saisines-a-qualifier", "/accueil/saisines/a-qualifier/"),
        ("intervenante-agenda", "/accueil/agenda/"),
        ("intervenante-recherche", "/accueil/recherche/?q={nom}"),
        ("intervenante-contact-anonyme", "/accueil/contacts-anonymes/nouveau/"),
        ("intervenante-releve", "/accueil/saisines/releve/"),
    ],
    "agent": [
        ("agent-orienter", "/accueil/orienter/"),
        ("agent-mes-saisines", "/accueil/mes-saisines/"),
    ],
    "chef": [
        ("chef-accueil", "/"),
        ("chef-tableau-de-bord", "/rapports/statistiques/"),
        ("chef-saisines-unite", "/accueil/saisines-de-l-unite/"),
    ],
    "employeur": [
        ("employeur-accueil", "/"),
        ("employeur-conventions", "/conventions/"),
        ("employeur-financements", "/conventions/financements/"),
    ],
    "coordinateur": [
        ("coordinateur-accueil", "/"),
        ("coordinateur-rapports", "/rapports/"),
    ],
    "clspd": [("clspd-rapports", "/rapports/")],
    "admin": [("admin-accueil", "/")],
}


def test_captures_des_ecrans_principaux(navigateur, live_server, transactional_db, settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    settings.DEBUG = False
    dossier = Situation.objects.filter(
        poste__intitule__startswith="ISCG Estuaire", transmissions__isnull=False
    ).first()
    DOSSIER.mkdir(parents=True, exist_ok=True)
    for compte, ecrans in ECRANS.items():
        contexte = navigateur.new_context(
            locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 860}
        )
        page = contexte.new_page()
        page.goto(live_server.url + "/connexion/")
        page.get_by_label("Identifiant").fill(compte)
        page.get_by_label("Mot de passe").fill("demo")
        with settings_debug(settings):
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url(live_server.url + "/")
        for nom, chemin in ecrans:
            page.goto(
                live_server.url
                + chemin.format(
                    dossier=f"/accueil/situations/{dossier.pk}/", nom=dossier.personne.nom
                )
            )
            page.screenshot(path=str(DOSSIER / f"{nom}.png"), full_page=False)
            assert page.title().endswith("Trait d'union")
        contexte.close()


class settings_debug:
    """The demo password is accepted only while DEBUG is on."""

    def __init__(self, settings):
        self.settings = settings

    def __enter__(self):
        self.settings.DEBUG = True

    def __exit__(self, *exc):
        self.settings.DEBUG = False
