"""Relevé des mains courantes (issue 16, item 2): a day of a unit's logbook typed in a row,
each line a referral to qualify or classée sans suite, all or nothing."""

import datetime

import pytest
from django.urls import reverse

from accueil import services
from accueil.choix import EtatSaisine, MotifSansSuite, OrigineSaisine
from accueil.models import Saisine
from accueil.retention import purger_donnees
from intervenants.models import ActionJournal, Journal
from tests.accueil.conftest import comptes_des_lignes, iso, messages_de, texte
from tests.accueil.factories import SaisineFactory

pytestmark = pytest.mark.django_db

URL = reverse("accueil:releve")
JOUR = datetime.date(2026, 11, 2)
CHAMPS = [
    "reference_main_courante",
    "motif",
    "nom",
    "prenom",
    "annee_naissance",
    "urgence",
    "motif_sans_suite",
    "precision_sans_suite",
]


def ligne(reference, motif="Dispute conjugale, voisins inquiets", urgence="ordinaire", **autres):
    return {"reference_main_courante": reference, "motif": motif, "urgence": urgence, **autres}


def releve(site, lignes, *, jour=JOUR, total=10, **autres):
    """The POST a browser sends: the header, then ``total`` lines, blank after ``lignes``."""
    donnees = {
        "date_saisine": iso(jour),
        "site": site.pk,
        "ligne-TOTAL_FORMS": str(total),
        "ligne-INITIAL_FORMS": "0",
        "ligne-MIN_NUM_FORMS": "0",
        "ligne-MAX_NUM_FORMS": "50",
    }
    for i in range(total):
        valeurs = lignes[i] if i < len(lignes) else {}
        for champ in CHAMPS:
            donnees[f"ligne-{i}-{champ}"] = valeurs.get(champ, "")
    return donnees | autres


def erreurs_de_ligne(response, i) -> dict:
    return response.context["lignes"].forms[i].errors


TROIS_LIGNES = [
    ligne(
        "MC 2026/1201", nom="Durand", prenom="Léa", annee_naissance="1991", urgence="aujourd_hui"
    ),
    ligne("MC 2026/1202", motif="Fugue d'un adolescent, retrouvé", urgence="ordinaire"),
    ligne(
        "MC 2026/1203",
        motif="Différend commercial",
        motif_sans_suite=MotifSansSuite.PAS_DE_DIMENSION_SOCIALE,
    ),
]


# --- The relevé recorded -----------------------------------------------------------------


def test_chaque_ligne_devient_une_saisine_de_main_courante_du_poste(client_de, monde):
    reponse = client_de("intervenante").post(URL, releve(monde.brigade_1, TROIS_LIGNES))

    assert reponse.status_code == 302
    assert reponse["Location"] == f"{URL}?date=2026-11-02&site={monde.brigade_1.pk}"
    saisines = list(Saisine.objects.order_by("reference_main_courante"))
    assert [(s.reference_main_courante, s.etat) for s in saisines] == [
        ("MC 2026/1201", EtatSaisine.RECUE),
        ("MC 2026/1202", EtatSaisine.RECUE),
        ("MC 2026/1203", EtatSaisine.SANS_SUITE),
    ]
    assert {(s.poste, s.site, s.origine, s.date_saisine, s.situation) for s in saisines} == {
        (monde.poste, monde.brigade_1, OrigineSaisine.MAIN_COURANTE, JOUR, None)
    }


def test_la_ligne_garde_l_identite_et_l_urgence_declarees(client_de, monde):
    client_de("intervenante").post(URL, releve(monde.brigade_1, TROIS_LIGNES))

    saisine = Saisine.objects.get(reference_main_courante="MC 2026/1201")
    assert (saisine.nom_declare, saisine.prenom_declare, saisine.annee_naissance_declaree) == (
        "Durand",
        "Léa",
        1991,
    )
    assert saisine.urgence == "aujourd_hui"
    assert saisine.agent is None


def test_la_ligne_sans_suite_garde_son_motif_et_sort_de_la_boite(client_de, monde):
    client = client_de("intervenante")
    client.post(URL, releve(monde.brigade_1, TROIS_LIGNES))

    saisine = Saisine.objects.get(reference_main_courante="MC 2026/1203")
    assert saisine.motif_sans_suite == MotifSansSuite.PAS_DE_DIMENSION_SOCIALE
    boite = texte(client.get(reverse("accueil:boite")))
    assert "MC 2026/1201" in boite
    assert "MC 2026/1203" not in boite


