"""A transmission in a real browser (issue 17, item 4): the nature proposes its legal basis,
a basis chosen by hand is kept, the copy to the CRIP goes away when the CRIP is the
recipient; the script is the app's own file, under the strict CSP."""

from playwright.sync_api import expect

from accueil.choix import TypePartenaire
from accueil.models import Transmission
from tests.accueil.factories import PartenaireFactory, SituationFactory


def test_le_fondement_suit_la_nature_et_la_copie_crip_disparait(parcours, monde):
    situation = SituationFactory(
        personne__poste=monde.poste, personne__annee_naissance=2014, mineur=True
    )
    crip = PartenaireFactory(departement=monde.departement, nom="CRIP 44", type=TypePartenaire.CRIP)
    page = parcours.page
    erreurs_csp = []
    page.on(
        "console", lambda m: erreurs_csp.append(m.text) if "Content Security" in m.text else None
    )
    parcours.connecter("intervenante")
    parcours.aller(f"/accueil/situations/{situation.pk}/transmissions/nouvelle/")

    nature, fondement = page.locator("#id_nature"), page.locator("#id_fondement")
    nature.select_option("ip_crip")
    expect(fondement).to_have_value("casf_l226_2_1")
    nature.select_option("requisition")
    expect(fondement).to_have_value("cpp_60_1")
    # A basis chosen by hand stays when the nature changes.
    fondement.select_option("cpp_77_1_1")
    nature.select_option("ip_crip")
    expect(fondement).to_have_value("cpp_77_1_1")
    fondement.select_option("casf_l226_2_1")

    copie = page.locator("#div_id_copie_crip")
    expect(copie).to_be_visible()
    page.locator("#id_destinataire_partenaire").select_option(str(crip.pk))
    expect(copie).to_be_hidden()
    page.locator("#id_destinataire_partenaire").select_option("")
    page.locator("#id_destinataire").fill("Cellule de recueil de Loire-Atlantique")
    expect(copie).to_be_hidden()
    page.locator("#id_destinataire").fill("")
    page.locator("#id_destinataire_partenaire").select_option(str(crip.pk))

    page.locator("#id_resume").fill("Enfant exposé, éléments de danger évalués au domicile.")
    page.get_by_label("La personne (ou ses parents) a été informée").check()
    parcours.cliquer("button", name="Enregistrer")
    transmission = Transmission.objects.get()
    assert (transmission.destinataire_partenaire, transmission.copie_crip) == (crip, False)
    assert transmission.fondement == "casf_l226_2_1"
    assert erreurs_csp == []
