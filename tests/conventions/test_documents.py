"""Signed documents are served by a view that checks the convention's readers."""

import pytest
from django.conf import settings as reglages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conventions import services
from conventions.models import TypeDocument
from intervenants.models import ActionJournal, Journal
from tests.conventions.factories import PDF_MINIMAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(monde, convention):
    return services.deposer_document(
        auteur=monde["employeur"],
        convention=convention,
        fichier=SimpleUploadedFile("signee.pdf", PDF_MINIMAL),
        type=TypeDocument.CONVENTION_SIGNEE,
        titre="Convention signée",
    )


@pytest.mark.parametrize("persona", ["intervenante", "chef", "employeur", "coordinateur"])
def test_document_servi_aux_lecteurs_de_la_convention(client_de, document, persona):
    reponse = client_de(persona).get(
        reverse("conventions:telecharger_document", args=[document.pk])
    )
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content == PDF_MINIMAL


@pytest.mark.parametrize("persona", ["intervenant_autre", "agent", "clspd", "admin", "sans_role"])
def test_document_cache_aux_autres(client_de, document, persona):
    reponse = client_de(persona).get(
        reverse("conventions:telecharger_document", args=[document.pk])
    )
    assert reponse.status_code == 404


def test_telechargement_journalise(client_de, monde, document):
    client_de("chef").get(reverse("conventions:telecharger_document", args=[document.pk]))
    entree = Journal.objects.get(action=ActionJournal.EXPORT)
    assert (entree.utilisateur, entree.objet_id) == (monde["chef"], str(document.pk))


def test_fichier_hors_de_la_racine_web(client_de, document, fichiers_temporaires):
    chemin = (fichiers_temporaires / document.fichier.name).resolve()
    assert chemin.is_file()
    assert not chemin.is_relative_to(reglages.BASE_DIR / "static")
    assert client_de("employeur").get(f"/{document.fichier.name}").status_code == 404
