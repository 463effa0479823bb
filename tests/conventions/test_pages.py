import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conventions.factories import ConventionFactory, FinancementFactory

pytestmark = pytest.mark.django_db
J = datetime.date


def _titres(reponse):
    return [c.titre for c in reponse.context["conventions"]]


@pytest.fixture
def trois_etats(monde):
    from django.utils import timezone

    aujourd_hui = timezone.localdate()
    en_vigueur = ConventionFactory(
        titre="En vigueur, fin proche",
        employeur=monde.employeur,
        date_debut=aujourd_hui - datetime.timedelta(days=900),
        date_fin=aujourd_hui + datetime.timedelta(days=60),
        postes=[monde.poste],
    )
    expiree = ConventionFactory(
        titre="Expirée",
        employeur=monde.employeur_autre,
        date_debut=J(2019, 1, 1),
        date_fin=J(2021, 12, 31),
        postes=[monde.poste_autre],
    )
    brouillon = ConventionFactory(titre="Brouillon", employeur=monde.employeur, date_signature=None)
    return en_vigueur, expiree, brouillon


def test_liste_du_coordinateur_et_filtre_par_statut(client_de, trois_etats):
    client = client_de("coordinateur")
    tout = client.get(reverse("conventions:liste"))
    expirees = client.get(reverse("conventions:liste"), {"statut": "expiree"})
    assert sorted(_titres(tout)) == ["Brouillon", "En vigueur, fin proche", "Expirée"]
    assert _titres(expirees) == ["Expirée"]


def test_filtre_par_employeur_et_fin_proche(client_de, monde, trois_etats):
    client = client_de("coordinateur")
    par_employeur = client.get(reverse("conventions:liste"), {"employeur": monde.employeur.pk})
    fin_proche = client.get(reverse("conventions:liste"), {"finit_bientot": "on"})
    assert sorted(_titres(par_employeur)) == ["Brouillon", "En vigueur, fin proche"]
    assert _titres(fin_proche) == ["En vigueur, fin proche"]


def test_filtre_employeur_hors_perimetre_ignore(client_de, monde, trois_etats):
    reponse = client_de("employeur").get(
        reverse("conventions:liste"), {"employeur": monde.employeur_autre.pk}
    )
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    assert "Expirée" not in _titres(reponse)


def test_intervenante_ne_voit_que_la_convention_de_son_poste(client_de, trois_etats):
    reponse = client_de("intervenante").get(reverse("conventions:liste"))
    assert _titres(reponse) == ["En vigueur, fin proche"]
    assert "Nouvelle convention" not in reponse.content.decode()


def test_nombre_de_requetes_de_la_liste_constant(client_de, monde, django_assert_max_num_queries):
    client = client_de("coordinateur")
    for _ in range(3):
        ConventionFactory(employeur=monde.employeur, postes=[monde.poste])
    client.get(reverse("conventions:liste"))  # the session is set up on the first request
    with django_assert_max_num_queries(14):
        client.get(reverse("conventions:liste"))
    for _ in range(10):
        ConventionFactory(employeur=monde.employeur_autre, postes=[monde.poste_autre])
    with django_assert_max_num_queries(14):
        reponse = client.get(reverse("conventions:liste"))
    assert len(reponse.context["conventions"]) == 13


def test_nombre_de_requetes_du_detail(client_de, convention, django_assert_max_num_queries):
    client = client_de("employeur")
    client.get(reverse("conventions:detail", args=[convention.pk]))
    with django_assert_max_num_queries(18):
        client.get(reverse("conventions:detail", args=[convention.pk]))


def test_detail_affiche_financements_totaux_et_parts(client_de, convention):
    FinancementFactory(convention=convention, annee=2025, montant=Decimal("25000"))
    FinancementFactory(
        convention=convention,
        annee=2025,
        financeur="conseil_departemental",
        montant=Decimal("12500"),
    )
    page = client_de("chef").get(reverse("conventions:detail", args=[convention.pk]))
    texte = page.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert "37 500,00 €" in texte
    assert "50,0 %" in texte and "75,0 %" in texte
    assert "Reste à financer" in texte and "12 500,00 €" in texte


def test_detail_affiche_le_calendrier_des_obligations(client_de, convention):
    page = client_de("intervenante").get(reverse("conventions:detail", args=[convention.pk]))
    texte = page.content.decode()
    assert "Compte rendu d&#x27;activité trimestriel" in texte
    assert "30/06/2026" in texte  # renewal notice
    assert "Modifier" not in texte


def test_page_des_financements_par_annee(client_de, convention, convention_autre):
    FinancementFactory(convention=convention, annee=2024, montant=Decimal("30000"))
    FinancementFactory(
        convention=convention_autre, annee=2024, montant=Decimal("10000"), financeur="caf"
    )
    employeur = client_de("employeur").get(reverse("conventions:financements"))
    coordinateur = client_de("coordinateur").get(reverse("conventions:financements"))
    assert employeur.context["synthese"].totaux == {2024: Decimal("30000.00")}
    assert coordinateur.context["synthese"].totaux == {2024: Decimal("40000.00")}
    assert coordinateur.context["synthese"].parts[(2024, "caf")] == Decimal("25.0")


def test_page_des_echeances(client_de, trois_etats):
    page = client_de("employeur").get(reverse("conventions:echeances")).content.decode()
    assert "En vigueur, fin proche" in page
    assert "Expirée" not in page
