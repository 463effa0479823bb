"""The worker's agenda in a real browser (issue 16, item 1)."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from accueil.models import Entretien, Rappel, RendezVous
from tests.accueil.factories import AdhesionFactory, RappelFactory, SituationFactory


def _dossier(monde, nom):
    situation = SituationFactory(personne__poste=monde.poste, personne__nom=nom)
    situation.sites.set([monde.commissariat])
    AdhesionFactory(situation=situation, recueillie_par=monde["intervenante"])
    return situation


def test_un_rendez_vous_pris_honore_devient_un_entretien(parcours, monde):
    situation = _dossier(monde, "Berthier")
    page = parcours.page
    parcours.connecter("intervenante")
    parcours.aller(f"/accueil/situations/{situation.pk}/")

    parcours.cliquer("link", name="Prendre rendez-vous")
    # Today, held by the author, by default: the time and the place are chosen.
    expect(page.get_by_label("Date")).to_have_value(timezone.localdate().isoformat())
    page.get_by_label("Heure").fill("10:15")
    page.get_by_label("Lieu").select_option(label="au commissariat")
    page.get_by_label("Motif (confidentiel, chiffré)").fill("Point après la plainte")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Rendez-vous pris.")).to_be_visible()

    # The home page shows it in « Aujourd'hui ».
    parcours.cliquer("link", name="Accueil")
    aujourd_hui = page.get_by_role("region", name="Aujourd'hui", exact=False)
    expect(aujourd_hui.get_by_text("Point après la plainte")).to_be_visible()
    parcours.cliquer("link", name="Honoré : rendez-vous de 10:15")

    # The interview form comes filled from the appointment.
    expect(page.get_by_label("Mode")).to_have_value("physique")
    expect(page.get_by_label("La personne adhère à l'accompagnement")).to_be_checked()
    page.get_by_label("Durée (minutes)").fill("35")
    parcours.cliquer("button", name="Enregistrer")
    expect(page.get_by_text("Rendez-vous honoré : entretien enregistré.")).to_be_visible()

    rendez_vous = RendezVous.objects.get()
    assert rendez_vous.etat == "honore"
    assert rendez_vous.entretien == Entretien.objects.get(situation=situation)
    assert (rendez_vous.entretien.mode, rendez_vous.entretien.duree_minutes) == ("physique", 35)


def test_un_rappel_arrive_a_echeance_sur_la_page_d_accueil(parcours, monde):
    situation = _dossier(monde, "Carpentier")
    aujourd_hui = timezone.localdate()
    RappelFactory(
        situation=situation,
        intervenant=monde["intervenante"],
        echeance=aujourd_hui - datetime.timedelta(days=2),
        motif="Nouvelles de la MDS",
    )
    RappelFactory(
        situation=situation,
        intervenant=monde["intervenante"],
        echeance=aujourd_hui + datetime.timedelta(days=3),
        motif="Pas avant jeudi",
    )
    page = parcours.page
    parcours.connecter("intervenante")
    aujourd_hui_bloc = page.get_by_role("region", name="Aujourd'hui", exact=False)
    expect(aujourd_hui_bloc.get_by_text("Nouvelles de la MDS")).to_be_visible()
    expect(aujourd_hui_bloc.get_by_text("en retard")).to_be_visible()
    expect(page.get_by_text("Pas avant jeudi")).to_have_count(0)

    # A call-back noted today from the file comes due today on the home page.
    parcours.aller(f"/accueil/situations/{situation.pk}/")
    parcours.cliquer("link", name="À rappeler")
    page.get_by_label("Motif (confidentiel, chiffré)").fill("Confirmer l'hébergement")
    parcours.cliquer("button", name="Enregistrer")
    parcours.cliquer("link", name="Accueil")
    expect(aujourd_hui_bloc.get_by_text("Confirmer l'hébergement")).to_be_visible()

    parcours.cliquer("button", name="Fait : rappeler CARPENTIER " + situation.personne.prenom)
    expect(page.get_by_text("Rappel fait.")).to_be_visible()
    assert Rappel.objects.filter(fait_le__isnull=True).count() == 2

    # The week view shows today's call-back on today's day, and moves week to week.
    parcours.cliquer("link", name="Mon agenda de la semaine")
    jour = page.get_by_role("region", name="aujourd'hui", exact=False)
    expect(jour.get_by_text("Confirmer l'hébergement")).to_be_visible()
    parcours.cliquer("link", name="Semaine suivante →")
    parcours.cliquer("link", name="← Semaine précédente")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mon agenda")
