"""Qualifying a referral of the inbox: attach, open a new situation, or classer sans suite."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accueil import selectors, services
from accueil.choix import EtatSaisine, Problematique
from accueil.models import Personne, Saisine, Situation
from intervenants.models import ActionJournal, Journal, Role
from tests.accueil.conftest import comptes_des_lignes, iso, messages_de, texte
from tests.accueil.factories import SaisineRecueFactory
from tests.factories import UserFactory, affecter
from tests.navigateur import formulaire

pytestmark = pytest.mark.django_db


def _url(saisine):
    return reverse("accueil:saisine_qualifier", args=[saisine.pk])


def _donnees(saisine, decision, **autres):
    return {
        "decision": decision,
        "saisine-site": saisine.site_id,
        "saisine-origine": saisine.origine,
        "saisine-urgence": saisine.urgence,
        "saisine-date_saisine": iso(saisine.date_saisine),
        "saisine-motif": saisine.motif,
        **autres,
    }


def _nouvelle(saisine, **autres):
    return _donnees(
        saisine,
        "nouvelle",
        **{
            "personne-nom": saisine.nom_declare,
            "personne-prenom": saisine.prenom_declare,
            "personne-sexe": "F",
            "personne-annee_naissance": str(saisine.annee_naissance_declaree or ""),
            "personne-telephone": saisine.telephone_declare,
            "situation-statut_affaire": "victime",
            "situation-problematique_principale": Problematique.VC_PSYCHOLOGIQUES,
            "situation-connu_service_social": "inconnu",
            **autres,
        },
    )


@pytest.fixture
def saisine_de_brigade(monde):
    """A referral from gendarmes of brigade 1, about the person already followed."""
    gendarme = UserFactory(username="gendarme")
    affecter(gendarme, Role.AGENT, monde.brigade_1)
    return SaisineRecueFactory(
        poste=monde.poste,
        site=monde.brigade_1,
        agent=gendarme,
        origine="policier_intervention",
        nom_declare="LEFÈVRE",
        prenom_declare="Élodie",
        annee_naissance_declaree=1988,
    )


def test_la_qualification_propose_la_personne_deja_suivie(
    client_de, situation, saisine_a_qualifier
):
    reponse = client_de("intervenante").get(_url(saisine_a_qualifier))
    assert list(reponse.context["similaires"]) == [situation.personne]
    assert f'name="situation" value="{situation.pk}"' in texte(reponse)


def test_rattacher_a_la_situation_existante(client_de, aujourd_hui, situation, saisine_a_qualifier):
    personnes = Personne.objects.count()
    reponse = client_de("intervenante").post(
        _url(saisine_a_qualifier),
        _donnees(saisine_a_qualifier, "existante", situation=situation.pk),
    )
    saisine_a_qualifier.refresh_from_db()
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    assert (saisine_a_qualifier.situation, saisine_a_qualifier.etat) == (
        situation,
        EtatSaisine.PRISE_EN_CHARGE,
    )
    assert saisine_a_qualifier.date_etat == aujourd_hui
    assert Personne.objects.count() == personnes


def test_la_saisine_rattachee_quitte_la_boite(client_de, monde, situation, saisine_a_qualifier):
    reponse = client_de("intervenante").post(
        _url(saisine_a_qualifier),
        _donnees(saisine_a_qualifier, "existante", situation=situation.pk),
    )
    assert list(selectors.saisines_a_qualifier(monde["intervenante"])) == []
    assert messages_de(reponse) == [f"Saisine n° {saisine_a_qualifier.pk} prise en charge."]


def test_la_saisine_d_une_brigade_se_rattache_sans_doublon(
    client_de, monde, situation, saisine_de_brigade
):
    personnes, situations = Personne.objects.count(), Situation.objects.count()
    client_de("intervenante_binome").post(
        _url(saisine_de_brigade), _donnees(saisine_de_brigade, "existante", situation=situation.pk)
    )
    assert (Personne.objects.count(), Situation.objects.count()) == (personnes, situations)
    assert set(situation.sites.all()) == {monde.commissariat, monde.brigade_1}
    assert situation.saisines.count() == 2


def test_le_rattachement_est_journalise_comme_une_modification(
    client_de, monde, situation, saisine_a_qualifier
):
    client_de("intervenante").post(
        _url(saisine_a_qualifier),
        _donnees(saisine_a_qualifier, "existante", situation=situation.pk),
    )
    entree = Journal.objects.get(objet_type="accueil.Saisine", objet_id=str(saisine_a_qualifier.pk))
    assert (entree.action, entree.utilisateur, entree.poste) == (
        ActionJournal.MODIFICATION,
        monde["intervenante"],
        monde.poste,
    )
    assert entree.details == {"etat": "prise_en_charge"}


@pytest.mark.parametrize("choix", ["", "abc", "autre_poste"])
def test_rattacher_sans_situation_valide_est_refuse(
    client_de, situation, situation_autre, saisine_a_qualifier, choix
):
    valeur = situation_autre.pk if choix == "autre_poste" else choix
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        _url(saisine_a_qualifier), _donnees(saisine_a_qualifier, "existante", situation=valeur)
    )
    assert reponse.status_code == 200
    saisine_a_qualifier.refresh_from_db()
    assert (saisine_a_qualifier.etat, saisine_a_qualifier.situation) == (EtatSaisine.RECUE, None)
    assert comptes_des_lignes() == avant


def test_rattacher_sans_choisir_la_situation_le_dit_en_francais(
    client_de, situation, saisine_a_qualifier
):
    reponse = client_de("intervenante").post(
        _url(saisine_a_qualifier), _donnees(saisine_a_qualifier, "existante")
    )
    assert "Choisissez la situation à laquelle rattacher." in texte(reponse)


def test_ouvrir_une_nouvelle_situation_depuis_la_boite(client_de, monde, saisine_a_qualifier):
    reponse = client_de("intervenante").post(
        _url(saisine_a_qualifier), _nouvelle(saisine_a_qualifier)
    )
    situation = Situation.objects.get()
    saisine_a_qualifier.refresh_from_db()
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    assert saisine_a_qualifier.situation == situation
    assert (situation.personne.nom, situation.personne.telephone) == ("Lefevre", "06 99 88 77 66")
    assert (situation.tranche_age, situation.mineur) == ("25-39", False)


def test_la_nouvelle_situation_garde_l_agent_a_l_origine(client_de, monde, saisine_a_qualifier):
    client_de("intervenante").post(_url(saisine_a_qualifier), _nouvelle(saisine_a_qualifier))
    saisine_a_qualifier.refresh_from_db()
    assert saisine_a_qualifier.agent == monde["agent"]
    assert saisine_a_qualifier.etat == EtatSaisine.PRISE_EN_CHARGE


def test_la_qualification_prerenseigne_l_identite_declaree(client_de, saisine_a_qualifier):
    page = texte(client_de("intervenante").get(_url(saisine_a_qualifier)))
    assert 'value="Lefevre"' in page
    assert 'value="06 99 88 77 66"' in page


def test_une_nouvelle_situation_incomplete_n_enregistre_rien(client_de, saisine_a_qualifier):
    avant = comptes_des_lignes()
    donnees = _nouvelle(saisine_a_qualifier, **{"personne-nom": "", "personne-telephone": "x"})
    reponse = client_de("intervenante").post(_url(saisine_a_qualifier), donnees)
    assert reponse.context["personne_form"].errors["nom"] == ["Ce champ est obligatoire."]
    assert comptes_des_lignes() == avant


SANS_SUITE = {"decision": "sans_suite", "motif_sans_suite": "hors_secteur"}


def test_classer_sans_suite(client_de, aujourd_hui, saisine_a_qualifier):
    reponse = client_de("intervenante").post(_url(saisine_a_qualifier), SANS_SUITE)
    saisine_a_qualifier.refresh_from_db()
    assert reponse["Location"] == reverse("accueil:boite")
    assert (saisine_a_qualifier.etat, saisine_a_qualifier.date_etat) == (
        EtatSaisine.SANS_SUITE,
        aujourd_hui,
    )
    assert messages_de(reponse) == [f"Saisine n° {saisine_a_qualifier.pk} classée sans suite."]
    assert saisine_a_qualifier.motif_sans_suite == "hors_secteur"


def test_classer_sans_suite_demande_son_motif(client_de, saisine_a_qualifier):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(_url(saisine_a_qualifier), {"decision": "sans_suite"})
    assert reponse.context["decision_form"].errors == {
        "motif_sans_suite": ["Choisissez le motif du classement sans suite."]
    }
    assert comptes_des_lignes() == avant


def test_classer_sans_suite_pour_un_autre_motif_demande_une_precision(
    client_de, saisine_a_qualifier
):
    donnees = SANS_SUITE | {"motif_sans_suite": "autre", "precision_sans_suite": " "}
    reponse = client_de("intervenante").post(_url(saisine_a_qualifier), donnees)
    assert reponse.context["decision_form"].errors == {
        "precision_sans_suite": ["Précisez le motif « autre »."]
    }
    saisine_a_qualifier.refresh_from_db()
    assert saisine_a_qualifier.etat == EtatSaisine.RECUE


def test_classer_sans_suite_n_ouvre_aucune_situation_et_journalise(
    client_de, monde, saisine_a_qualifier
):
    client_de("intervenante").post(_url(saisine_a_qualifier), SANS_SUITE)
    assert Situation.objects.count() == 0
    entree = Journal.objects.get(objet_type="accueil.Saisine", objet_id=str(saisine_a_qualifier.pk))
    assert (entree.utilisateur, entree.details) == (monde["intervenante"], {"etat": "sans_suite"})


def test_la_saisine_classee_sans_suite_quitte_la_boite(client_de, monde, saisine_a_qualifier):
    client = client_de("intervenante")
    client.post(_url(saisine_a_qualifier), SANS_SUITE)
    assert list(selectors.saisines_a_qualifier(monde["intervenante"])) == []
    assert "Aucune saisine en attente" in texte(client.get(reverse("accueil:boite")))


def test_une_saisine_sans_suite_ne_se_requalifie_pas(client_de, monde, saisine_a_qualifier):
    services.classer_sans_suite(auteur=monde["intervenante"], saisine=saisine_a_qualifier)
    reponse = client_de("intervenante").get(_url(saisine_a_qualifier))
    assert reponse.status_code == 302
    assert messages_de(reponse) == ["Cette saisine est déjà qualifiée."]


def test_une_saisine_deja_prise_en_charge_renvoie_au_dossier(client_de, situation):
    saisine = situation.saisines.get()
    reponse = client_de("intervenante").get(_url(saisine))
    assert reponse["Location"] == reverse("accueil:situation", args=[situation.pk])
    assert messages_de(reponse) == ["Cette saisine est déjà qualifiée."]


def test_une_decision_inconnue_ne_change_rien(client_de, saisine_a_qualifier):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(_url(saisine_a_qualifier), {"decision": "effacer"})
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.context["decision_form"].errors["decision"][0]
    assert comptes_des_lignes() == avant


def test_la_binome_ne_qualifie_pas_une_seconde_fois_une_saisine_deja_prise_en_charge(
    client_de, saisine_a_qualifier
):
    # Both workers opened the inbox; the first one opens a new situation.
    client_de("intervenante").post(_url(saisine_a_qualifier), _nouvelle(saisine_a_qualifier))
    reponse = client_de("intervenante_binome").post(
        _url(saisine_a_qualifier), _nouvelle(saisine_a_qualifier)
    )
    assert (Personne.objects.count(), Situation.objects.count()) == (1, 1)
    assert messages_de(reponse) == ["Cette saisine est déjà qualifiée."]


def test_une_saisine_prise_en_charge_ne_se_classe_plus_sans_suite(
    client_de, situation, saisine_a_qualifier
):
    client_de("intervenante").post(
        _url(saisine_a_qualifier),
        _donnees(saisine_a_qualifier, "existante", situation=situation.pk),
    )
    client_de("intervenante_binome").post(_url(saisine_a_qualifier), SANS_SUITE)
    saisine_a_qualifier.refresh_from_db()
    assert saisine_a_qualifier.etat == EtatSaisine.PRISE_EN_CHARGE


def test_une_saisine_classee_sans_suite_ne_se_prend_plus_en_charge(
    client_de, situation, saisine_a_qualifier
):
    client_de("intervenante").post(_url(saisine_a_qualifier), SANS_SUITE)
    client_de("intervenante_binome").post(
        _url(saisine_a_qualifier),
        _donnees(saisine_a_qualifier, "existante", situation=situation.pk),
    )
    saisine_a_qualifier.refresh_from_db()
    assert (saisine_a_qualifier.etat, saisine_a_qualifier.situation) == (
        EtatSaisine.SANS_SUITE,
        None,
    )


# Issue 16, item 6: the new-situation selects used to start on their first option, so a
# neighbours' dispute qualified with the radio alone was recorded as victime / violences
# conjugales. The page is submitted as a browser would, with only the radio chosen.
@pytest.fixture
def saisine_de_voisinage(monde):
    return SaisineRecueFactory(
        poste=monde.poste,
        site=monde.commissariat,
        motif="Conflit de voisinage : bruit et menaces entre voisins de palier.",
        nom_declare="Martin",
        annee_naissance_declaree=1970,
    )


def _valider_avec_la_seule_decision(client, saisine):
    page = client.get(_url(saisine))
    donnees = formulaire(page)
    donnees["decision"] = ["nouvelle"]
    return client.post(_url(saisine), donnees)


def test_le_conflit_de_voisinage_qualifie_par_le_seul_bouton_n_enregistre_rien(
    client_de, saisine_de_voisinage
):
    avant = comptes_des_lignes()
    reponse = _valider_avec_la_seule_decision(client_de("intervenante"), saisine_de_voisinage)
    saisine_de_voisinage.refresh_from_db()
    assert reponse.status_code == 200
    assert (saisine_de_voisinage.etat, saisine_de_voisinage.situation) == (EtatSaisine.RECUE, None)
    assert comptes_des_lignes() == avant


def test_le_conflit_de_voisinage_qualifie_par_le_seul_bouton_dit_les_champs_a_remplir(
    client_de, saisine_de_voisinage
):
    reponse = _valider_avec_la_seule_decision(client_de("intervenante"), saisine_de_voisinage)
    erreurs = reponse.context["situation_form"].errors
    assert erreurs["statut_affaire"] == ["Ce champ est obligatoire."]
    assert erreurs["problematique_principale"] == ["Ce champ est obligatoire."]
    assert 'value="Martin"' in texte(reponse)


def test_le_bloc_nouvelle_situation_s_ouvre_sans_javascript_quand_elle_est_choisie(
    client_de, saisine_de_voisinage
):
    reponse = _valider_avec_la_seule_decision(client_de("intervenante"), saisine_de_voisinage)
    assert '<details class="mb-3" id="bloc-nouvelle-situation" open>' in texte(reponse)


def test_les_listes_de_la_nouvelle_situation_commencent_vides(client_de, saisine_de_voisinage):
    donnees = formulaire(client_de("intervenante").get(_url(saisine_de_voisinage)))
    assert [
        donnees[f"situation-{c}"]
        for c in ("statut_affaire", "problematique_principale", "connu_service_social")
    ] == [[""], [""], [""]]
    assert donnees["personne-sexe"] == [""]


def test_la_qualification_garde_l_urgence_declaree_par_l_agent(client_de, saisine_a_qualifier):
    Saisine.objects.filter(pk=saisine_a_qualifier.pk).update(urgence="danger_immediat")
    saisine_a_qualifier.refresh_from_db()
    client_de("intervenante").post(_url(saisine_a_qualifier), _nouvelle(saisine_a_qualifier))
    saisine_a_qualifier.refresh_from_db()
    assert (saisine_a_qualifier.etat, saisine_a_qualifier.urgence) == (
        EtatSaisine.PRISE_EN_CHARGE,
        "danger_immediat",
    )


def test_deux_qualifications_simultanees_n_ouvrent_qu_une_situation(monde, saisine_a_qualifier):
    """Both views read the referral unqualified before either took the post's lock (two
    workers sending at the same moment): the second one, run once the first has committed,
    records nothing instead of a second person and situation."""
    lue_par_la_binome = Saisine.objects.get(pk=saisine_a_qualifier.pk)
    champs = {
        "poste": monde.poste,
        "site": saisine_a_qualifier.site,
        "origine": saisine_a_qualifier.origine,
        "date_saisine": saisine_a_qualifier.date_saisine,
        "motif": "Motif",
        "donnees_personne": {"nom": "Lefevre", "sexe": "F"},
        "donnees_situation": {
            "statut_affaire": "victime",
            "problematique_principale": Problematique.VC_PSYCHOLOGIQUES,
        },
    }
    services.enregistrer_saisine(
        auteur=monde["intervenante"], saisine=saisine_a_qualifier, **champs
    )
    with pytest.raises(ValidationError, match="vient d'être qualifiée"):
        services.enregistrer_saisine(
            auteur=monde["intervenante_binome"], saisine=lue_par_la_binome, **champs
        )
    with pytest.raises(ValidationError, match="vient d'être qualifiée"):
        services.classer_sans_suite(
            auteur=monde["intervenante_binome"], saisine=lue_par_la_binome, motif_sans_suite="autre"
        )
    assert (Personne.objects.count(), Situation.objects.count()) == (1, 1)
    saisine_a_qualifier.refresh_from_db()
    assert saisine_a_qualifier.etat == EtatSaisine.PRISE_EN_CHARGE
