"""The chief, the coordinator and the CLSPD reader, in a real browser."""

import subprocess

from playwright.sync_api import expect

from rapports import services as rapports_services
from rapports.models import BilanAnnuel, EtatRapport
from tests.accueil.factories import EntretienFactory, SaisineFactory


def _texte_pdf(chemin) -> str:
    return subprocess.run(
        ["pdftotext", str(chemin), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _activite(monde):
    for i in range(3):
        saisine = SaisineFactory(
            situation__personne__poste=monde.poste,
            situation__personne__nom=f"Nominatif{i}",
            situation__date_ouverture=f"2026-0{7 + i}-10",
            site=monde.commissariat,
        )
        EntretienFactory(situation=saisine.situation, auteur=monde["intervenante"])


def test_le_chef_ouvre_son_tableau_de_bord_et_telecharge_le_compte_rendu(parcours, monde, tmp_path):
    _activite(monde)
    compte_rendu = rapports_services.creer_compte_rendu(
        auteur=monde["intervenante"], poste=monde.poste, annee=2026, trimestre=3
    )
    rapports_services.modifier_textes(
        auteur=monde["intervenante"],
        rapport=compte_rendu,
        version=compte_rendu.version,
        textes={"texte_saisines": "Les saisines viennent surtout des mains courantes."},
    )
    rapports_services.valider_rapport(auteur=monde["intervenante"], rapport=compte_rendu)
    rapports_services.transmettre_rapport(auteur=monde["intervenante"], rapport=compte_rendu)
    page = parcours.page

    parcours.connecter("chef")
    parcours.cliquer("link", name="Statistiques")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Tableau de bord — Site : Commissariat de Saint-Nazaire"
    )
    # Key figures first; each theme a figure, its table behind « Tableau des valeurs ».
    expect(page.locator(".tuile").first).to_be_visible()
    expect(page.locator("figure.statistique").first).to_be_visible()
    expect(page.locator("details.valeurs summary").first).to_be_visible()

    # Outside the post, calendar quarters and years only; the selector shows the fields
    # of the chosen kind of period.
    periode = page.get_by_label("Période", exact=True)
    expect(periode.locator("option")).to_have_text(["année", "trimestre"])
    expect(page.get_by_label("Du", exact=True)).to_have_count(0)
    expect(page.get_by_text("une seule règle sur chaque page")).to_be_visible()
    expect(page.get_by_label("Trimestre", exact=True)).to_be_hidden()
    periode.select_option("trimestre")
    expect(page.get_by_label("Trimestre", exact=True)).to_be_visible()
    page.get_by_label("Année", exact=True).select_option("2026")
    page.get_by_label("Trimestre", exact=True).select_option("3")
    parcours.cliquer("button", name="Afficher")
    expect(page.get_by_text("3e trimestre 2026, comparé à")).to_be_visible()

    parcours.cliquer("link", name="Rapports")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger").first.click()
    chemin = tmp_path / "compte-rendu.pdf"
    telechargement.value.save_as(chemin)
    texte = _texte_pdf(chemin)
    assert "Les saisines viennent surtout des mains courantes." in texte
    assert "Nominatif" not in texte


def test_le_coordinateur_valide_et_transmet_le_bilan_que_le_clspd_telecharge(
    parcours, monde, tmp_path
):
    _activite(monde)
    page = parcours.page
    parcours.connecter("coordinateur")
    parcours.cliquer("link", name="Rapports")
    parcours.cliquer("link", name="Nouveau bilan annuel")
    page.get_by_label("Périmètre du bilan").select_option(
        label="Site : Commissariat de Saint-Nazaire"
    )
    page.get_by_label("Année").select_option("2026")
    parcours.cliquer("button", name="Créer le brouillon")
    expect(page.get_by_text("Brouillon créé")).to_be_visible()

    page.locator("textarea").first.fill("Une année marquée par la hausse des violences conjugales.")
    parcours.cliquer("button", name="Enregistrer")
    parcours.cliquer("button", name="Valider (fige les chiffres et les textes)")
    parcours.cliquer("button", name="Transmettre")
    bilan = BilanAnnuel.objects.get(site=monde.commissariat, annee=2026)
    assert bilan.etat == EtatRapport.TRANSMIS

    page.context.clear_cookies()
    parcours.connecter("clspd")
    parcours.cliquer("link", name="Rapports")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger").first.click()
    chemin = tmp_path / "bilan.pdf"
    telechargement.value.save_as(chemin)
    assert chemin.read_bytes() == bytes(BilanAnnuel.objects.get(pk=bilan.pk).pdf)
    texte = _texte_pdf(chemin)
    assert "hausse des violences conjugales" in texte
    assert "Nominatif" not in texte
