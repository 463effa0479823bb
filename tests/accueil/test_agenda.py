"""The agenda (issue 16, item 1): appointments and call-backs of a post's workers."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accueil import retention, selectors, services
from accueil.exports import DroitDAccesPDF
from accueil.models import Entretien, Rappel, RendezVous
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import comptes_des_lignes, iso, messages_de, texte
from tests.accueil.factories import RappelFactory, RendezVousFactory, SaisineFactory

pytestmark = pytest.mark.django_db

MOTIF = "Point sur le dépôt de plainte, venir avec le récépissé"
UN_JOUR = datetime.timedelta(days=1)


def _aujourd_hui():
    return timezone.localdate()


def _donnees_rdv(monde, **autres):
    return {
        "date": iso(_aujourd_hui()),
        "heure": "14:30",
        "lieu": "domicile",
        "intervenant": monde["intervenante"].pk,
        "motif": MOTIF,
        **autres,
    }


def _prendre(client, situation, donnees):
    return client.post(reverse("accueil:rendez_vous_creer", args=[situation.pk]), donnees)


def _refus(client, situation, donnees):
    """Post the appointment form: a 200, nothing saved, the form's errors."""
    avant = comptes_des_lignes()
    reponse = _prendre(client, situation, donnees)
    assert reponse.status_code == 200
    assert comptes_des_lignes() == avant
    return reponse


@pytest.fixture
def rdv(situation, monde):
    return RendezVousFactory(
        situation=situation, intervenant=monde["intervenante"], lieu="domicile", motif=MOTIF
    )


# --- Taking an appointment, noting a call-back --------------------------------------------


def test_l_intervenante_prend_un_rendez_vous_depuis_le_dossier(client_de, monde, situation):
    reponse = _prendre(client_de("intervenante"), situation, _donnees_rdv(monde))
    assert reponse.status_code == 302
    rendez_vous = RendezVous.objects.get()
    assert (rendez_vous.situation, rendez_vous.intervenant, rendez_vous.lieu) == (
        situation,
        monde["intervenante"],
        "domicile",
    )
    assert rendez_vous.etat == "prevu"
    assert Journal.objects.filter(
        action=ActionJournal.CREATION, objet_type="accueil.RendezVous", poste=monde.poste
    ).exists()


def test_le_rendez_vous_est_tenu_par_son_auteur_par_defaut(client_de, situation):
    page = client_de("intervenante_binome").get(
        reverse("accueil:rendez_vous_creer", args=[situation.pk])
    )
    champ = page.context["form"]["intervenant"]
    assert champ.value() == page.wsgi_request.user.pk
    # The post's two workers are offered, nobody else.
    assert len(champ.field.queryset) == 2


def test_un_rendez_vous_peut_etre_tenu_par_le_binome(client_de, monde, situation):
    donnees = _donnees_rdv(monde, intervenant=monde["intervenante_binome"].pk)
    _prendre(client_de("intervenante"), situation, donnees)
    rendez_vous = RendezVous.objects.get()
    assert rendez_vous.intervenant == monde["intervenante_binome"]
    assert rendez_vous.cree_par == monde["intervenante"]


def test_le_motif_est_chiffre_dans_la_base(rdv):
    with connection.cursor() as curseur:
        curseur.execute("SELECT motif FROM accueil_rendezvous WHERE id = %s", [rdv.pk])
        brut = curseur.fetchone()[0]
    assert MOTIF not in brut
    assert RendezVous.objects.get().motif == MOTIF


def test_une_heure_vide_est_refusee_a_cote_du_champ(client_de, monde, situation):
    reponse = _refus(client_de("intervenante"), situation, _donnees_rdv(monde, heure=""))
    assert reponse.context["form"].errors["heure"] == ["Indiquez l'heure du rendez-vous."]
    assert MOTIF in texte(reponse)  # the input is kept