def test_le_message_dit_combien_de_lignes_et_ce_qu_elles_deviennent(client_de, monde):
    reponse = client_de("intervenante").post(URL, releve(monde.brigade_1, TROIS_LIGNES))

    assert messages_de(reponse) == [
        "Relevé enregistré : 3 lignes — 2 à qualifier, 1 classée sans suite."
    ]


def test_le_releve_est_journalise_une_fois_avec_ses_comptes(client_de, monde):
    avant = Journal.objects.count()
    client_de("intervenante").post(URL, releve(monde.brigade_1, TROIS_LIGNES))

    assert Journal.objects.count() == avant + 1
    entree = Journal.objects.latest("pk")
    assert (entree.action, entree.poste, entree.utilisateur) == (
        ActionJournal.CREATION,
        monde.poste,
        monde["intervenante"],
    )
    assert entree.details | {"saisines": None} == {
        "releve_main_courante": "2026-11-02",
        "lignes": 3,
        "a_qualifier": 2,
        "sans_suite": 1,
        "saisines": None,
    }


def test_la_page_suivante_garde_le_jour_et_l_unite_et_montre_les_lignes_relevees(client_de, monde):
    client = client_de("intervenante")
    client.post(URL, releve(monde.brigade_1, TROIS_LIGNES))

    page = client.get(f"{URL}?date=2026-11-02&site={monde.brigade_1.pk}")
    assert page.context["entete"]["date_saisine"].value() == JOUR
    assert page.context["entete"]["site"].value() == monde.brigade_1.pk
    assert [s.reference_main_courante for s in page.context["deja_relevees"]] == [
        "MC 2026/1201",
        "MC 2026/1202",
        "MC 2026/1203",
    ]
    assert "Qualifier la saisine n°" in texte(page)


def test_le_curseur_attend_dans_la_premiere_case_du_releve(client_de, monde):
    page = client_de("intervenante").get(f"{URL}?site={monde.brigade_1.pk}")

    assert "autofocus" in str(page.context["lignes"].forms[0]["reference_main_courante"])
    assert len(page.context["lignes"].forms) == 10


def test_le_curseur_attend_d_abord_l_unite_quand_le_poste_en_a_plusieurs(client_de, monde):
    page = client_de("intervenante").get(URL)

    assert "autofocus" in str(page.context["entete"]["site"])
    assert "autofocus" not in str(page.context["lignes"].forms[0]["reference_main_courante"])


def test_l_unite_unique_est_choisie_et_le_curseur_va_a_la_premiere_ligne(client_de, monde):
    page = client_de("intervenant_autre").get(URL)

    assert page.context["entete"]["site"].value() == monde.commissariat_autre.pk
    assert "autofocus" in str(page.context["lignes"].forms[0]["reference_main_courante"])


def test_un_lien_propose_un_releve_plus_long_sans_javascript(client_de, monde):
    page = client_de("intervenante").get(f"{URL}?lignes=25")

    assert len(page.context["lignes"].forms) == 25


def test_la_reference_est_ecrite_d_une_seule_facon(client_de, monde):
    client_de("intervenante").post(URL, releve(monde.brigade_1, [ligne("  mc 2026 /  77 ")]))

    assert Saisine.objects.get().reference_main_courante == "MC 2026/77"


def test_le_bilan_du_mois_compte_les_sans_suite_par_motif(client_de, monde, aujourd_hui):
    client = client_de("intervenante")
    lignes = [
        ligne("A-1"),
        ligne("A-2", motif_sans_suite="hors_secteur"),
        ligne("A-3", motif_sans_suite="hors_secteur"),
        ligne("A-4", motif_sans_suite="autre", precision_sans_suite="Doublon d'une autre unité"),
    ]
    client.post(URL, releve(monde.commissariat, lignes, jour=aujourd_hui))

    bilan = client.get(URL).context["bilan"]
    assert (bilan["total"], bilan["a_qualifier"], bilan["sans_suite"]) == (4, 1, 3)
    assert bilan["par_motif"] == [("hors secteur", 2), ("autre (préciser)", 1)]


def test_l_accueil_de_l_intervenante_compte_les_lignes_du_mois(client_de, monde, aujourd_hui):
    client = client_de("intervenante")
    lignes = [ligne("B-1"), ligne("B-2", motif_sans_suite="injoignable")]
    client.post(URL, releve(monde.commissariat, lignes, jour=aujourd_hui))

    accueil = texte(client.get(reverse("espace:espace")))
    assert "Relevé des mains courantes" in accueil
    assert "2 lignes relevées ce mois-ci, dont 1 sans suite" in accueil


