"""The navigation bar's search (issue 16, item 5): names, numbers, phones, closed situations
included, the workers of the post only, in one page load and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from accueil import retention, selectors
from accueil.models import Personne
from tests.accueil.conftest import texte
from tests.accueil.factories import SituationFactory

pytestmark = pytest.mark.django_db

URL = reverse("accueil:recherche")
BARRE = 'id="recherche-barre"'


def _situation(monde, nom, *, prenom="Camille", telephone="", cloture=None, poste=None, **extra):
    return SituationFactory(
        personne__poste=poste or monde.poste,
        personne__nom=nom,
        personne__prenom=prenom,
        personne__telephone=telephone,
        date_ouverture=datetime.date(2025, 3, 2),
        derniere_activite=extra.pop("activite", datetime.date(2025, 3, 2)),
        date_cloture=cloture,
        **extra,
    )


def _trouves(monde, cherche, persona="intervenante") -> list[str]:
    return [s.personne.nom for s in selectors.rechercher_situations(monde[persona], cherche)]


def _noms(reponse) -> list[str]:
    return [s.personne.nom for s in reponse.context["resultats"]]


# --- What it finds -------------------------------------------------------------------------


def test_une_personne_qui_revient_est_trouvee_dans_une_situation_close(client_de, monde):
    _situation(monde, "Marchetti", prenom="Inès", cloture=datetime.date(2025, 9, 30))
    reponse = client_de("intervenante").get(URL, {"q": "marchetti"})
    assert _noms(reponse) == ["Marchetti"]
    assert "close le 30/09/2025" in texte(reponse)


@pytest.mark.parametrize("cherche", ["ines", "INÈS", "Inès Marchetti", "marchet in"])
def test_le_prenom_et_le_nom_sans_accents_ni_casse(monde, cherche):
    _situation(monde, "Marchetti", prenom="Inès")
    _situation(monde, "Durand", prenom="Paul")
    assert _trouves(monde, cherche) == ["Marchetti"]


def test_les_situations_ouvertes_d_abord_puis_les_closes(monde):
    _situation(monde, "Close", prenom="Ana", cloture=datetime.date(2025, 6, 1))
    _situation(monde, "Ouverte", prenom="Ana", activite=datetime.date(2025, 4, 1))
    _situation(monde, "Recente", prenom="Ana", activite=datetime.date(2025, 8, 1))
    assert _trouves(monde, "ana") == ["Recente", "Ouverte", "Close"]


@pytest.mark.parametrize("forme", ["{pk}", "n° {pk}", "N°{pk}", "#{pk}", "no {pk}", " {pk} "])
def test_le_numero_de_situation(monde, forme):
    cible = _situation(monde, "Numerotee")
    _situation(monde, "Autre")
    assert _trouves(monde, forme.format(pk=cible.pk)) == ["Numerotee"]


@pytest.mark.parametrize(
    "cherche",
    [
        "0611223344",
        "06 11 22 33 44",
        "06.11.22.33.44",
        "+33 6 11 22 33 44",
        "0033611223344",
        "3344",
    ],
)
def test_le_telephone_quelle_que_soit_sa_forme(monde, cherche):
    _situation(monde, "Joignable", telephone="06 11-22.33 44")
    _situation(monde, "Autre", telephone="07 00 00 00 00")
    assert _trouves(monde, cherche) == ["Joignable"]


def test_un_telephone_saisi_a_l_international_est_trouve_sous_sa_forme_nationale(monde):
    _situation(monde, "Internationale", telephone="+33 6 55 44 33 22")
    assert _trouves(monde, "06 55 44 33 22") == ["Internationale"]


def test_trois_chiffres_ne_cherchent_pas_dans_les_telephones(monde):
    _situation(monde, "Joignable", telephone="06 11 22 33 44")
    assert _trouves(monde, "344") == []


def test_les_situations_de_la_personne_sont_toutes_listees(client_de, monde):
    ancienne = _situation(monde, "Retour", cloture=datetime.date(2025, 5, 1))
    nouvelle = SituationFactory(
        personne=ancienne.personne, date_ouverture=datetime.date(2026, 2, 1)
    )
    reponse = client_de("intervenante").get(URL, {"q": "retour"})
    assert [s.pk for s in reponse.context["resultats"]] == [nouvelle.pk, ancienne.pk]


def test_une_recherche_sans_resultat_le_dit_et_propose_une_saisine(client_de, monde):
    reponse = client_de("intervenante").get(URL, {"q": "Zorglub"})
    assert "Aucune situation du poste, ouverte ou close, ne correspond à « Zorglub »" in texte(
        reponse
    )
    assert reverse("accueil:saisine_creer") in texte(reponse)


def test_au_dela_de_cinquante_la_page_demande_de_preciser(client_de, monde):
    for i in range(selectors.RESULTATS_RECHERCHE + 2):
        _situation(monde, f"Homonyme{i:02d}")
    reponse = client_de("intervenante").get(URL, {"q": "homonyme"})
    assert len(reponse.context["resultats"]) == selectors.RESULTATS_RECHERCHE
    assert "précisez la recherche" in texte(reponse)


def test_la_page_sans_recherche_explique_quoi_saisir(client_de, monde):
    reponse = client_de("intervenante").get(URL)
    assert reponse.status_code == 200
    assert "Les situations closes sont comprises." in texte(reponse)


# --- The attacker ------------------------------------------------------------------------------


def test_le_nom_d_une_personne_d_un_autre_poste_ne_donne_rien(client_de, monde, situation_autre):
    reponse = client_de("intervenante").get(URL, {"q": "Rezéenne"})
    assert _noms(reponse) == []
    assert "Odile" not in texte(reponse)


def test_le_numero_ou_le_telephone_d_un_autre_poste_ne_donne_rien(monde):
    autre = _situation(monde, "Ailleurs", telephone="06 98 76 54 32", poste=monde.poste_autre)
    assert _trouves(monde, str(autre.pk)) == []
    assert _trouves(monde, "0698765432") == []
    assert _trouves(monde, "ailleurs", persona="intervenant_autre") == ["Ailleurs"]


def test_le_binome_du_poste_trouve_la_meme_situation(monde):
    _situation(monde, "Partagee")
    assert _trouves(monde, "partagee", persona="intervenante_binome") == ["Partagee"]


@pytest.mark.parametrize(
    "persona", ["chef", "agent", "employeur", "coordinateur", "clspd", "admin"]
)
def test_les_autres_roles_n_ont_ni_la_barre_ni_la_page(client_de, monde, situation, persona):
    client = client_de(persona)
    assert BARRE not in texte(client.get(reverse("espace:espace")))
    assert client.get(URL, {"q": "Lefèvre"}).status_code == 404


def test_la_barre_est_sur_chaque_page_de_l_intervenante(client_de, monde, situation):
    client = client_de("intervenante")
    for page in (reverse("espace:espace"), reverse("accueil:boite"), situation_url(situation)):
        assert BARRE in texte(client.get(page))


def situation_url(situation):
    return reverse("accueil:situation", args=[situation.pk])


@pytest.mark.parametrize("cherche", ["%", "_", "%%", "\\", "_a", "a%"])
def test_les_jokers_sql_ne_correspondent_qu_a_eux_memes(monde, cherche):
    _situation(monde, "Durand", prenom="Anna")
    _situation(monde, "Martin", prenom="Paula")
    assert _trouves(monde, cherche) == []


def test_un_joker_present_dans_un_nom_est_trouve(monde):
    _situation(monde, "Cent%Pour", prenom="Test")
    _situation(monde, "Centre", prenom="Test")
    assert _trouves(monde, "t%p") == ["Cent%Pour"]


def test_un_mot_ne_chevauche_pas_le_nom_et_le_prenom(monde):
    """The name and first name are compared as one stored text, « JEAN MARTIN »: a word
    has no space, so « anmar » does not join them, as when each was compared alone."""
    _situation(monde, "Jean", prenom="Martin")
    assert _trouves(monde, "anmar") == []
    assert _trouves(monde, "an mar") == ["Jean"]


def test_un_nom_corrige_se_cherche_sous_son_nouveau_nom(monde):
    """The searched copy of the name is kept by the database: an update through the ORM
    (the form) or through SQL (a queryset update) moves it at once."""
    situation = _situation(monde, "Lefevre", prenom="Aïcha")
    personne = situation.personne
    personne.nom = "Lefèbvre"
    personne.save()
    assert _trouves(monde, "lefebvre") == ["Lefèbvre"]
    assert _trouves(monde, "lefevre") == []
    Personne.objects.filter(pk=personne.pk).update(prenom="Inès")
    assert _trouves(monde, "ines") == ["Lefèbvre"]
    assert _trouves(monde, "aicha") == []


def test_l_effacement_efface_aussi_la_copie_cherchable_du_nom(monde):
    """Erasure blanks the name: nothing of it stays in the column the search reads."""
    situation = _situation(monde, "Marchetti", prenom="Inès")
    retention.effacer_personne(
        auteur=monde["intervenante"], personne=situation.personne, motif="demande_personne"
    )
    assert _trouves(monde, "marchetti") == []
    assert _trouves(monde, "ines") == []
    copie = Personne.objects.values_list("nom_cherchable", flat=True).get(pk=situation.personne_id)
    assert "MARCHETTI" not in copie and "INES" not in copie


# unaccent folds the typographic apostrophe of a phone keyboard into the straight one.
@pytest.mark.parametrize("cherche", ["d'art", "D’Art", "'"])
def test_l_apostrophe(monde, cherche):
    _situation(monde, "D'Artagnan", prenom="Charles")
    _situation(monde, "Dartois", prenom="Jean")
    assert _trouves(monde, cherche) == ["D'Artagnan"]


@pytest.mark.parametrize(
    "cherche",
    [
        "x" * 5000,
        "\x00",
        "' OR 1=1 --",
        "'); DROP TABLE accueil_personne; --",
        "9" * 40,
        "n° 99999999999999999999",
        "+",
        "()",
        "<script>alert(1)</script>",
        "   ",
    ],
)
def test_des_recherches_fantaisistes_ne_font_jamais_d_erreur_serveur(client_de, monde, cherche):
    _situation(monde, "Durand")
    reponse = client_de("intervenante").get(URL, {"q": cherche})
    assert reponse.status_code == 200
    assert _noms(reponse) == []


def test_une_chaine_trop_longue_est_refusee_en_francais_saisie_gardee(client_de, monde):
    _situation(monde, "Durand")
    cherche = "Durand" + "x" * 200
    reponse = client_de("intervenante").get(URL, {"q": cherche})
    assert "au plus 100 caractères" in reponse.context["form"].errors["q"][0]
    assert f'value="{cherche}"' in texte(reponse)
    assert _noms(reponse) == []


def test_le_texte_cherche_est_echappe_dans_la_page(client_de, monde):
    reponse = client_de("intervenante").get(URL, {"q": "<b>gras</b>"})
    assert "<b>gras</b>" not in texte(reponse)
    assert "&lt;b&gt;gras&lt;/b&gt;" in texte(reponse)


# --- One page load, a fixed number of queries --------------------------------------------------

# Measured, the same for 3 and 40 situations: session and user, the scope check, the posts,
# the results (one query), the roles of the menu and the bar, and the session's save (3).
REQUETES_MAX_RECHERCHE = 9


@pytest.mark.parametrize("nombre", [3, 40])
def test_la_recherche_fait_un_nombre_fixe_de_requetes(
    client_de, monde, django_assert_max_num_queries, nombre
):
    for i in range(nombre):
        _situation(
            monde,
            f"Volume{i:02d}",
            telephone=f"06 00 00 00 {i:02d}",
            cloture=datetime.date(2025, 6, 1) if i % 2 else None,
            referent=monde["intervenante"],
        )
    client = client_de("intervenante")
    client.get(reverse("espace:espace"))  # session set up outside the count
    for cherche in ("volume", "06 00 00", "n° 1"):
        with django_assert_max_num_queries(REQUETES_MAX_RECHERCHE):
            reponse = client.get(URL, {"q": cherche})
        assert reponse.status_code == 200
    assert len(_noms(client.get(URL, {"q": "volume"}))) == nombre
