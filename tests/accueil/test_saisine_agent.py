"""The officer's referral, and the acknowledgements the police side sees: nothing more."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accueil import selectors, services
from accueil.choix import EtatSaisine, Problematique, TypeActe, TypePartenaire, Urgence
from accueil.models import Saisine
from intervenants.models import ActionJournal, Journal, Role
from tests.accueil.conftest import comptes_des_lignes, messages_de, texte
from tests.accueil.factories import PartenaireFactory, SaisineRecueFactory
from tests.factories import UserFactory, affecter

pytestmark = pytest.mark.django_db

NOM = "Quintavalle"
PRENOM = "Zéphyrine"
TELEPHONE = "07 61 52 43 34"
MOTIF = "Menaces répétées par l'ancien compagnon, enfants présents"
NOTES = "Elle évoque une tentative d'étranglement en août."
RESUME = "Éléments transmis au parquet : strangulation, enfants témoins."
PARTENAIRE = "Solidarité Femmes Estuaire"


def _formulaire(monde, **autres):
    return {
        "site": monde.commissariat.pk,
        "nom": NOM,
        "prenom": PRENOM,
        "annee_naissance": "1991",
        "telephone": TELEPHONE,
        "origine": "policier_accueil",
        "urgence": "ordinaire",
        "motif": MOTIF,
        "personne_informee": "on",
        **autres,
    }


def _adresser(client_de, monde, **autres):
    return client_de("agent").post(reverse("accueil:orienter"), _formulaire(monde, **autres))


@pytest.fixture
def saisine_de_l_agent(client_de, monde):
    _adresser(client_de, monde)
    return Saisine.objects.get(nom_declare=NOM)


@pytest.fixture
def saisine_suivie(saisine_de_l_agent, monde):
    """The referral taken up by the worker, with everything confidential a file can hold."""
    intervenante = monde["intervenante"]
    jour = saisine_de_l_agent.date_saisine
    saisine = services.enregistrer_saisine(
        auteur=intervenante,
        poste=monde.poste,
        site=monde.commissariat,
        origine="policier_accueil",
        date_saisine=jour,
        motif=MOTIF,
        saisine=saisine_de_l_agent,
        donnees_personne={"nom": NOM, "prenom": PRENOM, "annee_naissance": 1991, "sexe": "F"},
        donnees_situation={
            "statut_affaire": "victime",
            "problematique_principale": Problematique.VC_PHYSIQUES,
            "problematiques": [Problematique.ENFANT_EXPOSE],
            "enfants_au_foyer": 2,
        },
    )
    situation = saisine.situation
    services.enregistrer_entretien(
        auteur=intervenante,
        situation=situation,
        date=jour,
        mode="physique",
        duree_minutes=50,
        adhesion=True,
        notes=NOTES,
    )
    services.enregistrer_acte(
        auteur=intervenante, situation=situation, date=jour, type=TypeActe.EVALUATION
    )
    partenaire = PartenaireFactory(
        departement=monde.departement, nom=PARTENAIRE, type=TypePartenaire.CIDFF
    )
    services.enregistrer_orientation(
        auteur=intervenante,
        situation=situation,
        date=jour,
        partenaire=partenaire,
        type_partenaire="",
        consentement=True,
    )
    services.enregistrer_transmission(
        auteur=intervenante,
        situation=situation,
        nature="signalement_procureur",
        fondement="cp_226_14",
        destinataire="Parquet de Saint-Nazaire",
        date=jour,
        resume=RESUME,
        copie_crip=True,
        date_copie_crip=jour,
        personne_informee=True,
        motif_non_information="",
    )
    saisine.refresh_from_db()
    return saisine


CONFIDENTIEL = [
    NOM,
    NOM.upper(),
    PRENOM,
    TELEPHONE,
    MOTIF,
    "Menaces répétées",
    NOTES,
    "étranglement",
    RESUME,
    "Parquet de Saint-Nazaire",
    PARTENAIRE,
    TypeActe.EVALUATION.label,
    TypePartenaire.CIDFF.label,
    Problematique.VC_PHYSIQUES.label,
    Problematique.ENFANT_EXPOSE.label,
    "signalement",
    "Entretien",
    "Orientation",
    "1991",
]


def _fuites(page: str) -> list[str]:
    return [mot for mot in CONFIDENTIEL if mot in page]


# --- The officer's form ----------------------------------------------------------------------


def test_la_saisine_de_l_agent_arrive_dans_la_boite_du_poste(client_de, monde):
    reponse = _adresser(client_de, monde)
    saisine = Saisine.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("accueil:mes_saisines")
    assert (saisine.poste, saisine.site, saisine.agent) == (
        monde.poste,
        monde.commissariat,
        monde["agent"],
    )
    assert (saisine.etat, saisine.situation) == (EtatSaisine.RECUE, None)
    assert list(selectors.saisines_a_qualifier(monde["intervenante_binome"])) == [saisine]


def test_l_agent_recoit_le_numero_a_noter_en_main_courante(client_de, monde):
    reponse = _adresser(client_de, monde)
    saisine = Saisine.objects.get()
    assert messages_de(reponse) == [
        f"Saisine n° {saisine.pk} transmise à l'intervenant·e social·e. "
        "Notez ce numéro dans votre main courante."
    ]


def test_la_saisine_de_l_agent_est_journalisee_sans_identite(client_de, monde):
    _adresser(client_de, monde)
    saisine = Saisine.objects.get()
    entree = Journal.objects.get(action=ActionJournal.CREATION)
    assert (entree.utilisateur, entree.poste) == (monde["agent"], monde.poste)
    assert (entree.objet_type, entree.objet_id) == ("accueil.Saisine", str(saisine.pk))
    assert _fuites(str(entree.details)) == []


def test_l_intervenant_d_un_autre_poste_ne_recoit_pas_la_saisine(client_de, monde):
    _adresser(client_de, monde)
    assert list(selectors.saisines_a_qualifier(monde["intervenant_autre"])) == []


def test_l_agent_ne_peut_adresser_depuis_une_unite_qui_n_est_pas_la_sienne(client_de, monde):
    avant = comptes_des_lignes()
    reponse = _adresser(client_de, monde, site=monde.brigade_1.pk)
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.context["form"].errors["site"][0]
    assert comptes_des_lignes() == avant


def test_le_consentement_de_la_personne_est_obligatoire(client_de, monde):
    formulaire = _formulaire(monde)
    del formulaire["personne_informee"]
    avant = comptes_des_lignes()
    reponse = client_de("agent").post(reverse("accueil:orienter"), formulaire)
    assert reponse.context["form"].errors["personne_informee"] == [
        "La personne doit être informée de l'orientation."
    ]
    assert "La personne doit être informée de l&#x27;orientation." in texte(reponse)
    assert comptes_des_lignes() == avant


@pytest.mark.parametrize(
    "champ, valeur, message",
    [
        ("telephone", "appelez-moi", "Saisissez un numéro de téléphone (chiffres, espaces, +)."),
        ("telephone", "12", "Saisissez un numéro de téléphone (chiffres, espaces, +)."),
        ("motif", "x" * 501, "501"),
        ("motif", "", "Ce champ est obligatoire."),
        ("nom", "", "Ce champ est obligatoire."),
        ("nom", "N" * 101, "101"),
        ("annee_naissance", "1850", "1900"),
        ("annee_naissance", "deux-mille", "Saisissez un nombre entier."),
        ("origine", "enqueteur_fantome", "Sélectionnez un choix valide"),
    ],
)
def test_une_saisine_invalide_de_l_agent_n_enregistre_rien(
    client_de, monde, champ, valeur, message
):
    avant = comptes_des_lignes()
    reponse = _adresser(client_de, monde, **{champ: valeur})
    assert reponse.status_code == 200
    assert message in " ".join(reponse.context["form"].errors[champ])
    assert comptes_des_lignes() == avant


def test_une_annee_de_naissance_a_venir_est_refusee(client_de, monde):
    annee = timezone.localdate().year + 1
    reponse = _adresser(client_de, monde, annee_naissance=str(annee))
    assert reponse.context["form"].errors["annee_naissance"] == [
        "L'année de naissance ne peut pas être à venir."
    ]
    assert Saisine.objects.count() == 0


def test_le_formulaire_refuse_garde_la_saisie(client_de, monde):
    reponse = _adresser(client_de, monde, telephone="appelez-moi")
    page = texte(reponse)
    assert 'value="appelez-moi"' in page
    assert "Menaces répétées" in page


# --- The officer's acknowledgements ----------------------------------------------------------


def test_l_agent_voit_sa_saisine_recue_sans_l_identite(client_de, saisine_de_l_agent, monde):
    page = texte(client_de("agent").get(reverse("accueil:mes_saisines")))
    assert f'<td data-label="N°">{saisine_de_l_agent.pk}</td>' in page
    assert f'<td data-label="Unité">{monde.commissariat.nom}</td>' in page
    assert "reçue" in page
    assert _fuites(page) == []


def test_l_agent_voit_la_prise_en_charge_et_sa_date_rien_d_autre(client_de, saisine_suivie):
    page = texte(client_de("agent").get(reverse("accueil:mes_saisines")))
    assert "prise en charge</span> le " + saisine_suivie.date_etat.strftime("%d/%m/%Y") in page
    assert _fuites(page) == []


def test_l_agent_voit_le_classement_sans_suite(client_de, saisine_de_l_agent, monde):
    services.classer_sans_suite(auteur=monde["intervenante"], saisine=saisine_de_l_agent)
    page = texte(client_de("agent").get(reverse("accueil:mes_saisines")))
    assert "sans suite" in page
    assert _fuites(page) == []


def test_l_accueil_de_l_agent_ne_montre_que_l_etat(client_de, saisine_suivie):
    page = texte(client_de("agent").get(reverse("espace:espace")))
    assert f"n° {saisine_suivie.pk} : prise en charge" in page
    assert _fuites(page) == []


def test_l_agent_ne_voit_pas_les_saisines_d_un_collegue(client_de, monde, saisine_de_l_agent):
    collegue = UserFactory(username="collegue")
    affecter(collegue, Role.AGENT, monde.commissariat)
    client_de("agent").logout()
    client = client_de("anonyme")
    client.force_login(collegue)
    page = texte(client.get(reverse("accueil:mes_saisines")))
    assert "Aucune saisine pour le moment." in page
    assert f'<td data-label="N°">{saisine_de_l_agent.pk}</td>' not in page


def test_l_agent_ne_voit_pas_les_saisines_d_une_autre_unite_du_poste(client_de, monde):
    SaisineRecueFactory(poste=monde.poste, site=monde.brigade_1, agent=None)
    page = texte(client_de("agent").get(reverse("accueil:mes_saisines")))
    assert "Aucune saisine pour le moment." in page


# --- The chief's acknowledgements ------------------------------------------------------------


def test_le_chef_voit_la_prise_en_charge_des_saisines_de_son_unite(client_de, saisine_suivie):
    page = texte(client_de("chef").get(reverse("accueil:saisines_unite")))
    assert f'<td data-label="N°">{saisine_suivie.pk}</td>' in page
    assert "prise en charge</span> le " + saisine_suivie.date_etat.strftime("%d/%m/%Y") in page


def test_le_chef_ne_voit_pas_les_notes_ni_l_identite(client_de, saisine_suivie):
    page = texte(client_de("chef").get(reverse("accueil:saisines_unite")))
    assert _fuites(page) == []


def test_l_accueil_du_chef_ne_montre_qu_un_compte(client_de, saisine_suivie):
    page = texte(client_de("chef").get(reverse("espace:espace")))
    assert "1 saisine : prise en charge et date" in page
    assert _fuites(page) == []


def test_le_chef_ne_voit_pas_les_saisines_d_une_brigade(client_de, monde):
    saisine = SaisineRecueFactory(poste=monde.poste, site=monde.brigade_1, agent=monde["agent"])
    page = texte(client_de("chef").get(reverse("accueil:saisines_unite")))
    assert f'<td data-label="N°">{saisine.pk}</td>' not in page
    assert "Aucune saisine pour le moment." in page


def test_le_chef_ne_voit_pas_les_demarches_spontanees_de_son_site(client_de, monde):
    spontanee = SaisineRecueFactory(
        poste=monde.poste, site=monde.commissariat, agent=None, origine="spontanee"
    )
    page = texte(client_de("chef").get(reverse("accueil:saisines_unite")))
    assert f'<td data-label="N°">{spontanee.pk}</td>' not in page


def test_les_accuses_sont_pagines(client_de, monde):
    for i in range(27):
        SaisineRecueFactory(
            poste=monde.poste,
            site=monde.commissariat,
            agent=monde["agent"],
            date_saisine=datetime.date(2026, 4, 1) + datetime.timedelta(days=i),
        )
    client = client_de("agent")
    premiere = client.get(reverse("accueil:mes_saisines"))
    seconde = client.get(reverse("accueil:mes_saisines"), {"page": "2"})
    assert len(premiere.context["page"].object_list) == 25
    assert len(seconde.context["page"].object_list) == 2
    assert client.get(reverse("accueil:mes_saisines"), {"page": "abc"}).status_code == 200


def test_l_agent_mute_ne_voit_plus_les_saisines_de_son_ancienne_unite(
    client_de, monde, saisine_de_l_agent
):
    from intervenants.models import Affectation
    from intervenants.services import terminer_affectation

    ancienne = Affectation.objects.get(utilisateur=monde["agent"])
    terminer_affectation(affectation=ancienne, date_fin=datetime.date(2026, 1, 1))
    affecter(monde["agent"], Role.AGENT, monde.brigade_1)
    page = texte(client_de("agent").get(reverse("accueil:mes_saisines")))
    assert f'<td data-label="N°">{saisine_de_l_agent.pk}</td>' not in page
    assert "Aucune saisine pour le moment." in page


# Issue 16, item 4: the officer says how urgent it is; the choice is never guessed.
def test_l_agent_indique_l_urgence(client_de, monde):
    _adresser(client_de, monde, urgence="danger_immediat")
    assert Saisine.objects.get().urgence == Urgence.DANGER_IMMEDIAT


def test_l_urgence_non_choisie_est_demandee_en_francais(client_de, monde):
    avant = comptes_des_lignes()
    reponse = _adresser(client_de, monde, urgence="")
    assert reponse.context["form"].errors["urgence"] == ["Ce champ est obligatoire."]
    assert comptes_des_lignes() == avant