@pytest.mark.parametrize("heure", ["25:00", "midi", "14h30x"])
def test_une_heure_absurde_est_refusee(client_de, monde, situation, heure):
    reponse = _refus(client_de("intervenante"), situation, _donnees_rdv(monde, heure=heure))
    assert "heure" in reponse.context["form"].errors


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "2026-02-30", "demain"])
def test_une_date_absurde_est_refusee(client_de, monde, situation, date):
    reponse = _refus(client_de("intervenante"), situation, _donnees_rdv(monde, date=date))
    assert "date" in reponse.context["form"].errors


def test_une_date_passee_est_refusee(client_de, monde, situation):
    hier = iso(_aujourd_hui() - UN_JOUR)
    reponse = _refus(client_de("intervenante"), situation, _donnees_rdv(monde, date=hier))
    assert reponse.context["form"].errors["date"] == [
        "La date est passée : choisissez aujourd'hui ou un jour à venir."
    ]


def test_une_situation_close_ne_prend_pas_de_rendez_vous(client_de, monde, situation):
    situation.date_cloture = _aujourd_hui()
    situation.save()
    reponse = _refus(client_de("intervenante"), situation, _donnees_rdv(monde))
    assert "rouvrez-la" in " ".join(reponse.context["form"].non_field_errors())


def test_un_intervenant_d_un_autre_poste_ne_tient_pas_le_rendez_vous(monde, situation):
    with pytest.raises(ValidationError) as erreur:
        services.prendre_rendez_vous(
            auteur=monde["intervenante"],
            situation=situation,
            intervenant=monde["intervenant_autre"],
            date=_aujourd_hui(),
            heure=datetime.time(9),
            lieu="telephone",
        )
    assert "intervenant" in erreur.value.error_dict


def test_un_intervenant_choisi_hors_du_poste_est_refuse_par_le_formulaire(
    client_de, monde, situation
):
    donnees = _donnees_rdv(monde, intervenant=monde["intervenant_autre"].pk)
    reponse = _refus(client_de("intervenante"), situation, donnees)
    assert "intervenant" in reponse.context["form"].errors


def test_l_intervenant_d_un_autre_poste_ne_prend_pas_rendez_vous_dans_ce_dossier(
    client_de, monde, situation
):
    reponse = _prendre(client_de("intervenant_autre"), situation, _donnees_rdv(monde))
    assert reponse.status_code == 404
    assert not RendezVous.objects.exists()


@pytest.mark.parametrize("persona", ["chef", "agent", "employeur"])
def test_les_autres_roles_ne_prennent_pas_rendez_vous(client_de, monde, situation, persona):
    reponse = _prendre(client_de(persona), situation, _donnees_rdv(monde))
    assert reponse.status_code == 404
    assert not RendezVous.objects.exists()


def test_un_rappel_se_note_et_se_marque_fait(client_de, monde, situation):
    client = client_de("intervenante")
    client.post(
        reverse("accueil:rappel_creer", args=[situation.pk]),
        {"echeance": iso(_aujourd_hui()), "intervenant": monde["intervenante"].pk, "motif": ""},
    )
    rappel = Rappel.objects.get()
    reponse = client.post(reverse("accueil:rappel_fait", args=[rappel.pk]), {"suivant": "/"})
    assert reponse.status_code == 302 and reponse["Location"] == "/"
    rappel.refresh_from_db()
    assert rappel.fait_le == _aujourd_hui()


def test_un_rappel_fait_deux_fois_ne_change_pas_sa_date(client_de, monde, situation):
    rappel = RappelFactory(
        situation=situation, intervenant=monde["intervenante"], fait_le=datetime.date(2026, 5, 4)
    )
    reponse = client_de("intervenante").post(reverse("accueil:rappel_fait", args=[rappel.pk]))
    rappel.refresh_from_db()
    assert rappel.fait_le == datetime.date(2026, 5, 4)
    assert "Ce rappel est déjà fait (le 04/05/2026)." in messages_de(reponse)


