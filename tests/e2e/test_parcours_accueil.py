"""The worker and the officer, in a real browser."""

import datetime

from playwright.sync_api import expect

from accueil.models import Saisine, Situation
from tests.accueil.factories import PartenaireFactory, SaisineFactory


def test_l_intervenante_traite_une_saisine_de_bout_en_bout(parcours, monde):
    SaisineFactory(
        situation=None,
        poste=monde.poste,
        site=monde.commissariat,
        agent=monde["agent"],
        date_saisine=datetime.date.today() - datetime.timedelta(days=1),
        nom_declare="Lemoine",
        prenom_declare="Sandrine",
        annee_naissance_declaree=1985,
        motif="Intervention pour violences conjugales, enfants présents.",
    )
    PartenaireFactory(departement=monde.departement, nom="CIDFF de Loire-Atlantique", type="cidff")
    page = parcours.page

    parcours.connecter("intervenante")
    parcours.cliquer("link", name="Saisines à qualifier")
    expect(page.get_by_role("cell", name="LEMOINE Sandrine (1985)")).to_be_visible()
    parcours.cliquer("link", name="Qualifier")

    page.get_by_label("Ouvrir une nouvelle situation").check()
    # The radio opens the block (static script); its selects start on « — choisir — ».
    expect(page.locator("#id_personne-nom")).to_be_visible()
    expect(page.locator("#id_personne-nom")).to_have_value("Lemoine")
    expect(page.get_by_label("Problématique principale")).to_have_value("")
    page.get_by_label("Sexe").select_option(label="femme")
    page.get_by_label("Statut dans l'affaire").select_option(label="victime")
    page.get_by_label("Problématique principale").select_option(
        label="violences conjugales — physiques"
    )
    page.get_by_label("Déjà connu d'un service social").select_option(label="inconnu")
    page.get_by_label("Enfants au foyer").fill("2")
    parcours.cliquer("button", name="Valider")
    expect(page.get_by_text("prise en charge.")).to_be_visible()
    expect(page.get_by_role("heading", name="LEMOINE Sandrine")).to_be_visible()

    parcours.cliquer("link", name="Entretien")
    page.get_by_label("Mode").select_option(label="entretien physique")
    page.get_by_label("Durée (minutes)").fill("45")
    page.get_by_label("La personne adhère à l'accompagnement").check()
    page.get_by_label("Notes (confidentielles, chiffrées)").fill(
        "Madame souhaite être accompagnée vers le CIDFF."
    )
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Entretien enregistré.")).to_be_visible()
    expect(page.get_by_text("Madame souhaite être accompagnée vers le CIDFF.")).to_be_visible()

    parcours.cliquer("link", name="Orientation")
    page.get_by_label("Partenaire de l'annuaire").select_option(label="CIDFF de Loire-Atlantique")
    page.get_by_label("La personne consent à cette orientation").check()
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Orientation enregistrée.")).to_be_visible()

    parcours.cliquer("link", name="Clore…")
    page.get_by_label("Je confirme la clôture de cette situation.").check()
    parcours.cliquer("button", name="Clore la situation")
    expect(page.get_by_text("Situation close.")).to_be_visible()
    situation = Situation.objects.get(personne__nom="Lemoine")
    assert situation.date_cloture == datetime.date.today()
    assert situation.saisines.get().etat == "prise_en_charge"


def test_l_agent_oriente_une_personne_et_ne_voit_que_l_accuse(parcours, monde):
    page = parcours.page
    parcours.connecter("agent")
    parcours.cliquer("link", name="Orienter une personne")
    page.get_by_label("Nom de la personne").fill("Marchand")
    page.get_by_label("Prénom").fill("Julie")
    page.get_by_label("Téléphone où la joindre").fill("06 11 22 33 44")
    page.get_by_label("Cadre").select_option(label="accueil du public")
    page.get_by_label("Urgence").select_option(label="à traiter aujourd'hui")
    page.get_by_label("Motif").fill("Victime de violences, souhaite rencontrer l'ISCG.")
    page.get_by_label("La personne est informée de cette orientation et l'accepte").check()
    parcours.cliquer("button", name="Transmettre la saisine")

    saisine = Saisine.objects.get(nom_declare="Marchand")
    assert saisine.urgence == "aujourd_hui"
    expect(page.get_by_text(f"Saisine n° {saisine.pk} transmise")).to_be_visible()
    expect(page.get_by_role("cell", name=str(saisine.pk), exact=True)).to_be_visible()
    expect(page.get_by_text("reçue", exact=True)).to_be_visible()
    contenu = page.content()
    assert "Marchand" not in contenu
    assert "06 11 22 33 44" not in contenu
    assert "souhaite rencontrer" not in contenu


def test_la_connexion_et_la_saisine_de_l_agent_se_font_au_clavier_seul(parcours, monde):
    page = parcours.page
    parcours.aller("/connexion/")
    expect(page.get_by_label("Identifiant")).to_be_focused()  # autofocus
    page.keyboard.type("agent")
    page.keyboard.press("Tab")
    page.keyboard.type("mot-de-passe-de-test")
    page.keyboard.press("Enter")
    page.wait_for_url(parcours.base + "/")
    parcours.verifier()
    page.keyboard.press("Tab")  # the skip link comes first, and shows itself
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_visible()

    parcours.aller("/accueil/orienter/")
    page.get_by_label("Votre unité").focus()
    page.keyboard.press("Tab")
    page.keyboard.type("Clavier")  # nom
    page.keyboard.press("Tab")
    page.keyboard.type("Lucie")  # prénom
    page.keyboard.press("Tab")
    page.keyboard.type("1990")  # année
    page.keyboard.press("Tab")
    page.keyboard.type("0611223344")  # téléphone
    page.keyboard.press("Tab")  # cadre, empty until chosen
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # urgence, empty until chosen
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Orientation saisie au clavier.")  # motif
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # personne informée
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # transmettre
    page.wait_for_url("**/mes-saisines/")
    parcours.verifier()
    assert Saisine.objects.filter(nom_declare="Clavier", prenom_declare="Lucie").exists()
