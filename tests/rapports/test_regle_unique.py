"""One protection rule per reader, the same on every output (issue « Secret statistique »).

Inside the post, its social worker reads exact figures; everyone else reads every output
(dashboard, CSV, report, PDF) at the same threshold, by calendar quarter or year only, with
the rule stated in one sentence.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from rapports import services
from rapports.statistiques import Perimetre
from rapports.suppression import REGLE_EXTERNE, REGLE_POSTE
from tests.accueil.factories import SituationFactory

TABLEAU_DE_BORD = reverse("rapports:tableau_de_bord")


def _csv(client, cle, parametres):
    url = reverse("rapports:export_csv", kwargs={"cle": cle}) + parametres
    return client.get(url)


@pytest.fixture
def trois_situations(monde):
    """Three new situations in Q2 2025 on the shared post: a small count."""
    for jour in (3, 10, 17):
        SituationFactory(
            personne__poste=monde.poste,
            poste=monde.poste,
            date_ouverture=datetime.date(2025, 5, jour),
        )


def test_l_intervenante_lit_les_chiffres_exacts_de_son_poste(monde, trois_situations, client_de):
    client = client_de("intervenante")
    parametres = f"?perimetre=poste-{monde.poste.pk}&nature=trimestre&annee=2025&trimestre=2"
    contenu = client.get(TABLEAU_DE_BORD + parametres).content.decode()
    assert REGLE_POSTE.split(",")[0] in contenu
    assert "&lt; 11" not in contenu and "&lt; 5" not in contenu
    texte = _csv(client, "indicateurs", parametres).content.decode("utf-8-sig")
    assert "nouvelles situations;3;0" in texte


def test_l_intervenante_garde_les_mois_et_les_dates_choisies(monde, trois_situations, client_de):
    client = client_de("intervenante")
    parametres = f"?perimetre=poste-{monde.poste.pk}&nature=mois&annee=2025&mois=5"
    texte = _csv(client, "indicateurs", parametres).content.decode("utf-8-sig")
    assert "05/2025" in texte
    assert "nouvelles situations;3;0" in texte


def test_le_chef_lit_les_memes_chiffres_masques_a_onze(monde, trois_situations, client_de):
    client = client_de("chef")
    parametres = "?nature=trimestre&annee=2025&trimestre=2"
    contenu = client.get(TABLEAU_DE_BORD + parametres).content.decode()
    assert REGLE_EXTERNE.split(":")[0] in contenu
    assert ">masqué<" in contenu
    texte = _csv(client, "indicateurs", parametres).content.decode("utf-8-sig")
    assert "nouvelles situations;masqué;0" in texte
    derniere = list(csv.reader(io.StringIO(texte), delimiter=";"))[-1]
    assert derniere == [REGLE_EXTERNE]


@pytest.mark.parametrize(
    "parametres",
    [
        "?nature=mois&annee=2025&mois=5",
        "?nature=plage&debut=2025-05-01&fin=2025-05-31",
        "?nature=plage&debut=2025-01-01&fin=2025-12-30",
    ],
)
@pytest.mark.parametrize("persona", ["chef", "employeur", "coordinateur"])
def test_hors_du_poste_ni_mois_ni_dates_choisies(
    persona, parametres, monde, trois_situations, client_de
):
    """A month, or a year minus a day, would give masked cells back by difference."""
    client = client_de(persona)
    reponse = client.get(TABLEAU_DE_BORD + parametres)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "par trimestre ou par année civile" in contenu
    # The refused choice falls back to the whole calendar year, never to the range asked.
    assert "31/05/2025" not in contenu and "30/12/2025" not in contenu
    texte = _csv(client, "indicateurs", parametres).content.decode("utf-8-sig")
    periode = texte.splitlines()[2]
    assert periode.startswith("année ")
    if "annee=2025" in parametres:
        assert periode == "année 2025"


def test_hors_du_poste_les_series_mensuelles_deviennent_trimestrielles(monde, activite, client_de):
    client = client_de("chef")
    contenu = client.get(TABLEAU_DE_BORD + "?annee=2025").content.decode()
    assert "Nouvelles situations par trimestre" in contenu
    assert "Nouvelles situations par mois" not in contenu
    assert "mai 2025" not in contenu
    assert _csv(client, "situations_par_mois", "?annee=2025").status_code == 404
    texte = _csv(client, "situations_par_trimestre", "?annee=2025").content.decode("utf-8-sig")
    # Rows named by rank, beside the same quarter of the year before (column heads).
    assert ";2025;2024" in texte
    assert "\n2e trimestre;" in texte.replace("\r\n", "\n")
    assert "2e trimestre 2025" not in texte
    # The worker keeps her months.
    reponse = client_de("intervenante").get(TABLEAU_DE_BORD + "?annee=2025")
    assert "Nouvelles situations par mois" in reponse.content.decode()


def test_le_compte_rendu_transmis_au_chef_suit_la_regle_externe(monde, activite):
    compte_rendu = services.creer_compte_rendu(
        auteur=monde["intervenante"], poste=monde.poste, annee=2025, trimestre=2
    )
    chiffres = services.chiffres_du_rapport(compte_rendu)
    assert chiffres["seuil"] == 11
    assert chiffres["regle"] == REGLE_EXTERNE
    assert all(t["cle"] != "situations_par_mois" for t in chiffres["tableaux"])


def test_tableau_de_bord_csv_et_bilan_du_chef_publient_les_memes_cases(monde, activite, client_de):
    """The review's « across thresholds »: the chief's dashboard and the CLSPD's annual
    report of the same site and year now show the same cells, masked the same way."""
    client = client_de("chef")
    reponse = client.get(TABLEAU_DE_BORD + f"?perimetre=site-{monde.commissariat.pk}&annee=2025")
    tableau_de_bord = reponse.context["s"]
    bilan = services.creer_bilan(
        auteur=monde["chef"], perimetre=Perimetre("site", monde.commissariat), annee=2025
    )
    document = services.chiffres_du_rapport(bilan)
    assert document["tableaux"] == tableau_de_bord["tableaux"]
    assert document["indicateurs"] == tableau_de_bord["indicateurs"]
