"""The chief's assessment and the CDP reader, in a real browser (issue 19, point 3)."""

import subprocess

from playwright.sync_api import expect

from rapports.models import BilanAnnuel, EtatRapport
from tests.accueil.factories import EntretienFactory, SaisineFactory


def _texte_pdf(chemin) -> str:
    texte = subprocess.run(
        ["pdftotext", str(chemin), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(texte.split())


def test_le_chef_evalue_le_coordinateur_transmet_au_cdp_qui_telecharge(parcours, monde, tmp_path):
    saisine = SaisineFactory(
        situation__personne__poste=monde.poste,
        situation__personne__nom="Nominatif",
        situation__date_ouverture="2026-07-10",
        site=monde.commissariat,
    )
    EntretienFactory(situation=saisine.situation, auteur=monde["intervenante"])
    page = parcours.page

    # The coordinator writes the site's report and presents it to the CDP as well.
    parcours.connecter("coordinateur")
    parcours.cliquer("link", name="Rapports")
    parcours.cliquer("link", name="Nouveau bilan annuel")
    page.get_by_label("Périmètre du bilan").select_option(
        label="Site : Commissariat de Saint-Nazaire"
    )
    page.get_by_label("Année").select_option("2026")
    parcours.cliquer("button", name="Créer le brouillon")
    page.locator("textarea").first.fill("Une année de partenariats nouveaux.")
    page.get_by_label("Présenté au conseil départemental de prévention (CDP)").check()
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("n'a pas encore écrit ses éléments d'évaluation")).to_be_visible()
    bilan = BilanAnnuel.objects.get(site=monde.commissariat, annee=2026)
    assert (bilan.pour_clspd, bilan.pour_cdp) == (True, True)

    # The chief adds its assessment; a followed person's name is refused beside the field.
    page.context.clear_cookies()
    parcours.connecter("chef")
    parcours.aller(bilan.urls["detail"])
    parcours.cliquer("link", name="Écrire les éléments d'évaluation")
    champ = page.get_by_label("Éléments d'évaluation de l'autorité fonctionnelle")
    champ.fill("Madame Nominatif a été bien orientée.")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("données nominatives").first).to_be_visible()
    expect(champ).to_have_value("Madame Nominatif a été bien orientée.")
    champ.fill("Une intervenante devenue le relais des équipes de nuit.")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Éléments d'évaluation enregistrés.")).to_be_visible()

    # The coordinator validates and transmits; the CDP downloads the PDF.
    page.context.clear_cookies()
    parcours.connecter("coordinateur")
    parcours.aller(bilan.urls["detail"])
    parcours.cliquer("button", name="Valider (fige les chiffres et les textes)")
    parcours.cliquer("button", name="Transmettre")
    bilan.refresh_from_db()
    assert bilan.etat == EtatRapport.TRANSMIS

    page.context.clear_cookies()
    parcours.connecter("cdp")
    expect(
        page.get_by_text("Conseil départemental de prévention de la délinquance")
    ).to_be_visible()
    parcours.cliquer("link", name="Rapports")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger").first.click()
    chemin = tmp_path / "bilan.pdf"
    telechargement.value.save_as(chemin)
    texte = _texte_pdf(chemin)
    assert "relais des équipes de nuit" in texte
    assert "conseil départemental de prévention" in texte
    assert "Nominatif" not in texte
