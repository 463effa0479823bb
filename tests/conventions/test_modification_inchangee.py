"""The edit page submitted as a browser does: untouched lines survive, deletion is explicit.

Issue 12, item 2: submitting ``/conventions/<id>/modifier/`` unchanged used to wipe every
funding line and party (unchanged rows were left out, then every row was deleted).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from conventions.models import Financement, PartieConvention, RolePartie, SiteConvention
from tests.conventions.factories import FinancementFactory
from tests.navigateur import formulaire

pytestmark = pytest.mark.django_db

FINANCEURS = ["fipd_etat", "conseil_departemental", "commune_epci"]


@pytest.fixture
def convention_complete(convention):
    """8 funding lines over three years, 3 parties, office hours on one site."""
    lignes = [(annee, financeur) for annee in (2024, 2025, 2026) for financeur in FINANCEURS]
    for i, (annee, financeur) in enumerate(lignes[:8]):
        FinancementFactory(
            convention=convention,
            annee=annee,
            financeur=financeur,
            libelle_financeur=f"Financeur n° {i}" if i % 2 else "",
            montant=Decimal("12345.67") + i,
        )
    for role, nom in [
        (RolePartie.PREFET, "Préfet de Loire-Atlantique"),
        (RolePartie.DIRECTION_POLICE, "DIPN 44"),
        (RolePartie.CONSEIL_DEPARTEMENTAL, "Département de Loire-Atlantique"),
    ]:
        PartieConvention.objects.create(convention=convention, role=role, nom=nom, signataire="")
    SiteConvention.objects.filter(convention=convention).update(
        horaires_permanence="lundi et jeudi, 9 h – 17 h", autorite_fonctionnelle="Commissaire"
    )
    return convention


def _lignes(convention) -> dict:
    return {
        "financements": set(
            Financement.objects.filter(convention=convention).values_list(
                "pk", "financeur", "libelle_financeur", "annee", "montant"
            )
        ),
        "parties": set(
            PartieConvention.objects.filter(convention=convention).values_list(
                "pk", "role", "nom", "signataire"
            )
        ),
        "sites": set(
            SiteConvention.objects.filter(convention=convention).values_list(
                "pk", "site_id", "horaires_permanence", "autorite_fonctionnelle"
            )
        ),
    }


def _page(client, convention):
    url = reverse("conventions:modifier", args=[convention.pk])
    return url, client.get(url)


@pytest.mark.parametrize("persona", ["employeur", "coordinateur"])
def test_page_de_modification_soumise_inchangee_garde_toutes_les_lignes(
    client_de, convention_complete, persona
):
    avant = _lignes(convention_complete)
    assert (len(avant["financements"]), len(avant["parties"]), len(avant["sites"])) == (8, 3, 3)
    client = client_de(persona)
    url, page = _page(client, convention_complete)
    reponse = client.post(url, formulaire(page))
    assert reponse.status_code == 302, reponse.context and reponse.context["form"].errors
    assert _lignes(convention_complete) == avant


def test_changer_seulement_le_titre_garde_toutes_les_lignes(client_de, convention_complete):
    avant = _lignes(convention_complete)
    client = client_de("employeur")
    url, page = _page(client, convention_complete)
    donnees = formulaire(page) | {"titre": ["Convention ISCG Estuaire (renommée)"]}
    assert client.post(url, donnees).status_code == 302
    convention_complete.refresh_from_db()
    assert convention_complete.titre == "Convention ISCG Estuaire (renommée)"
    assert _lignes(convention_complete) == avant


def test_enregistrer_et_ajouter_des_lignes_inchange_garde_les_lignes(
    client_de, convention_complete
):
    avant = _lignes(convention_complete)
    client = client_de("employeur")
    url, page = _page(client, convention_complete)
    reponse = client.post(url, formulaire(page, bouton="continuer"))
    assert reponse["Location"] == url
    assert _lignes(convention_complete) == avant


def test_une_ligne_modifiee_est_mise_a_jour_sur_place(client_de, convention_complete):
    client = client_de("employeur")
    url, page = _page(client, convention_complete)
    donnees = formulaire(page)
    premier = Financement.objects.filter(convention=convention_complete).first()
    index = next(i for i in range(8) if donnees[f"financements-{i}-id"] == [str(premier.pk)])
    donnees[f"financements-{index}-montant"] = ["1 000,00"]
    assert client.post(url, donnees).status_code == 302
    premier.refresh_from_db()
    assert premier.montant == Decimal("1000.00")
    assert Financement.objects.filter(convention=convention_complete).count() == 8


def test_seule_la_ligne_cochee_supprimer_disparait(client_de, convention_complete):
    avant = _lignes(convention_complete)
    client = client_de("employeur")
    url, page = _page(client, convention_complete)
    donnees = formulaire(page) | {"parties-1-DELETE": ["on"]}
    supprimee = int(donnees["parties-1-id"][0])
    assert client.post(url, donnees).status_code == 302
    apres = _lignes(convention_complete)
    assert {p[0] for p in apres["parties"]} == {p[0] for p in avant["parties"]} - {supprimee}
    assert apres["financements"] == avant["financements"]


def test_une_ligne_ajoutee_s_ajoute_aux_lignes_existantes(client_de, convention_complete):
    avant = _lignes(convention_complete)
    client = client_de("employeur")
    url, page = _page(client, convention_complete)
    donnees = formulaire(page) | {
        "parties-3-role": ["caf"],
        "parties-3-nom": ["CAF de Loire-Atlantique"],
    }
    assert client.post(url, donnees).status_code == 302
    apres = _lignes(convention_complete)
    assert avant["parties"] < apres["parties"]
    assert len(apres["parties"]) == 4
    assert apres["financements"] == avant["financements"]


def test_page_de_creation_soumise_vide_n_enregistre_rien(client_de, monde):
    from conventions.models import Convention

    client = client_de("employeur")
    url = reverse("conventions:creer")
    reponse = client.post(url, formulaire(client.get(url)))
    assert reponse.status_code == 200
    assert not Convention.objects.exists()


def test_ligne_supprimee_entre_temps_signalee_sans_erreur_serveur(client_de, convention_complete):
    client = client_de("employeur")
    url, page = _page(client, convention_complete)
    donnees = formulaire(page)
    Financement.objects.filter(pk=int(donnees["financements-0-id"][0])).delete()
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert "Cette ligne n'existe plus : rechargez la page." in reponse.content.decode()
    assert Financement.objects.filter(convention=convention_complete).count() == 7
