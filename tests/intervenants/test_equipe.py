"""L'équipe: the employer and the coordinator name the workers of their posts, end a naming."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intervenants.models import ActionJournal, Affectation, Journal, Poste, Role
from intervenants.permissions import a_la_permission, objets_autorises
from tests.factories import UserFactory, affecter

pytestmark = pytest.mark.django_db

NOMMER = reverse("intervenants:equipe_nommer")


def _terminer(affectation):
    return reverse("intervenants:equipe_terminer", args=[affectation.pk])


@pytest.fixture
def nouvelle(db):
    return UserFactory(
        username="mdupont", first_name="Marie", last_name="Dupont", email="m.dupont@escale.invalid"
    )


def _donnees(monde, **changements):
    donnees = {
        "compte": "mdupont",
        "courriel": "m.dupont@escale.invalid",
        "poste": monde.poste.pk,
        "date_debut": "2026-09-01",
        "date_fin": "",
    }
    donnees.update(changements)
    return donnees


def _erreur(reponse, champ):
    return " ".join(reponse.context["form"].errors.get(champ, []))


# --- Seeing the team ------------------------------------------------------------------------


def test_employeur_voit_les_intervenantes_de_ses_postes_seulement(client_de, monde):
    page = client_de("employeur").get(reverse("intervenants:equipe")).content.decode()
    assert "intervenante_binome" in page
    assert "intervenant_autre" not in page


def test_coordinateur_voit_tous_les_postes_du_departement(client_de, monde):
    page = client_de("coordinateur").get(reverse("intervenants:equipe")).content.decode()
    assert "intervenante_binome" in page
    assert "intervenant_autre" in page


def test_equipe_classe_en_cours_a_venir_terminees(client_de, monde, nouvelle):
    demain = timezone.localdate() + datetime.timedelta(days=1)
    affecter(nouvelle, Role.INTERVENANT, monde.poste, date_debut=demain)
    ancienne = UserFactory(username="ancienne")
    affecter(ancienne, Role.INTERVENANT, monde.poste, date_fin=datetime.date(2025, 1, 1))
    reponse = client_de("employeur").get(reverse("intervenants:equipe"))
    assert [a.utilisateur.username for a in reponse.context["a_venir"]] == ["mdupont"]
    assert [a.utilisateur.username for a in reponse.context["terminees"]] == ["ancienne"]
    assert len(reponse.context["en_cours"]) == 2


def test_liste_de_l_equipe_en_requetes_bornees(client_de, monde, django_assert_max_num_queries):
    for n in range(10):
        affecter(UserFactory(username=f"renfort{n}"), Role.INTERVENANT, monde.poste)
    client = client_de("employeur")
    client.get(reverse("espace:espace"))  # session and the day's rights set up outside the count
    with django_assert_max_num_queries(12):
        client.get(reverse("intervenants:equipe"))


# --- Naming ---------------------------------------------------------------------------------


def test_employeur_nomme_une_intervenante_sur_son_poste(client_de, monde, nouvelle):
    reponse = client_de("employeur").post(NOMMER, _donnees(monde, date_debut="2026-01-05"))
    assert reponse.status_code == 302
    affectation = Affectation.objects.get(utilisateur=nouvelle)
    assert (affectation.role, affectation.poste, affectation.date_debut) == (
        Role.INTERVENANT,
        monde.poste,
        datetime.date(2026, 1, 5),
    )
    assert a_la_permission(nouvelle, "intervenants.acceder_dossiers", monde.poste)


def test_la_nomination_est_journalisee_au_nom_de_l_employeur(client_de, monde, nouvelle):
    client_de("employeur").post(NOMMER, _donnees(monde))
    entree = Journal.objects.get(action=ActionJournal.AFFECTATION_CREEE, details__compte="mdupont")
    assert entree.utilisateur == monde["employeur"]
    assert entree.poste == monde.poste


def test_premiere_nomination_envoie_le_lien_et_efface_le_mot_de_passe_d_avant(
    client_de, monde, nouvelle
):
    # Whoever created the account (the administrator) may know its password: it goes.
    client_de("employeur").post(NOMMER, _donnees(monde))
    nouvelle.refresh_from_db()
    assert not nouvelle.has_usable_password()
    assert [m.to for m in mail.outbox] == [["m.dupont@escale.invalid"]]
    assert "/acces/" in mail.outbox[0].body


def test_le_lien_de_premiere_nomination_n_est_pas_montre_a_l_employeur(client_de, monde, nouvelle):
    reponse = client_de("employeur").post(NOMMER, _donnees(monde), follow=True)
    lien = next(ligne for ligne in mail.outbox[0].body.splitlines() if "/acces/" in ligne)
    assert "m.dupont@escale.invalid" in reponse.content.decode()
    assert lien.strip() not in reponse.content.decode()


def test_nommer_une_intervenante_deja_en_poste_ailleurs_n_envoie_rien(client_de, monde):
    # A second post (a substitution, a shared worker): her access is left as it is.
    compte = monde["intervenant_autre"]
    reponse = client_de("coordinateur").post(
        NOMMER,
        _donnees(monde, compte="intervenant_autre", courriel="intervenant_autre@exemple.invalid"),
    )
    assert reponse.status_code == 302
    assert set(objets_autorises(compte, "intervenants.acceder_dossiers", Poste)) == {
        monde.poste,
        monde.poste_autre,
    }
    assert mail.outbox == []
    compte.refresh_from_db()
    assert compte.has_usable_password()


def test_coordinateur_nomme_sur_un_poste_de_son_departement(client_de, monde, nouvelle):
    reponse = client_de("coordinateur").post(NOMMER, _donnees(monde, poste=monde.poste_autre.pk))
    assert reponse.status_code == 302
    assert Affectation.objects.get(utilisateur=nouvelle).poste == monde.poste_autre


def test_employeur_ne_nomme_pas_sur_le_poste_d_un_autre_employeur(client_de, monde, nouvelle):
    reponse = client_de("employeur").post(NOMMER, _donnees(monde, poste=monde.poste_autre.pk))
    assert reponse.status_code == 200
    assert "Choisissez l'un de vos postes" in _erreur(reponse, "poste")
    assert not Affectation.objects.filter(utilisateur=nouvelle).exists()


def test_la_liste_des_postes_ne_propose_que_les_siens(client_de, monde):
    form = client_de("employeur").get(NOMMER).context["form"]
    assert list(form.fields["poste"].queryset) == [monde.poste]


@pytest.mark.parametrize(
    "changements, champ, message",
    [
        ({"compte": "mdupond"}, "compte", "Aucun compte ne porte cet identifiant"),
        ({"compte": "MDUPONT"}, "compte", "Aucun compte ne porte cet identifiant"),
        ({"courriel": "autre@escale.invalid"}, "compte", "Aucun compte ne porte cet identifiant"),
        ({"date_debut": "2026-09-01", "date_fin": "2026-08-01"}, "date_fin", "précéder le début"),
        ({"date_debut": "9999-12-31"}, "date_debut", "Saisissez une date entre le"),
        ({"date_debut": "1901-01-01"}, "date_debut", "Saisissez une date entre le"),
        ({"date_fin": "9999-12-31"}, "date_fin", "Saisissez une date entre le"),
        ({"date_debut": "31/02/2026"}, "date_debut", "Saisissez une date valide"),
        ({"date_debut": ""}, "date_debut", "Ce champ est obligatoire"),
    ],
)
def test_saisie_invalide_message_a_cote_du_champ_rien_d_enregistre(
    client_de, monde, nouvelle, changements, champ, message
):
    avant = (Affectation.objects.count(), Journal.objects.count())
    donnees = _donnees(monde, **changements)
    reponse = client_de("employeur").post(NOMMER, donnees)
    assert reponse.status_code == 200
    assert message in _erreur(reponse, champ)
    assert donnees["compte"] in reponse.content.decode()
    assert (Affectation.objects.count(), Journal.objects.count(), mail.outbox) == (*avant, [])


def test_compte_sans_adresse_ne_peut_pas_etre_nomme(client_de, monde, nouvelle):
    nouvelle.email = ""
    nouvelle.save()
    reponse = client_de("employeur").post(NOMMER, _donnees(monde))
    assert "Aucun compte ne porte cet identifiant" in _erreur(reponse, "compte")
    assert not Affectation.objects.filter(utilisateur=nouvelle).exists()


def test_le_formulaire_ne_dit_pas_quels_comptes_existent_ni_leur_adresse(
    client_de, monde, nouvelle
):
    """Attacker: an employer probing identifiers, or someone's address, with the form. An
    unknown identifier, a known one with a wrong address, and one without address read the
    same page, word for word, with nothing recorded."""
    client = client_de("employeur")

    def erreurs(**changements):
        reponse = client.post(NOMMER, _donnees(monde, **changements))
        assert reponse.status_code == 200
        return reponse.context["form"].errors

    inconnu = erreurs(compte="personne-de-ce-nom")
    mauvaise_adresse = erreurs(courriel="devine@exemple.invalid")
    autre_compte = erreurs(compte="chef", courriel="devine@exemple.invalid")
    sans_adresse = erreurs(compte="sans_role", courriel="devine@exemple.invalid")
    assert inconnu == mauvaise_adresse == autre_compte == sans_adresse
    assert list(inconnu) == ["compte"]
    assert not Affectation.objects.filter(utilisateur=nouvelle).exists()


def test_nomination_qui_chevauche_la_meme_refusee(client_de, monde):
    reponse = client_de("employeur").post(
        NOMMER,
        _donnees(monde, compte="intervenante", courriel="intervenante@exemple.invalid"),
    )
    assert "les périodes se chevauchent" in _erreur(reponse, "date_debut")
    assert monde["intervenante"].affectations.count() == 1


def test_nouvelle_nomination_apres_la_fin_de_la_precedente_acceptee(client_de, monde):
    compte = monde["intervenante"]
    affectation = compte.affectations.get()
    affectation.date_fin = datetime.date(2026, 6, 1)
    affectation.save()
    reponse = client_de("employeur").post(
        NOMMER,
        _donnees(
            monde,
            compte="intervenante",
            courriel="intervenante@exemple.invalid",
            date_debut="2026-06-01",
        ),
    )
    assert reponse.status_code == 302
    assert compte.affectations.count() == 2


@pytest.mark.parametrize("persona", ["chef", "employeur", "coordinateur"])
def test_un_compte_qui_a_un_autre_role_n_est_pas_nomme(client_de, monde, persona):
    reponse = client_de("coordinateur").post(
        NOMMER, _donnees(monde, compte=persona, courriel=f"{persona}@exemple.invalid")
    )
    assert "déjà le rôle" in _erreur(reponse, "compte")
    assert not monde[persona].affectations.filter(role=Role.INTERVENANT).exists()


def test_le_compte_d_administration_n_est_pas_nomme(client_de, monde):
    reponse = client_de("employeur").post(
        NOMMER, _donnees(monde, compte="admin", courriel="admin@exemple.invalid")
    )
    assert "compte d'administration" in _erreur(reponse, "compte")
    assert not objets_autorises(monde["admin"], "intervenants.acceder_dossiers", Poste).exists()


def test_un_compte_desactive_n_est_pas_nomme(client_de, monde, nouvelle):
    nouvelle.is_active = False
    nouvelle.save()
    reponse = client_de("employeur").post(NOMMER, _donnees(monde))
    assert "désactivé" in _erreur(reponse, "compte")


# --- Ending a naming ------------------------------------------------------------------------


def test_employeur_termine_une_nomination_aujourd_hui(client_de, monde):
    affectation = monde["intervenante"].affectations.get()
    jour = timezone.localdate()
    reponse = client_de("employeur").post(_terminer(affectation), {"date_fin": f"{jour:%Y-%m-%d}"})
    assert reponse.status_code == 302
    assert not a_la_permission(monde["intervenante"], "intervenants.acceder_dossiers", monde.poste)
    entree = Journal.objects.get(action=ActionJournal.AFFECTATION_TERMINEE)
    assert (entree.utilisateur, entree.objet_id) == (monde["employeur"], str(affectation.pk))


def test_fin_future_garde_l_acces_jusqu_a_la_date(client_de, monde):
    affectation = monde["intervenante"].affectations.get()
    fin = timezone.localdate() + datetime.timedelta(days=30)
    client_de("coordinateur").post(_terminer(affectation), {"date_fin": f"{fin:%Y-%m-%d}"})
    affectation.refresh_from_db()
    assert affectation.date_fin == fin
    assert a_la_permission(monde["intervenante"], "intervenants.acceder_dossiers", monde.poste)


@pytest.mark.parametrize(
    "date_fin, message",
    [
        ("2023-12-31", "ne peut pas précéder le début"),
        ("9999-12-31", "Saisissez une date entre le"),
        ("pas-une-date", "Saisissez une date valide"),
        ("", "Ce champ est obligatoire"),
    ],
)
def test_fin_invalide_message_a_cote_du_champ(client_de, monde, date_fin, message):
    affectation = monde["intervenante"].affectations.get()
    reponse = client_de("employeur").post(_terminer(affectation), {"date_fin": date_fin})
    assert reponse.status_code == 200
    assert message in _erreur(reponse, "date_fin")
    assert date_fin in reponse.content.decode()
    affectation.refresh_from_db()
    assert affectation.date_fin is None


def test_une_nomination_deja_terminee_ne_se_termine_pas_encore(client_de, monde):
    affectation = monde["intervenante"].affectations.get()
    affectation.date_fin = datetime.date(2025, 1, 1)
    affectation.save()
    reponse = client_de("employeur").post(_terminer(affectation), {"date_fin": "2026-03-01"})
    assert "déjà terminée" in _erreur(reponse, "date_fin")
    affectation.refresh_from_db()
    assert affectation.date_fin == datetime.date(2025, 1, 1)


def test_employeur_ne_termine_pas_la_nomination_d_un_autre_employeur(client_de, monde):
    affectation = monde["intervenant_autre"].affectations.get()
    reponse = client_de("employeur").post(_terminer(affectation), {"date_fin": "2026-03-01"})
    assert reponse.status_code == 404
    affectation.refresh_from_db()
    assert affectation.date_fin is None


@pytest.mark.parametrize("persona", ["chef", "employeur", "coordinateur"])
def test_seules_les_affectations_d_intervenant_se_terminent_ici(client_de, monde, persona):
    # The chief's, the employer's or the coordinator's own role is not a team matter: 404.
    affectation = monde[persona].affectations.get()
    reponse = client_de("coordinateur").post(_terminer(affectation), {"date_fin": "2026-03-01"})
    assert reponse.status_code == 404
