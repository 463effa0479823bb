"""Bad input on every worker form: a French message beside the field, the input kept,
nothing saved (not even half of it)."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from accueil.models import Partenaire
from tests.accueil.conftest import comptes_des_lignes, texte
from tests.accueil.factories import (
    AdhesionFactory,
    EntretienFactory,
    PartenaireFactory,
    SaisineFactory,
    SituationFactory,
)

pytestmark = pytest.mark.django_db

NAISSANCE = datetime.date(2010, 6, 15)
AVANT_NAISSANCE = "2010-01-01"
DEMAIN = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
FUTUR = "La date ne peut pas être dans le futur."
AVANT = "La date précède la naissance de la personne."
OBLIGATOIRE = "Ce champ est obligatoire."
DATE_INVALIDE = "Saisissez une date valide."
CHOIX = "Sélectionnez un choix valide"
TELEPHONE = "Saisissez un numéro de téléphone (chiffres, espaces, +)."


def _trop_long(n):
    return f"au plus {n} caractères"


@pytest.fixture
def objets(monde):
    """A file about a teenager whose exact birth date is known, with consent and an interview."""
    situation = SituationFactory(
        personne__poste=monde.poste,
        personne__date_naissance=NAISSANCE,
        personne__annee_naissance=None,
        date_ouverture=datetime.date(2026, 3, 2),
    )
    situation.sites.set([monde.commissariat])
    SaisineFactory(situation=situation, site=monde.commissariat)
    AdhesionFactory(situation=situation, recueillie_par=monde["intervenante"])
    entretien = EntretienFactory(situation=situation, auteur=monde["intervenante"])
    return {"situation": situation, "entretien": entretien}


ENTRETIEN = {
    "date": "2026-10-05",
    "mode": "physique",
    "duree_minutes": "30",
    "adhesion": "on",
    "notes": "Notes",
}
ACTE = {"date": "2026-10-05", "type": "ecoute"}
ORIENTATION = {"date": "2026-10-05", "type_partenaire": "cidff", "consentement": "on"}
TRANSMISSION = {
    "nature": "secret_partage",
    "fondement": "casf_l121_6_2",
    "destinataire": "MDS",
    "date": "2026-10-05",
    "resume": "Résumé",
    "personne_informee": "on",
}

# (url name, object, valid data, field, bad value, expected message)
CAS = [
    ("entretien_creer", "situation", ENTRETIEN, "date", DEMAIN, FUTUR),
    ("entretien_creer", "situation", ENTRETIEN, "date", AVANT_NAISSANCE, AVANT),
    ("entretien_creer", "situation", ENTRETIEN, "date", "32/13/2026", DATE_INVALIDE),
    ("entretien_creer", "situation", ENTRETIEN, "date", "", OBLIGATOIRE),
    ("entretien_creer", "situation", ENTRETIEN, "notes", "n" * 4001, _trop_long(4000)),
    ("entretien_creer", "situation", ENTRETIEN, "duree_minutes", "601", "600"),
    ("entretien_creer", "situation", ENTRETIEN, "duree_minutes", "0", "1"),
    ("entretien_creer", "situation", ENTRETIEN, "duree_minutes", "une heure", "nombre entier"),
    ("entretien_creer", "situation", ENTRETIEN, "mode", "pigeon_voyageur", CHOIX),
    ("entretien_modifier", "entretien", {**ENTRETIEN, "version": 1}, "date", DEMAIN, FUTUR),
    (
        "entretien_modifier",
        "entretien",
        {**ENTRETIEN, "version": 1},
        "date",
        AVANT_NAISSANCE,
        AVANT,
    ),
    (
        "entretien_modifier",
        "entretien",
        {**ENTRETIEN, "version": 1},
        "notes",
        "n" * 4001,
        _trop_long(4000),
    ),
    ("acte_creer", "situation", ACTE, "date", DEMAIN, FUTUR),
    ("acte_creer", "situation", ACTE, "date", AVANT_NAISSANCE, AVANT),
    ("acte_creer", "situation", ACTE, "type", "bavardage", CHOIX),
    ("orientation_creer", "situation", ORIENTATION, "date", DEMAIN, FUTUR),
    ("orientation_creer", "situation", ORIENTATION, "date", AVANT_NAISSANCE, AVANT),
    ("orientation_creer", "situation", ORIENTATION, "type_partenaire", "voyante", CHOIX),
    ("orientation_creer", "situation", ORIENTATION, "partenaire", "999999", CHOIX),
    ("transmission_creer", "situation", TRANSMISSION, "date", DEMAIN, FUTUR),
    ("transmission_creer", "situation", TRANSMISSION, "date", AVANT_NAISSANCE, AVANT),
    ("transmission_creer", "situation", TRANSMISSION, "resume", "r" * 2001, _trop_long(2000)),
    ("transmission_creer", "situation", TRANSMISSION, "resume", "", OBLIGATOIRE),
    (
        "transmission_creer",
        "situation",
        TRANSMISSION,
        "destinataire",
        "d" * 201,
        _trop_long(200),
    ),
    (
        "transmission_creer",
        "situation",
        {k: v for k, v in TRANSMISSION.items() if k != "personne_informee"},
        "motif_non_information",
        "m" * 301,
        _trop_long(300),
    ),
    ("transmission_creer", "situation", TRANSMISSION, "nature", "rumeur", CHOIX),
]


def _identifiant(cas):
    nom, _, _, champ, valeur, _ = cas
    return f"{nom}-{champ}-{valeur[:12]}"


def _erreurs(reponse) -> dict[str, list[str]]:
    """Errors of every form of the page, by field name (prefixes left out)."""
    erreurs, vus = {}, set()
    for cle in ("form", "saisine_form", "personne_form", "situation_form", "decision_form"):
        formulaire = reponse.context.get(cle) if reponse.context else None
        # crispy renders each form under the name "form" too: count each form once.
        if formulaire is not None and formulaire.is_bound and id(formulaire) not in vus:
            vus.add(id(formulaire))
            for champ, liste in formulaire.errors.items():
                erreurs.setdefault(champ, []).extend(liste)
    return erreurs


@pytest.mark.parametrize("cas", CAS, ids=[_identifiant(c) for c in CAS])
def test_une_saisie_invalide_est_refusee_a_cote_du_champ(client_de, objets, cas):
    nom, objet, valides, champ, valeur, message = cas
    url = reverse(f"accueil:{nom}", args=[objets[objet].pk])
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(url, {**valides, champ: valeur})
    assert reponse.status_code == 200
    assert message in " ".join(_erreurs(reponse).get(champ, []))
    assert html.escape(message) in texte(reponse)
    assert comptes_des_lignes() == avant


@pytest.mark.parametrize(
    "nom, objet, valides, champ",
    [
        ("entretien_creer", "situation", ENTRETIEN, "notes"),
        ("entretien_modifier", "entretien", {**ENTRETIEN, "version": 1}, "notes"),
        ("transmission_creer", "situation", TRANSMISSION, "resume"),
    ],
)
def test_un_texte_trop_long_est_garde_dans_le_formulaire(
    client_de, objets, nom, objet, valides, champ
):
    url = reverse(f"accueil:{nom}", args=[objets[objet].pk])
    long = "Début du texte. " + "z" * 4100
    reponse = client_de("intervenante").post(url, {**valides, champ: long})
    assert f"{long}</textarea>" in texte(reponse)


def test_l_entretien_modifie_invalide_garde_l_ancien_contenu(client_de, objets):
    entretien = objets["entretien"]
    url = reverse("accueil:entretien_modifier", args=[entretien.pk])
    client_de("intervenante").post(url, {**ENTRETIEN, "version": 1, "date": DEMAIN})
    entretien.refresh_from_db()
    assert (entretien.version, entretien.date) == (1, datetime.date(2026, 3, 2))


def test_une_date_avant_l_annee_de_naissance_est_refusee(client_de, situation):
    url = reverse("accueil:acte_creer", args=[situation.pk])
    reponse = client_de("intervenante").post(url, {**ACTE, "date": "1987-12-31"})
    assert _erreurs(reponse)["date"] == ["La date précède l'année de naissance de la personne."]


# --- The worker's new referral ---------------------------------------------------------------

SAISINE = {
    "saisine-origine": "main_courante",
    "saisine-urgence": "ordinaire",
    "saisine-date_saisine": "2026-10-05",
    "saisine-motif": "Motif court",
}
NOUVELLE = {
    **SAISINE,
    "personne-nom": "Nouvelle",
    "personne-sexe": "F",
    "personne-date_naissance": "2010-06-15",
    "situation-statut_affaire": "victime",
    "situation-problematique_principale": "fugue",
    "situation-connu_service_social": "inconnu",
}

CAS_SAISINE = [
    ("saisine-motif", "m" * 501, "motif", _trop_long(500)),
    ("saisine-motif", "", "motif", OBLIGATOIRE),
    ("saisine-date_saisine", DEMAIN, "date_saisine", FUTUR),
    ("saisine-date_saisine", "hier soir", "date_saisine", DATE_INVALIDE),
    ("saisine-origine", "rumeur", "origine", CHOIX),
]
CAS_NOUVELLE = CAS_SAISINE + [
    ("saisine-date_saisine", AVANT_NAISSANCE, "date_saisine", AVANT),
    ("personne-telephone", "06 CA FE", "telephone", TELEPHONE),
    ("personne-telephone", "0" * 31, "telephone", TELEPHONE),
    ("personne-date_naissance", DEMAIN, "date_naissance", FUTUR),
    ("personne-nom", "n" * 101, "nom", _trop_long(100)),
    ("personne-nom", "", "nom", OBLIGATOIRE),
    ("personne-annee_naissance", "2009", "annee_naissance", "ne correspond pas"),
    ("personne-commune", "c" * 101, "commune", _trop_long(100)),
    ("situation-enfants_au_foyer", "25", "enfants_au_foyer", "20"),
    ("situation-problematique_principale", "", "problematique_principale", OBLIGATOIRE),
    ("situation-problematiques", "inventee", "problematiques", CHOIX),
    ("situation-statut_affaire", "suspect", "statut_affaire", CHOIX),
]


@pytest.mark.parametrize("cle, valeur, champ, message", CAS_NOUVELLE)
def test_une_nouvelle_saisine_invalide_n_enregistre_rien(
    client_de, monde, cle, valeur, champ, message
):
    donnees = {**NOUVELLE, "saisine-site": monde.commissariat.pk, cle: valeur}
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        reverse("accueil:saisine_creer") + "?nouvelle=1", donnees
    )
    assert reponse.status_code == 200
    assert message in " ".join(_erreurs(reponse).get(champ, []))
    assert comptes_des_lignes() == avant


def test_une_nouvelle_saisine_refusee_garde_la_saisie(client_de, monde):
    donnees = {
        **NOUVELLE,
        "saisine-site": monde.commissariat.pk,
        "saisine-motif": "Motif à garder",
        "personne-telephone": "06 CA FE",
    }
    page = texte(
        client_de("intervenante").post(reverse("accueil:saisine_creer") + "?nouvelle=1", donnees)
    )
    assert 'value="06 CA FE"' in page
    assert "Motif à garder</textarea>" in page
    assert 'value="Nouvelle"' in page


@pytest.mark.parametrize("cle, valeur, champ, message", CAS_SAISINE)
def test_une_saisine_sur_situation_existante_invalide_n_enregistre_rien(
    client_de, monde, objets, cle, valeur, champ, message
):
    url = reverse("accueil:saisine_creer") + f"?situation={objets['situation'].pk}"
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        url, {**SAISINE, "saisine-site": monde.brigade_1.pk, cle: valeur}
    )
    assert message in " ".join(_erreurs(reponse).get(champ, []))
    assert comptes_des_lignes() == avant


def test_une_saisine_avant_la_naissance_sur_situation_existante_n_ajoute_pas_le_site(
    client_de, monde, objets
):
    situation = objets["situation"]
    url = reverse("accueil:saisine_creer") + f"?situation={situation.pk}"
    reponse = client_de("intervenante").post(
        url,
        {**SAISINE, "saisine-site": monde.brigade_1.pk, "saisine-date_saisine": AVANT_NAISSANCE},
    )
    assert _erreurs(reponse)["date_saisine"] == [AVANT]
    assert list(situation.sites.all()) == [monde.commissariat]


@pytest.mark.parametrize("cle, valeur, champ, message", CAS_SAISINE)
def test_une_qualification_invalide_laisse_la_saisine_dans_la_boite(
    client_de, monde, situation, saisine_a_qualifier, cle, valeur, champ, message
):
    donnees = {
        **SAISINE,
        "decision": "existante",
        "situation": situation.pk,
        "saisine-site": monde.commissariat.pk,
        cle: valeur,
    }
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        reverse("accueil:saisine_qualifier", args=[saisine_a_qualifier.pk]), donnees
    )
    assert message in " ".join(_erreurs(reponse).get(champ, []))
    saisine_a_qualifier.refresh_from_db()
    assert (saisine_a_qualifier.etat, saisine_a_qualifier.situation) == ("recue", None)
    assert comptes_des_lignes() == avant


# --- The partner directory ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "champ, valeur, message",
    [
        ("courriel", "pas-un-courriel", "Saisissez une adresse de courriel valide."),
        ("nom", "", OBLIGATOIRE),
        ("nom", "p" * 201, _trop_long(200)),
        ("type", "voyante", CHOIX),
        ("telephone", "t" * 31, _trop_long(30)),
    ],
)
def test_un_partenaire_invalide_n_est_pas_ajoute(client_de, monde, champ, valeur, message):
    donnees = {"nom": "CIDFF 44", "type": "cidff", "telephone": "", "courriel": "", "adresse": ""}
    reponse = client_de("intervenante").post(
        reverse("accueil:partenaires"), {**donnees, champ: valeur}
    )
    assert message in " ".join(reponse.context["form"].errors[champ])
    assert not Partenaire.objects.exists()


def test_un_partenaire_en_double_est_refuse(client_de, monde):
    PartenaireFactory(departement=monde.departement, nom="CIDFF 44")
    reponse = client_de("intervenante").post(
        reverse("accueil:partenaires"), {"nom": "cidff 44", "type": "cidff"}
    )
    assert reponse.context["form"].errors["nom"] == [
        "Ce partenaire figure déjà dans l'annuaire du département."
    ]
    assert Partenaire.objects.count() == 1


def test_un_partenaire_valide_est_ajoute_a_l_annuaire_du_departement(client_de, monde):
    client_de("intervenante").post(
        reverse("accueil:partenaires"), {"nom": "CIDFF 44", "type": "cidff"}
    )
    assert Partenaire.objects.get().departement == monde.departement