def test_un_rappel_a_une_echeance_passee_est_refuse(client_de, monde, situation):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        reverse("accueil:rappel_creer", args=[situation.pk]),
        {"echeance": iso(_aujourd_hui() - UN_JOUR), "intervenant": monde["intervenante"].pk},
    )
    assert reponse.status_code == 200
    assert "echeance" in reponse.context["form"].errors
    assert comptes_des_lignes() == avant


# --- Honoured, missed, cancelled ------------------------------------------------------------


def test_le_formulaire_d_entretien_est_prerempli_depuis_le_rendez_vous(client_de, rdv):
    page = client_de("intervenante").get(reverse("accueil:rendez_vous_honorer", args=[rdv.pk]))
    form = page.context["form"]
    assert form["date"].value() == rdv.date
    assert form["mode"].value() == "visite_domicile"  # from « au domicile »
    assert form["adhesion"].value() is True  # the file's consent is recorded


def test_un_rendez_vous_honore_devient_un_entretien(client_de, rdv):
    reponse = client_de("intervenante").post(
        reverse("accueil:rendez_vous_honorer", args=[rdv.pk]),
        {"date": iso(rdv.date), "mode": "visite_domicile", "duree_minutes": "40", "adhesion": "on"},
    )
    assert reponse.status_code == 302
    rdv.refresh_from_db()
    entretien = Entretien.objects.get()
    assert (rdv.etat, rdv.entretien) == ("honore", entretien)
    assert (entretien.mode, entretien.duree_minutes, entretien.date) == (
        "visite_domicile",
        40,
        rdv.date,
    )


def test_honorer_deux_fois_ne_cree_qu_un_entretien(client_de, rdv):
    client = client_de("intervenante")
    url = reverse("accueil:rendez_vous_honorer", args=[rdv.pk])
    donnees = {"date": iso(rdv.date), "mode": "physique", "adhesion": "on"}
    client.post(url, donnees)
    reponse = client.post(url, donnees)
    assert Entretien.objects.count() == 1
    assert "Ce rendez-vous est déjà noté « honoré »." in messages_de(reponse)


def test_un_refus_de_l_entretien_laisse_le_rendez_vous_prevu(client_de, situation_sans_adhesion):
    rdv = RendezVousFactory(situation=situation_sans_adhesion, lieu="telephone")
    reponse = client_de("intervenante").post(
        reverse("accueil:rendez_vous_honorer", args=[rdv.pk]),
        {"date": iso(rdv.date), "mode": "telephonique"},  # no consent ticked
    )
    assert reponse.status_code == 200
    assert "adhesion" in reponse.context["form"].errors
    rdv.refresh_from_db()
    assert rdv.etat == "prevu" and not Entretien.objects.exists()


def test_un_rendez_vous_a_venir_ne_peut_etre_honore_ni_manque(monde, rdv):
    rdv.date = _aujourd_hui() + UN_JOUR
    rdv.save()
    with pytest.raises(ValidationError, match="il n'a pas encore eu lieu"):
        services.noter_rendez_vous_manque(auteur=monde["intervenante"], rendez_vous=rdv)
    with pytest.raises(ValidationError, match="il n'a pas encore eu lieu"):
        services.honorer_rendez_vous(
            auteur=monde["intervenante"],
            rendez_vous=rdv,
            date=_aujourd_hui(),
            mode="physique",
            duree_minutes=None,
            adhesion=True,
            notes="",
        )
    assert not Entretien.objects.exists()


def test_un_rendez_vous_manque_compte_une_tentative_sans_reponse(client_de, rdv):
    reponse = client_de("intervenante").post(
        reverse("accueil:rendez_vous_manque", args=[rdv.pk]), {"suivant": "/"}
    )
    assert reponse["Location"] == "/"
    rdv.refresh_from_db()
    tentative = Entretien.objects.get()
    assert (rdv.etat, rdv.entretien) == ("manque", tentative)
    assert (tentative.mode, tentative.date, tentative.adhesion) == ("sans_reponse", rdv.date, False)


