"""A substitution in a real browser (issue 17, item 1): the employer names a substitute for
two weeks, the post's worker leaves a handover note, the substitute reads it first thing in
the file, then loses the access the day after the last day."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accueil.models import NotePassation
from intervenants.models import Affectation, Intervenant
from tests.accueil.factories import AdhesionFactory, SituationFactory

NOTE = "Madame attend l'appel du CIDFF mardi ; ne jamais appeler le fixe du domicile."


def test_une_suppleance_de_deux_semaines_avec_sa_note_de_passation(parcours, monde, monkeypatch):
    page = parcours.page
    aujourd_hui = timezone.localdate()
    dernier_jour = aujourd_hui + datetime.timedelta(days=13)
    situation = SituationFactory(personne__poste=monde.poste, personne__nom="Garnier")
    situation.sites.set([monde.commissariat])
    AdhesionFactory(situation=situation, recueillie_par=monde["intervenante"])
    # The substitute: the worker of the neighbouring post, who has her profile.
    Intervenant.objects.create(utilisateur=monde["intervenant_autre"], statut_secret="profession")

    # The employer names the substitute from « L'équipe ».
    parcours.connecter("employeur")
    parcours.cliquer("link", name="L'équipe")
    parcours.cliquer("link", name="Désigner un suppléant ou une suppléante")
    page.get_by_label("Identifiant du compte du suppléant ou de la suppléante").fill(
        "intervenant_autre"
    )
    page.get_by_label("Poste suppléé").select_option(label="ISCG Estuaire")
    page.get_by_label("Premier jour de la suppléance").fill(aujourd_hui.isoformat())
    page.get_by_label("Dernier jour de la suppléance").fill(dernier_jour.isoformat())
    parcours.cliquer("button", name="Désigner")
    expect(page.get_by_text("supplée sur ISCG Estuaire", exact=False)).to_be_visible()
    assert Affectation.objects.get(utilisateur=monde["intervenant_autre"], suppleance=True)

    # The post's worker sees who substitutes, and leaves her note on the file.
    page.context.clear_cookies()
    parcours.connecter("intervenante")
    expect(
        page.get_by_text(
            f"Intervenant_Autre Persona vous supplée sur ISCG Estuaire du "
            f"{aujourd_hui:%d/%m/%Y} au {dernier_jour:%d/%m/%Y}",
            exact=False,
        )
    ).to_be_visible()
    parcours.aller(f"/accueil/situations/{situation.pk}/")
    parcours.cliquer("link", name="Note de passation")
    page.get_by_label("Note de passation (confidentielle, chiffrée)").fill(NOTE)
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Note de passation enregistrée", exact=False)).to_be_visible()

    # The substitute logs in, opens the file: the note comes first, he marks it read.
    page.context.clear_cookies()
    parcours.connecter("intervenant_autre")
    expect(page.get_by_text("Vous suppléez sur ISCG Estuaire", exact=False)).to_be_visible()
    parcours.aller(f"/accueil/situations/{situation.pk}/")
    note = page.get_by_role("region", name="Note de passation")
    expect(note.get_by_text("ne jamais appeler le fixe", exact=False)).to_be_visible()
    titres = page.locator("main h2").all_inner_texts()
    assert titres[0] == "Note de passation"
    parcours.cliquer("button", name="J'ai lu la note")
    expect(page.get_by_text("Note de passation marquée lue.")).to_be_visible()
    assert NotePassation.objects.get().lue_par == monde["intervenant_autre"]

    # The day after the last day, the nightly synchronisation closes the post to him.
    lendemain = dernier_jour + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: lendemain)
    call_command("synchroniser_permissions", stdout=io.StringIO())
    reponse = page.goto(f"{parcours.base}/accueil/situations/{situation.pk}/")
    parcours.verifier()
    assert reponse.status == 404
    parcours.aller("/")
    expect(page.get_by_text("Vous suppléez", exact=False)).to_have_count(0)