# --- Bad input: nothing saved, the input kept, the error beside the field ------------------


def test_une_ligne_incomplete_n_enregistre_aucune_ligne(client_de, monde):
    lignes = [TROIS_LIGNES[0], ligne("MC 2026/1299", motif=""), TROIS_LIGNES[2]]
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(URL, releve(monde.brigade_1, lignes))

    assert reponse.status_code == 200
    assert erreurs_de_ligne(reponse, 1) == {"motif": ["Ce champ est obligatoire."]}
    assert comptes_des_lignes() == avant
    assert 'value="MC 2026/1299"' in texte(reponse)
    assert 'value="Durand"' in texte(reponse)


def test_la_premiere_case_en_erreur_recoit_le_curseur(client_de, monde):
    lignes = [TROIS_LIGNES[0], ligne("MC 2026/1299", urgence="")]
    reponse = client_de("intervenante").post(URL, releve(monde.brigade_1, lignes))

    assert "autofocus" in str(reponse.context["lignes"].forms[1]["urgence"])
    assert "autofocus" not in str(reponse.context["lignes"].forms[0]["reference_main_courante"])


def test_une_ligne_sans_reference_est_refusee(client_de, monde):
    reponse = client_de("intervenante").post(
        URL, releve(monde.brigade_1, [ligne("", nom="Sansref")])
    )

    assert erreurs_de_ligne(reponse, 0) == {
        "reference_main_courante": ["Ce champ est obligatoire."]
    }
    assert not Saisine.objects.exists()


def test_un_releve_vide_le_dit_et_n_enregistre_rien(client_de, monde):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(URL, releve(monde.brigade_1, []))

    assert reponse.status_code == 200
    assert "Aucune ligne saisie : rien n&#x27;est enregistré." in texte(reponse)
    assert comptes_des_lignes() == avant


def test_le_motif_autre_demande_une_precision(client_de, monde):
    reponse = client_de("intervenante").post(
        URL, releve(monde.brigade_1, [ligne("C-1", motif_sans_suite="autre")])
    )

    assert erreurs_de_ligne(reponse, 0) == {
        "precision_sans_suite": ["Précisez le motif « autre »."]
    }
    assert not Saisine.objects.exists()


def test_une_precision_sans_classement_sans_suite_est_refusee(client_de, monde):
    reponse = client_de("intervenante").post(
        URL, releve(monde.brigade_1, [ligne("C-2", precision_sans_suite="déjà vu")])
    )

    assert list(erreurs_de_ligne(reponse, 0)) == ["precision_sans_suite"]
    assert not Saisine.objects.exists()


def test_deux_lignes_de_meme_reference_sont_refusees(client_de, monde):
    lignes = [ligne("D-1"), ligne("d - 1", motif="Autre lecture")]
    reponse = client_de("intervenante").post(URL, releve(monde.brigade_1, lignes))

    assert erreurs_de_ligne(reponse, 1) == {
        "reference_main_courante": ["Même référence qu'à la ligne 1."]
    }
    assert not Saisine.objects.exists()


@pytest.mark.parametrize(
    "annee, message",
    [
        ("1850", "Assurez-vous que cette valeur est supérieure ou égale à 1900."),
        ("2100", "L'année de naissance ne peut pas être à venir."),
        ("quatre-vingt", "Une année en chiffres, par exemple 1985."),
    ],
)
def test_une_annee_absurde_est_refusee_a_cote_du_champ(client_de, monde, annee, message):
    reponse = client_de("intervenante").post(
        URL, releve(monde.brigade_1, [ligne("E-1", annee_naissance=annee)])
    )

    assert erreurs_de_ligne(reponse, 0) == {"annee_naissance": [message]}
    assert not Saisine.objects.exists()


def test_une_date_a_venir_est_refusee(client_de, monde, aujourd_hui):
    reponse = client_de("intervenante").post(
        URL,
        releve(monde.brigade_1, [ligne("F-1")], jour=aujourd_hui + datetime.timedelta(days=1)),
    )

    assert reponse.context["entete"].errors == {
        "date_saisine": ["La date ne peut pas être dans le futur."]
    }
    assert not Saisine.objects.exists()


# --- The same relevé twice ------------------------------------------------------------------