def test_manque_deux_fois_ne_compte_qu_une_tentative(client_de, rdv):
    client = client_de("intervenante")
    client.post(reverse("accueil:rendez_vous_manque", args=[rdv.pk]))
    reponse = client.post(reverse("accueil:rendez_vous_manque", args=[rdv.pk]))
    assert Entretien.objects.count() == 1
    assert "Ce rendez-vous est déjà noté « manqué »." in messages_de(reponse)


def test_un_rendez_vous_annule_ne_compte_rien(client_de, rdv):
    client_de("intervenante").post(reverse("accueil:rendez_vous_annuler", args=[rdv.pk]))
    rdv.refresh_from_db()
    assert rdv.etat == "annule" and not Entretien.objects.exists()


def test_un_rendez_vous_manque_sur_une_situation_close_est_refuse(client_de, rdv):
    situation = rdv.situation
    situation.date_cloture = _aujourd_hui()
    situation.save()
    reponse = client_de("intervenante").post(reverse("accueil:rendez_vous_manque", args=[rdv.pk]))
    rdv.refresh_from_db()
    assert rdv.etat == "prevu" and not Entretien.objects.exists()
    assert any("rouvrez-la" in m for m in messages_de(reponse))


def test_le_retour_ne_quitte_jamais_le_site(client_de, rdv):
    reponse = client_de("intervenante").post(
        reverse("accueil:rendez_vous_annuler", args=[rdv.pk]),
        {"suivant": "https://ailleurs.example/"},
    )
    assert reponse["Location"] == reverse("accueil:agenda")


@pytest.mark.parametrize("persona", ["intervenant_autre", "chef", "agent", "employeur"])
def test_personne_d_autre_ne_regle_le_rendez_vous(client_de, rdv, persona):
    client = client_de(persona)
    assert client.post(reverse("accueil:rendez_vous_manque", args=[rdv.pk])).status_code == 404
    assert client.get(reverse("accueil:rendez_vous_honorer", args=[rdv.pk])).status_code == 404
    rdv.refresh_from_db()
    assert rdv.etat == "prevu"


def test_le_rappel_d_un_autre_poste_repond_404(client_de, monde, situation_autre):
    rappel = RappelFactory(situation=situation_autre, intervenant=monde["intervenant_autre"])
    reponse = client_de("intervenante").post(reverse("accueil:rappel_fait", args=[rappel.pk]))
    assert reponse.status_code == 404
    rappel.refresh_from_db()
    assert rappel.fait_le is None


# --- The week, the home page, the file -----------------------------------------------------


def test_mon_agenda_ne_montre_que_mes_rendez_vous(client_de, monde, situation):
    RendezVousFactory(situation=situation, intervenant=monde["intervenante"], heure="09:15")
    RendezVousFactory(situation=situation, intervenant=monde["intervenante_binome"], heure="16:45")
    client = client_de("intervenante")
    mien = texte(client.get(reverse("accueil:agenda")))
    assert "09:15" in mien and "16:45" not in mien
    poste = texte(client.get(reverse("accueil:agenda") + "?tout=1"))
    assert "09:15" in poste and "16:45" in poste


def test_la_semaine_suivante_se_parcourt(client_de, monde, situation):
    dans_une_semaine = _aujourd_hui() + datetime.timedelta(days=7)
    RendezVousFactory(situation=situation, intervenant=monde["intervenante"], date=dans_une_semaine)
    client = client_de("intervenante")
    page = client.get(reverse("accueil:agenda"))
    assert not any(j["rendez_vous"] for j in page.context["jours"])
    suivante = client.get(reverse("accueil:agenda") + page.context["suivante"])
    assert [r for j in suivante.context["jours"] for r in j["rendez_vous"]] != []


