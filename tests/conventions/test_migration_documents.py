"""Migration conventions 0007: the signed documents move from MEDIA_ROOT into the database,
and back; a missing file stops it with nothing changed."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conventions.models import DocumentConvention
from tests.conventions.factories import PDF_MINIMAL, ConventionFactory

AVANT = [("conventions", "0006_employeur_dans_l_organisation")]
APRES = [("conventions", "0007_documents_dans_la_base")]


def _migrer(cible):
    executeur = MigrationExecutor(connection)
    executeur.migrate(cible)
    return executeur.loader.project_state(cible).apps


@pytest.mark.django_db(transaction=True)
def test_les_fichiers_entrent_dans_la_base_et_en_ressortent(monde, fichiers_temporaires):
    convention = ConventionFactory(employeur=monde.employeur)
    contenu = PDF_MINIMAL + b"%" + bytes(range(256)) * 8
    try:
        anciennes = _migrer(AVANT)
        Ancien = anciennes.get_model("conventions", "DocumentConvention")
        nom = default_storage.save("conventions/signee.pdf", ContentFile(contenu))
        document = Ancien.objects.create(
            convention_id=convention.pk,
            type="convention_signee",
            titre="Convention signée",
            fichier=nom,
            taille=0,
            depose_par_id=monde["employeur"].pk,
        )

        _migrer(APRES)
        garde = DocumentConvention.objects.get(pk=document.pk)
        assert bytes(garde.contenu) == contenu and garde.taille == len(contenu)

        # Back: the content is written again as a file, under a new name.
        anciennes = _migrer(AVANT)
        Ancien = anciennes.get_model("conventions", "DocumentConvention")
        nom = Ancien.objects.get(pk=document.pk).fichier.name
        with default_storage.open(nom, "rb") as fichier:
            assert fichier.read() == contenu

        # A file gone: the migration stops, names the document, and changes nothing.
        default_storage.delete(nom)
        with pytest.raises(RuntimeError, match=rf"introuvable.*{document.pk} \("):
            _migrer(APRES)
        assert Ancien.objects.get(pk=document.pk).fichier.name == nom
    finally:
        # Back to the latest state for the tests after this one (the rows go with the flush).
        with connection.cursor() as curseur:
            curseur.execute("DELETE FROM conventions_documentconvention")
        executeur = MigrationExecutor(connection)
        executeur.migrate(executeur.loader.graph.leaf_nodes())