def test_le_meme_releve_envoye_deux_fois_n_ajoute_rien(client_de, monde):
    client = client_de("intervenante")
    client.post(URL, releve(monde.brigade_1, TROIS_LIGNES))
    avant = comptes_des_lignes()

    reponse = client.post(URL, releve(monde.brigade_1, TROIS_LIGNES))
    assert reponse.status_code == 200
    assert reponse.context["renvoi"] is True
    assert "rien n'a été ajouté" in texte(reponse)
    assert comptes_des_lignes() == avant


def test_une_reference_deja_relevee_bloque_tout_le_releve(client_de, monde):
    ancienne = SaisineFactory(
        situation=None,
        poste=monde.poste,
        site=monde.brigade_1,
        etat="recue",
        origine="main_courante",
        reference_main_courante="MC 2026/1202",
        date_saisine=datetime.date(2026, 10, 30),
    )
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(URL, releve(monde.brigade_1, TROIS_LIGNES))

    assert reponse.context["renvoi"] is False
    assert erreurs_de_ligne(reponse, 1) == {
        "reference_main_courante": [f"Déjà relevée : saisine n° {ancienne.pk} du 30/10/2026."]
    }
    assert comptes_des_lignes() == avant


def test_la_meme_reference_d_une_autre_unite_est_une_autre_main_courante(client_de, monde):
    client = client_de("intervenante")
    client.post(URL, releve(monde.brigade_1, [ligne("G-1")]))
    client.post(URL, releve(monde.brigade_2, [ligne("G-1")]))

    assert Saisine.objects.filter(reference_main_courante="G-1").count() == 2


# --- The attacker -----------------------------------------------------------------------------


def test_l_unite_d_un_autre_poste_est_refusee(client_de, monde):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(URL, releve(monde.commissariat_autre, TROIS_LIGNES))

    assert reponse.status_code == 200
    assert list(reponse.context["entete"].errors) == ["site"]
    assert comptes_des_lignes() == avant


def test_l_autre_poste_ne_voit_pas_les_lignes_relevees_par_l_adresse(client_de, monde):
    client_de("intervenante").post(URL, releve(monde.brigade_1, TROIS_LIGNES))

    page = client_de("intervenant_autre").get(f"{URL}?date=2026-11-02&site={monde.brigade_1.pk}")
    assert page.status_code == 200
    assert page.context["site"] == monde.commissariat_autre  # their only unit, not P1's
    assert list(page.context["deja_relevees"]) == []
    assert "MC 2026/1201" not in texte(page)
    assert "Durand" not in texte(page)


def test_le_bilan_de_l_autre_poste_ne_compte_pas_ces_lignes(client_de, monde, aujourd_hui):
    client_de("intervenante").post(
        URL, releve(monde.commissariat, [ligne("H-1")], jour=aujourd_hui)
    )

    assert client_de("intervenant_autre").get(URL).context["bilan"]["total"] == 0


@pytest.mark.parametrize(
    "persona", ["chef", "agent", "employeur", "coordinateur", "clspd", "admin", "sans_role"]
)
def test_aucun_autre_role_ne_releve(client_de, monde, persona):
    reponse = client_de(persona).post(URL, releve(monde.commissariat, TROIS_LIGNES))

    assert reponse.status_code == 404
    assert not Saisine.objects.exists()


@pytest.mark.parametrize(
    "modification",
    [
        {"ligne-TOTAL_FORMS": "100000"},
        {"ligne-TOTAL_FORMS": "-3"},
        {"ligne-TOTAL_FORMS": "dix"},
        {"ligne-INITIAL_FORMS": "5"},
        {"ligne-0-urgence": "apocalypse"},
        {"ligne-0-motif_sans_suite": "parce_que"},
        {"ligne-0-motif": "x" * 100_000},
        {"ligne-0-reference_main_courante": "<script>alert(1)</script>"},
        {"site": "9" * 30},
        {"date_saisine": "9999-12-31"},
    ],
)
def test_les_valeurs_absurdes_sont_refusees_sans_erreur_serveur(client_de, monde, modification):
    avant = comptes_des_lignes()
    reponse = client_de("intervenante").post(
        URL, releve(monde.brigade_1, TROIS_LIGNES) | modification
    )

    assert reponse.status_code == 200
    assert comptes_des_lignes() == avant
    assert "<script>alert(1)</script>" not in texte(reponse)