@pytest.mark.parametrize("semaine", ["9999-12-31", "n'importe quoi", "2026-13-01"])
def test_une_semaine_absurde_montre_la_semaine_en_cours(client_de, semaine):
    page = client_de("intervenante").get(reverse("accueil:agenda"), {"semaine": semaine})
    assert page.status_code == 200
    assert "La semaine en cours est affichée." in texte(page)
    lundi = _aujourd_hui() - datetime.timedelta(days=_aujourd_hui().weekday())
    assert page.context["lundi"] == lundi


def test_l_agenda_du_poste_ne_montre_pas_l_autre_poste(client_de, monde, situation_autre):
    RendezVousFactory(situation=situation_autre, intervenant=monde["intervenant_autre"])
    page = client_de("intervenante").get(reverse("accueil:agenda") + "?tout=1")
    assert "Rezéenne".upper() not in texte(page)


def test_aujourd_hui_sur_la_page_d_accueil(client_de, monde, situation):
    aujourd_hui = _aujourd_hui()
    RendezVousFactory(situation=situation, intervenant=monde["intervenante"], heure="10:40")
    RendezVousFactory(
        situation=situation, intervenant=monde["intervenante"], date=aujourd_hui + UN_JOUR
    )
    RappelFactory(
        situation=situation,
        intervenant=monde["intervenante"],
        echeance=aujourd_hui - UN_JOUR,
        motif="Rappeler la MDS",
    )
    RappelFactory(
        situation=situation,
        intervenant=monde["intervenante"],
        echeance=aujourd_hui + UN_JOUR,
        motif="Pas encore",
    )
    page = texte(client_de("intervenante").get(reverse("espace:espace")))
    assert "10:40" in page
    assert "Rappeler la MDS" in page and "en retard" in page
    assert "Pas encore" not in page


def test_aujourd_hui_montre_les_saisines_urgentes_d_abord(client_de, monde):
    ordinaire = SaisineFactory(
        situation=None, poste=monde.poste, etat="recue", date_saisine=datetime.date(2026, 4, 1)
    )
    urgente = SaisineFactory(
        situation=None,
        poste=monde.poste,
        etat="recue",
        urgence="danger_immediat",
        date_saisine=datetime.date(2026, 4, 3),
    )
    page = texte(client_de("intervenante").get(reverse("espace:espace")))
    debut = page.index("Saisines en attente")
    assert page.index(f"n° {urgente.pk} ", debut) < page.index(f"n° {ordinaire.pk} ", debut)


def test_le_dossier_propose_rendez_vous_et_rappel(client_de, monde, rdv):
    RappelFactory(situation=rdv.situation, intervenant=monde["intervenante"], motif="Rappel X")
    page = texte(
        client_de("intervenante").get(reverse("accueil:situation", args=[rdv.situation_id]))
    )
    assert "Prendre rendez-vous" in page and "À rappeler" in page
    assert MOTIF in page and "Rappel X" in page


# --- Retention, erasure, right of access ----------------------------------------------------


def test_l_effacement_efface_les_motifs_d_agenda(monde, rdv):
    rappel = RappelFactory(situation=rdv.situation, intervenant=monde["intervenante"])
    bilan = retention.effacer_personne(
        auteur=monde["intervenante"], personne=rdv.situation.personne, motif="demande_personne"
    )
    rdv.refresh_from_db()
    rappel.refresh_from_db()
    assert (rdv.motif, rappel.motif) == ("", "")
    assert (bilan.rendez_vous, bilan.rappels) == (1, 1)


def test_la_purge_efface_les_motifs_d_agenda(monde, rdv):
    situation = rdv.situation
    situation.date_cloture = situation.derniere_activite = datetime.date(2020, 1, 6)
    situation.date_ouverture = datetime.date(2020, 1, 2)
    situation.save()
    retention.purger_donnees(mois=24, executer=True)
    rdv.refresh_from_db()
    assert rdv.motif == ""


