"""A piece deposited in a file, refused first as a fake PDF, then downloaded (issue 17)."""

from pathlib import Path

from playwright.sync_api import expect

from accueil.models import PieceJointe
from tests.accueil.factories import SituationFactory
from tests.accueil.test_pieces import CONTENU, SECRET


def test_deposer_puis_telecharger_une_piece(parcours, monde):
    situation = SituationFactory(personne__poste=monde.poste, personne__nom="Berthelot")
    page = parcours.page

    parcours.connecter("intervenante")
    parcours.aller(f"/accueil/situations/{situation.pk}/")
    parcours.cliquer("link", name="Déposer une pièce")
    page.get_by_label("Intitulé").fill("Certificat médical")
    # A web page renamed .pdf: refused beside the field, the title kept.
    page.get_by_label("Fichier").set_input_files(
        {"name": "certificat.pdf", "mimeType": "application/pdf", "buffer": b"<html>piege</html>"}
    )
    parcours.cliquer("button", name="Déposer")
    expect(page.get_by_text("Ce fichier n'est ni un PDF, ni une image JPEG ou PNG")).to_be_visible()
    expect(page.get_by_label("Intitulé")).to_have_value("Certificat médical")

    page.get_by_label("Fichier").set_input_files(
        {"name": "certificat.pdf", "mimeType": "application/pdf", "buffer": CONTENU}
    )
    parcours.cliquer("button", name="Déposer")
    piece = PieceJointe.objects.get()
    expect(page.get_by_text(f"Pièce n° {piece.pk} déposée")).to_be_visible()

    with page.expect_download() as attente:
        page.get_by_role("link", name="Certificat médical", exact=True).click()
    telechargement = attente.value
    assert telechargement.suggested_filename == f"piece-{piece.pk}.pdf"
    assert SECRET in Path(telechargement.path()).read_bytes()
