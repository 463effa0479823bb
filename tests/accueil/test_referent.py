"""The referent worker of a situation and the two tabs of the caseload (issue 16, item 9)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accueil import services
from intervenants import services as services_intervenants
from intervenants.models import ActionJournal, Journal, Role
from tests.accueil.conftest import comptes_des_lignes, messages_de, texte
from tests.accueil.factories import SaisineRecueFactory, SituationFactory
from tests.accueil.test_saisine_qualifier import _donnees, _nouvelle
from tests.factories import UserFactory, affecter

pytestmark = pytest.mark.django_db

DOSSIERS = reverse("accueil:dossiers")


def _url(situation):
    return reverse("accueil:situation_referent", args=[situation.pk])


def _journal_du_referent(situation):
    return Journal.objects.filter(
        action=ActionJournal.MODIFICATION,
        objet_type="accueil.Situation",
        objet_id=str(situation.pk),
        details__has_key="referent",
    )


def _situation(monde, nom, referent=None, **extra):
    return SituationFactory(
        personne__poste=monde.poste, personne__nom=nom, referent=referent, **extra
    )


def _noms(reponse) -> list[str]:
    return sorted(s.personne.nom for s in reponse.context["page"].object_list)


# --- Filled in when the situation is opened or taken up ---------------------------------------


def test_l_intervenante_qui_ouvre_la_situation_en_est_referente(monde):
    saisine = services.enregistrer_saisine(
        auteur=monde["intervenante_binome"],
        poste=monde.poste,
        site=monde.commissariat,
        origine="spontanee",
        date_saisine=datetime.date(2026, 3, 2),
        motif="Se présente à l'accueil",
        donnees_personne={"nom": "Nouvelle", "sexe": "F"},
        donnees_situation={
            "statut_affaire": "victime",
            "problematique_principale": "harcelement",
        },
    )
    assert saisine.situation.referent == monde["intervenante_binome"]


def test_qualifier_une_saisine_en_nouvelle_situation_nomme_la_referente(client_de, monde):
    saisine = SaisineRecueFactory(
        poste=monde.poste, site=monde.commissariat, annee_naissance_declaree=1990
    )
    client_de("intervenante_binome").post(
        reverse("accueil:saisine_qualifier", args=[saisine.pk]), _nouvelle(saisine)
    )
    saisine.refresh_from_db()
    assert saisine.situation.referent == monde["intervenante_binome"]


def test_rattacher_a_une_situation_sans_referent_en_nomme_un_et_le_journalise(client_de, monde):
    ancienne = _situation(monde, "Ancienne")
    saisine = SaisineRecueFactory(poste=monde.poste, site=monde.commissariat)
    client_de("intervenante").post(
        reverse("accueil:saisine_qualifier", args=[saisine.pk]),
        _donnees(saisine, "existante", situation=ancienne.pk),
    )
    ancienne.refresh_from_db()
    assert ancienne.referent == monde["intervenante"]
    assert _journal_du_referent(ancienne).get().details == {"referent": monde["intervenante"].pk}


def test_rattacher_ne_change_pas_une_referente_deja_nommee(client_de, monde):
    suivie = _situation(monde, "Suivie", referent=monde["intervenante"])
    saisine = SaisineRecueFactory(poste=monde.poste, site=monde.commissariat)
    client_de("intervenante_binome").post(
        reverse("accueil:saisine_qualifier", args=[saisine.pk]),
        _donnees(saisine, "existante", situation=suivie.pk),
    )
    suivie.refresh_from_db()
    assert suivie.referent == monde["intervenante"]
    assert not _journal_du_referent(suivie).exists()


# --- Changed from the file, among the workers of the post --------------------------------------


def test_le_dossier_montre_la_referente_et_le_lien_pour_la_changer(client_de, monde):
    situation = _situation(monde, "Montree", referent=monde["intervenante_binome"])
    page = texte(client_de("intervenante").get(reverse("accueil:situation", args=[situation.pk])))
    assert "Intervenante_Binome Persona" in page
    assert _url(situation) in page


def test_le_choix_ne_propose_que_les_intervenants_du_poste(client_de, monde):
    situation = _situation(monde, "Choix")
    ancienne = UserFactory(username="partie", first_name="Partie", last_name="Persona")
    affecter(ancienne, Role.INTERVENANT, monde.poste, date_fin=datetime.date(2025, 1, 1))
    champ = client_de("intervenante").get(_url(situation)).context["form"].fields["referent"]
    assert set(champ.queryset) == {monde["intervenante"], monde["intervenante_binome"]}


def test_changer_de_referente_enregistre_et_journalise(client_de, monde):
    situation = _situation(monde, "Changee", referent=monde["intervenante"])
    reponse = client_de("intervenante").post(
        _url(situation), {"referent": monde["intervenante_binome"].pk}
    )
    assert reponse.status_code == 302
    situation.refresh_from_db()
    assert situation.referent == monde["intervenante_binome"]
    entree = _journal_du_referent(situation).get()
    assert (entree.utilisateur, entree.poste) == (monde["intervenante"], monde.poste)
    assert "Intervenante_Binome Persona est désormais référent·e" in messages_de(reponse)[0]


def test_le_formulaire_renvoye_deux_fois_n_ecrit_qu_une_fois(client_de, monde):
    situation = _situation(monde, "Deuxfois", referent=monde["intervenante"])
    client = client_de("intervenante")
    client.post(_url(situation), {"referent": monde["intervenante_binome"].pk})
    reponse = client.post(_url(situation), {"referent": monde["intervenante_binome"].pk})
    assert reponse.status_code == 302
    assert _journal_du_referent(situation).count() == 1
    assert "rien n'a changé" in messages_de(reponse)[-1]


@pytest.mark.parametrize("persona", ["intervenant_autre", "chef", "agent", "employeur", "admin"])
def test_un_compte_hors_du_poste_ne_peut_pas_etre_referent(client_de, monde, persona):
    situation = _situation(monde, "Protegee", referent=monde["intervenante"])
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(_url(situation), {"referent": monde[persona].pk})
    assert reponse.status_code == 200
    assert "seul·e un·e collègue du poste peut la suivre" in texte(reponse)
    assert comptes_des_lignes() == avant
    situation.refresh_from_db()
    assert situation.referent == monde["intervenante"]


@pytest.mark.parametrize("valeur", ["", "abc", "-1", "99999999", "1 OR 1=1", "9" * 40])
def test_des_valeurs_absurdes_sont_refusees_en_francais(client_de, monde, valeur):
    situation = _situation(monde, "Absurde", referent=monde["intervenante"])
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(_url(situation), {"referent": valeur})
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["referent"]
    assert comptes_des_lignes() == avant


def test_le_service_refuse_un_intervenant_d_un_autre_poste(monde):
    situation = _situation(monde, "Service")
    with pytest.raises(ValidationError) as erreur:
        services.designer_referent(
            auteur=monde["intervenante"], situation=situation, referent=monde["intervenant_autre"]
        )
    assert "referent" in erreur.value.message_dict
    situation.refresh_from_db()
    assert situation.referent is None


def test_une_intervenante_partie_du_poste_ne_peut_plus_etre_nommee(monde):
    situation = _situation(monde, "Partie")
    affectation = monde["intervenante_binome"].affectations.get(role=Role.INTERVENANT)
    services_intervenants.terminer_affectation(
        auteur=monde["employeur"], affectation=affectation, date_fin=datetime.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.designer_referent(
            auteur=monde["intervenante"], situation=situation, referent=monde["intervenante_binome"]
        )


def test_l_intervenant_d_un_autre_poste_n_atteint_pas_la_page(client_de, monde):
    situation = _situation(monde, "Ailleurs", referent=monde["intervenante"])
    client = client_de("intervenant_autre")
    assert client.get(_url(situation)).status_code == 404
    reponse = client.post(_url(situation), {"referent": monde["intervenant_autre"].pk})
    assert reponse.status_code == 404
    situation.refresh_from_db()
    assert situation.referent == monde["intervenante"]


# --- « Mes situations » and « Le poste » ---------------------------------------------------------


@pytest.fixture
def partagees(monde):
    return [
        _situation(monde, "Mienne", referent=monde["intervenante"]),
        _situation(monde, "Sienne", referent=monde["intervenante_binome"]),
        _situation(monde, "Personne"),
    ]


def test_le_poste_montre_toutes_les_situations_et_leur_referent(client_de, partagees):
    reponse = client_de("intervenante").get(DOSSIERS)
    assert _noms(reponse) == ["Mienne", "Personne", "Sienne"]
    assert "Intervenante_Binome Persona" in texte(reponse)


def test_mes_situations_ne_montre_que_celles_dont_je_suis_referente(client_de, partagees):
    assert _noms(client_de("intervenante").get(DOSSIERS, {"vue": "miennes"})) == ["Mienne"]
    assert _noms(client_de("intervenante_binome").get(DOSSIERS, {"vue": "miennes"})) == ["Sienne"]


def test_l_onglet_choisi_est_garde_d_une_page_a_l_autre(client_de, partagees):
    client = client_de("intervenante")
    client.get(DOSSIERS, {"vue": "miennes"})
    assert _noms(client.get(DOSSIERS)) == ["Mienne"]
    client.get(DOSSIERS, {"vue": "poste"})
    assert len(_noms(client.get(DOSSIERS))) == 3


def test_les_onglets_gardent_les_filtres(client_de, monde, partagees):
    _situation(
        monde, "Closemienne", referent=monde["intervenante"], date_cloture=datetime.date(2026, 5, 1)
    )
    reponse = client_de("intervenante").get(DOSSIERS, {"vue": "miennes", "closes": "on"})
    assert _noms(reponse) == ["Closemienne"]
    assert 'href="?vue=poste&amp;closes=on"' in texte(reponse)


def test_un_onglet_inconnu_garde_le_poste(client_de, partagees):
    reponse = client_de("intervenante").get(DOSSIERS, {"vue": "<script>"})
    assert reponse.status_code == 200
    assert len(_noms(reponse)) == 3


def test_mes_situations_vide_renvoie_vers_le_poste(client_de, monde, partagees):
    reponse = client_de("intervenant_autre").get(DOSSIERS, {"vue": "miennes"})
    assert "voir l'onglet « Le poste »" in texte(reponse)


def test_les_situations_d_un_autre_poste_ne_sont_jamais_miennes(client_de, monde):
    SituationFactory(
        personne__poste=monde.poste_autre, personne__nom="Rezeenne", referent=monde["intervenante"]
    )
    assert _noms(client_de("intervenante").get(DOSSIERS, {"vue": "miennes"})) == []


def test_mes_situations_fait_un_nombre_fixe_de_requetes(
    client_de, monde, django_assert_max_num_queries
):
    for i in range(30):
        _situation(monde, f"Volume{i:02d}", referent=monde["intervenante"] if i % 2 else None)
    client = client_de("intervenante")
    client.get(DOSSIERS, {"vue": "miennes"})  # session and tab set up outside the count
    with django_assert_max_num_queries(12):
        reponse = client.get(DOSSIERS)
    assert len(_noms(reponse)) == 15