def test_le_droit_d_acces_contient_l_agenda(monde, rdv):
    situation = selectors.dossier_complet(monde["intervenante"], rdv.situation_id)
    export = DroitDAccesPDF(situation.personne, situations=[situation])
    assert MOTIF in render_to_string(export.gabarit, export.contexte())


def test_la_demo_donne_un_agenda_a_l_intervenante(client, settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())  # idempotent
    intervenante = get_user_model().objects.get(username="intervenante")
    aujourd_hui = _aujourd_hui()
    assert RendezVous.objects.filter(intervenant=intervenante, date=aujourd_hui).count() == 2
    assert Rappel.objects.filter(intervenant=intervenante, echeance__lt=aujourd_hui).count() == 1
    client.force_login(intervenante)
    page = texte(client.get(reverse("espace:espace")))
    assert "Premier entretien après la main courante" in page
    assert "orientation vers le 115" in page


def test_un_rendez_vous_passe_non_note_reste_a_noter_sur_l_accueil(client_de, monde, rdv):
    rdv.date = _aujourd_hui() - datetime.timedelta(days=3)
    rdv.save()
    client = client_de("intervenante")
    page = texte(client.get(reverse("espace:espace")))
    assert "Rendez-vous passés à noter" in page and MOTIF in page
    client.post(reverse("accueil:rendez_vous_manque", args=[rdv.pk]))
    assert "Rendez-vous passés à noter" not in texte(client.get(reverse("espace:espace")))


def test_le_dossier_ne_fait_pas_une_requete_par_rendez_vous(
    client_de, monde, situation, django_assert_max_num_queries
):
    from tests.accueil.test_situation import REQUETES_MAX_DOSSIER_AVEC_AGENDA

    for _ in range(5):
        RendezVousFactory(situation=situation, intervenant=monde["intervenante"])
        RappelFactory(situation=situation, intervenant=monde["intervenante_binome"])
    client = client_de("intervenante")
    client.get(reverse("espace:espace"))  # session set up outside the count
    with django_assert_max_num_queries(REQUETES_MAX_DOSSIER_AVEC_AGENDA):
        client.get(reverse("accueil:situation", args=[situation.pk]))


def test_rechiffrer_passe_les_motifs_d_agenda_sous_la_nouvelle_cle(settings, monde, rdv):
    ancienne = settings.CHIFFREMENT_CLES[0]
    rappel = RappelFactory(situation=rdv.situation, intervenant=monde["intervenante"])
    nouvelle = Fernet.generate_key().decode()
    settings.CHIFFREMENT_CLES = [nouvelle, ancienne]
    call_command("rechiffrer", stdout=io.StringIO())
    settings.CHIFFREMENT_CLES = [nouvelle]  # the old key is gone: both still read
    assert RendezVous.objects.get(pk=rdv.pk).motif == MOTIF
    assert Rappel.objects.get(pk=rappel.pk).motif == rappel.motif


def test_le_formulaire_de_rendez_vous_envoye_deux_fois_ne_prend_qu_un_rendez_vous(
    client_de, monde, situation
):
    client = client_de("intervenante")
    _prendre(client, situation, _donnees_rdv(monde))
    reponse = _refus(client, situation, _donnees_rdv(monde))
    assert reponse.context["form"].non_field_errors() == [
        "Ce rendez-vous est déjà pris (même jour, même heure)."
    ]
    assert RendezVous.objects.count() == 1


def test_le_formulaire_de_rappel_envoye_deux_fois_ne_note_qu_un_rappel(client_de, monde, situation):
    client = client_de("intervenante")
    url = reverse("accueil:rappel_creer", args=[situation.pk])
    donnees = {"echeance": iso(_aujourd_hui()), "intervenant": monde["intervenante"].pk}
    client.post(url, donnees)
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert "echeance" in reponse.context["form"].errors
    assert Rappel.objects.count() == 1
