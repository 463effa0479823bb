"""Signed documents are served by a view that checks the convention's readers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conventions import services
from conventions.models import DocumentConvention, TypeDocument
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


def test_le_document_est_dans_la_base_jamais_sur_le_disque(document, fichiers_temporaires):
    """In the database with its row (and so in the backups): no file under MEDIA_ROOT."""
    assert bytes(DocumentConvention.objects.get(pk=document.pk).contenu) == PDF_MINIMAL
    assert not fichiers_temporaires.exists() or not any(fichiers_temporaires.rglob("*"))


def test_la_page_de_la_convention_ne_lit_pas_les_contenus(client_de, document, convention):
    """The convention's page lists its documents without reading their content: a page
    with twenty signed PDF would otherwise load them all."""
    with CaptureQueriesContext(connection) as requetes:
        reponse = client_de("employeur").get(reverse("conventions:detail", args=[convention.pk]))
    assert reponse.status_code == 200
    assert "Convention signée" in reponse.content.decode()
    lues = [
        q["sql"] for q in requetes.captured_queries if "conventions_documentconvention" in q["sql"]
    ]
    assert lues and not any('"contenu"' in sql for sql in lues)


def test_le_telechargement_lit_le_contenu_a_part(client_de, document):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client_de("chef").get(
            reverse("conventions:telecharger_document", args=[document.pk])
        )
    assert reponse.content == PDF_MINIMAL
    assert sum('"contenu"' in q["sql"] for q in requetes.captured_queries) == 1
