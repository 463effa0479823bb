"""The worker's profile (issue 17, item 7): seen and edited by her and by her employer."""

import pytest
from django.urls import reverse

from intervenants.models import ActionJournal, Intervenant, Journal
from intervenants.versions import MESSAGE_CONFLIT
from tests.navigateur import formulaire

pytestmark = pytest.mark.django_db

MON_PROFIL = reverse("intervenants:profil_modifier")
ESPACE = reverse("espace:espace")
BANDEAU = "Votre statut au regard du secret professionnel n'est pas renseigné"


def _profil_de_l_equipe(monde):
    return reverse("intervenants:equipe_profil_modifier", args=[monde["intervenante"].pk])


def _donnees(**changements):
    return {
        "version": "1",
        "diplome": "DEASS",
        "statut_secret": "profession",
        "date_prise_fonction": "2025-09-01",
        "formation_sur_site": "on",
        "formation_debut": "2025-06-02",
        "formation_fin": "2025-06-27",
    } | changements


def _erreur(reponse, champ):
    return " ".join(reponse.context["form"].errors.get(champ, []))


def test_l_intervenante_renseigne_son_profil(client_de, monde):
    client = client_de("intervenante")
    assert client.post(MON_PROFIL, _donnees()).status_code == 302
    profil = Intervenant.objects.get(utilisateur=monde["intervenante"])
    assert profil.statut_secret == "profession" and profil.diplome == "DEASS"
    assert str(profil.formation_debut) == "2025-06-02"
    assert str(profil.formation_fin) == "2025-06-27"
    entree = Journal.objects.get(action=ActionJournal.MODIFICATION, objet_id=profil.pk)
    assert entree.utilisateur == monde["intervenante"] and entree.poste == monde.poste
    assert "statut_secret" in entree.details["profil"]


def test_le_bandeau_reste_tant_que_le_statut_n_est_pas_renseigne(client_de, monde):
    client = client_de("intervenante")
    page = client.get(ESPACE).content.decode()
    assert BANDEAU in page and MON_PROFIL in page
    client.post(MON_PROFIL, _donnees(statut_secret=""))
    assert BANDEAU in client.get(ESPACE).content.decode()
    client.post(MON_PROFIL, _donnees())
    assert BANDEAU not in client.get(ESPACE).content.decode()


@pytest.mark.parametrize("persona", ["chef", "agent", "employeur", "coordinateur", "clspd"])
def test_pas_de_bandeau_pour_les_autres_roles(client_de, monde, persona):
    assert BANDEAU not in client_de(persona).get(ESPACE).content.decode()


def test_l_employeur_voit_et_modifie_le_profil(client_de, monde):
    Intervenant.objects.create(utilisateur=monde["intervenante"], diplome="DEES")
    client = client_de("employeur")
    page = client.get(_profil_de_l_equipe(monde))
    assert page.context["form"]["diplome"].value() == "DEES"
    assert client.post(_profil_de_l_equipe(monde), _donnees()).status_code == 302
    assert Intervenant.objects.get(utilisateur=monde["intervenante"]).diplome == "DEASS"
    entree = Journal.objects.filter(action=ActionJournal.MODIFICATION).latest("id")
    assert entree.utilisateur == monde["employeur"]


def test_l_employeur_d_un_autre_poste_obtient_une_404(client_de, monde):
    url = reverse("intervenants:equipe_profil_modifier", args=[monde["intervenant_autre"].pk])
    assert client_de("employeur").get(url).status_code == 404
    assert client_de("employeur").post(url, _donnees()).status_code == 404
    assert not Intervenant.objects.exists()
    # A non-worker account of the employer's sites either.
    url = reverse("intervenants:equipe_profil_modifier", args=[monde["chef"].pk])
    assert client_de("employeur").get(url).status_code == 404


@pytest.mark.parametrize(
    ("changements", "champ", "message"),
    [
        ({"formation_fin": "2025-05-01"}, "formation_fin", "précède son début"),
        ({"formation_debut": ""}, "formation_debut", "Indiquez le début"),
        ({"formation_sur_site": ""}, "formation_sur_site", "cochez cette case"),
        ({"date_prise_fonction": "1789-07-14"}, "date_prise_fonction", "Saisissez une date"),
        ({"statut_secret": "n_importe_quoi"}, "statut_secret", "Sélectionnez un choix valide"),
    ],
)
def test_mauvaises_saisies_refusees_en_francais(client_de, monde, changements, champ, message):
    reponse = client_de("intervenante").post(MON_PROFIL, _donnees(**changements))
    assert reponse.status_code == 200
    assert message in _erreur(reponse, champ)
    assert reponse.context["form"]["diplome"].value() == "DEASS"
    assert not Intervenant.objects.exists()


def test_deux_enregistrements_croises_le_second_est_refuse_sans_perte(client_de, monde):
    Intervenant.objects.create(utilisateur=monde["intervenante"], statut_secret="mission")
    client_de("employeur").post(_profil_de_l_equipe(monde), _donnees(diplome="DEASS"))
    # The worker had opened version 1 too.
    reponse = client_de("intervenante").post(MON_PROFIL, _donnees(diplome="DEES"))
    assert reponse.status_code == 200
    assert "modifié par quelqu'un d'autre" in " ".join(reponse.context["form"].non_field_errors())
    assert reponse.context["form"]["diplome"].value() == "DEES"
    assert Intervenant.objects.get().diplome == "DEASS"
    assert MESSAGE_CONFLIT  # the shared wording exists; the profile names itself


def test_le_formulaire_renvoye_inchange_ne_perd_rien(client_de, monde):
    Intervenant.objects.create(
        utilisateur=monde["intervenante"],
        diplome="DEASS",
        statut_secret="profession",
        formation_sur_site=True,
        formation_debut="2025-06-02",
        formation_fin="2025-06-27",
    )
    avant = Intervenant.objects.values().get()
    client = client_de("intervenante")
    page = client.get(MON_PROFIL)
    assert client.post(MON_PROFIL, formulaire(page)).status_code == 302
    assert Intervenant.objects.values().get() == avant


def test_sans_profil_le_formulaire_inchange_ne_cree_rien(client_de, monde):
    client = client_de("intervenante")
    assert client.post(MON_PROFIL, formulaire(client.get(MON_PROFIL))).status_code == 302
    assert not Intervenant.objects.exists()