def test_sans_formulaire_de_gestion_la_page_revient_sans_erreur_serveur(client_de, monde):
    donnees = {k: v for k, v in releve(monde.brigade_1, TROIS_LIGNES).items() if "FORMS" not in k}
    reponse = client_de("intervenante").post(URL, donnees)

    assert reponse.status_code == 200
    assert not Saisine.objects.exists()


@pytest.mark.parametrize(
    "parametres", ["?date=9999-99-99&site=abc&lignes=x", "?lignes=99999", "?site=-1"]
)
def test_une_adresse_trafiquee_donne_un_releve_vierge(client_de, monde, parametres):
    page = client_de("intervenante").get(URL + parametres)

    assert page.status_code == 200
    assert 1 <= len(page.context["lignes"].forms) <= 50


def test_le_service_refuse_une_unite_hors_du_poste(monde):
    with pytest.raises(services.ValidationError):
        services.relever_mains_courantes(
            auteur=monde["intervenante"],
            poste=monde.poste,
            site=monde.commissariat_autre,
            date_saisine=JOUR,
            lignes=[{"reference_main_courante": "Z-1", "motif": "m", "urgence": "ordinaire"}],
        )
    assert not Saisine.objects.exists()


# --- Qualified afterwards, shown in the inbox and the file --------------------------------------


def _qualifier_nouvelle(client, saisine, monde):
    return client.post(
        reverse("accueil:saisine_qualifier", args=[saisine.pk]),
        {
            "decision": "nouvelle",
            "saisine-site": saisine.site_id,
            "saisine-origine": saisine.origine,
            "saisine-urgence": saisine.urgence,
            "saisine-date_saisine": iso(saisine.date_saisine),
            "saisine-motif": saisine.motif,
            "personne-nom": "Durand",
            "personne-prenom": "Léa",
            "personne-sexe": "F",
            "personne-annee_naissance": "1991",
            "situation-statut_affaire": "victime",
            "situation-problematique_principale": "conflit_conjugal",
            "situation-connu_service_social": "inconnu",
        },
    )


def test_une_ligne_relevee_se_qualifie_et_le_dossier_montre_sa_reference(client_de, monde):
    client = client_de("intervenante")
    client.post(URL, releve(monde.brigade_1, TROIS_LIGNES))
    saisine = Saisine.objects.get(reference_main_courante="MC 2026/1201")

    qualification = client.get(reverse("accueil:saisine_qualifier", args=[saisine.pk]))
    assert "MC 2026/1201" in texte(qualification)
    reponse = _qualifier_nouvelle(client, saisine, monde)
    saisine.refresh_from_db()
    assert saisine.etat == EtatSaisine.PRISE_EN_CHARGE
    assert saisine.reference_main_courante == "MC 2026/1201"
    dossier = client.get(reponse["Location"])
    assert "main courante MC 2026/1201" in texte(dossier)


def test_qualifier_vers_une_unite_ou_la_reference_existe_est_refuse_a_cote_du_champ(
    client_de, monde
):
    client = client_de("intervenante")
    client.post(URL, releve(monde.brigade_1, [ligne("K-1")]))
    client.post(URL, releve(monde.brigade_2, [ligne("K-1")]))
    saisine = Saisine.objects.get(site=monde.brigade_1)

    saisine.site = monde.brigade_2  # what the qualification form would send
    reponse = _qualifier_nouvelle(client, saisine, monde)
    assert reponse.status_code == 200
    assert "déjà relevée dans une autre saisine" in texte(reponse)
    assert Saisine.objects.get(pk=saisine.pk).site == monde.brigade_1


def test_la_purge_efface_la_reference_et_la_precision_des_lignes_sans_suite(monde):
    services.relever_mains_courantes(
        auteur=monde["intervenante"],
        poste=monde.poste,
        site=monde.commissariat,
        date_saisine=JOUR,
        lignes=[
            {
                "reference_main_courante": "P-1",
                "motif": "Tapage",
                "urgence": "ordinaire",
                "nom": "Bruyant",
                "motif_sans_suite": "autre",
                "precision_sans_suite": "Voisin connu",
            }
        ],
    )
    Saisine.objects.update(date_etat=datetime.date(2020, 1, 1))

    purger_donnees(mois=24, executer=True)
    saisine = Saisine.objects.get()
    assert (saisine.reference_main_courante, saisine.precision_sans_suite, saisine.nom_declare) == (
        "",
        "",
        "",
    )
    assert saisine.motif_sans_suite == "autre"  # a code, still counted
