"""Two people edit the same convention: the second save is refused, her input kept, the
first save untouched (issue 12, item 6) — never a silent overwrite."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from conventions import services
from conventions.models import Convention
from intervenants.versions import ConflitDeModification
from tests.conventions.factories import FinancementFactory
from tests.navigateur import formulaire

pytestmark = pytest.mark.django_db

CONFLIT_HTML = "Cette convention a été modifiée par quelqu&#x27;un d&#x27;autre depuis que vous"


def _session(monde, persona):
    client = Client()
    client.force_login(monde[persona])
    return client


@pytest.fixture
def deux_sessions(monde, convention):
    """The employer and the coordinator both open the edit page; the employer saves first."""
    FinancementFactory(convention=convention, annee=2024)
    url = reverse("conventions:modifier", args=[convention.pk])
    employeur, coordinateur = _session(monde, "employeur"), _session(monde, "coordinateur")
    page_employeur, page_coordinateur = employeur.get(url), coordinateur.get(url)
    premiere = employeur.post(url, formulaire(page_employeur) | {"titre": ["Titre de l'employeur"]})
    assert premiere.status_code == 302
    seconde = coordinateur.post(
        url,
        formulaire(page_coordinateur)
        | {"titre": ["Titre du coordinateur"], "financements-0-montant": ["1 234,00"]},
    )
    return url, coordinateur, seconde


def test_la_seconde_sauvegarde_est_refusee_en_francais(deux_sessions):
    _, _, seconde = deux_sessions
    assert seconde.status_code == 200
    assert seconde.context["form"].non_field_errors() == [Convention.message_conflit]
    assert CONFLIT_HTML in seconde.content.decode()


def test_la_saisie_refusee_reste_dans_le_formulaire(deux_sessions):
    page = deux_sessions[2].content.decode()
    assert 'value="Titre du coordinateur"' in page
    assert 'value="1 234,00"' in page


def test_la_base_garde_la_premiere_sauvegarde_et_ses_lignes(deux_sessions, convention):
    convention.refresh_from_db()
    assert (convention.titre, convention.version) == ("Titre de l'employeur", 2)
    assert list(convention.financements.values_list("montant", flat=True)) == [25000]


def test_apres_rechargement_la_sauvegarde_passe(deux_sessions, convention):
    url, coordinateur, _ = deux_sessions
    page = coordinateur.get(url)
    assert coordinateur.post(url, formulaire(page) | {"titre": ["Enfin"]}).status_code == 302
    convention.refresh_from_db()
    assert (convention.titre, convention.version) == ("Enfin", 3)


def test_un_avenant_enregistre_entre_temps_n_est_pas_ecrase(monde, convention):
    url = reverse("conventions:modifier", args=[convention.pk])
    employeur = _session(monde, "employeur")
    page = employeur.get(url)
    services.enregistrer_avenant(
        auteur=monde["coordinateur"],
        convention=convention,
        date_signature=datetime.date(2026, 6, 1),
        objet="Prolongation",
        modifications="Un an de plus.",
        nouvelle_date_fin=datetime.date(2027, 12, 31),
    )
    reponse = employeur.post(url, formulaire(page))
    convention.refresh_from_db()
    assert reponse.context["form"].non_field_errors() == [Convention.message_conflit]
    assert convention.date_fin == datetime.date(2027, 12, 31)


def test_le_service_refuse_une_version_depassee(monde, convention):
    Convention.objects.filter(pk=convention.pk).update(version=2)
    convention.titre = "Écrasement"
    with pytest.raises(ConflitDeModification):
        services.enregistrer_convention(
            auteur=monde["employeur"],
            convention=convention,
            postes=[monde.poste],
            parties=[],
            sites=[],
            financements=[],
            version=1,
        )
    assert Convention.objects.get(pk=convention.pk).titre == "Convention ISCG Estuaire"


def test_sans_version_le_formulaire_demande_de_recharger(monde, convention):
    url = reverse("conventions:modifier", args=[convention.pk])
    employeur = _session(monde, "employeur")
    donnees = formulaire(employeur.get(url))
    del donnees["version"]
    reponse = employeur.post(url, donnees | {"titre": ["Sans version"]})
    assert "Ce formulaire est incomplet : rechargez la page." in reponse.content.decode()
    assert Convention.objects.get(pk=convention.pk).titre == "Convention ISCG Estuaire"
