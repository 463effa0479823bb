"""Signed documents kept in the database, beside their row, instead of files under MEDIA_ROOT.

Why: the backups (``manage.py sauvegarder``, an encrypted pg_dump) did not carry the files,
so a restore after losing the server gave back the conventions without their signed
documents, and every application server needed the same shared folder. The content is now a
``bytea`` column, like the situations' attachments: saved with its row's transaction, in every
backup, served by the same permission-checked view.

Forwards, each file is read from MEDIA_ROOT into its row. A file missing from MEDIA_ROOT
stops the migration with the list of the documents concerned: put the files back (from a
copy of the folder) or delete these rows, then migrate again. Nothing is removed from
MEDIA_ROOT: delete the ``conventions/`` folder once the migration has run. Backwards, each
content is written back as a file under a new random name.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models

import conventions.models


def fichiers_dans_la_base(apps, schema_editor):
    Document = apps.get_model("conventions", "DocumentConvention")
    manquants = []
    for document in Document.objects.exclude(fichier="").iterator(chunk_size=50):
        if not default_storage.exists(document.fichier.name):
            manquants.append(f"{document.pk} ({document.fichier.name})")
            continue
        with default_storage.open(document.fichier.name, "rb") as fichier:
            document.contenu = fichier.read()
        document.taille = len(document.contenu)
        document.save(update_fields=["contenu", "taille"])
    if manquants:
        raise RuntimeError(
            f"{len(manquants)} document(s) signé(s) introuvable(s) sous MEDIA_ROOT "
            f"({default_storage.location}) : {', '.join(manquants)}. Remettez ces fichiers en "
            "place ou supprimez ces documents, puis relancez migrate."
        )


def base_vers_fichiers(apps, schema_editor):
    Document = apps.get_model("conventions", "DocumentConvention")
    for document in Document.objects.iterator(chunk_size=50):
        nom = conventions.models.chemin_document(document, "")
        document.fichier = default_storage.save(nom, ContentFile(bytes(document.contenu)))
        document.save(update_fields=["fichier"])


class Migration(migrations.Migration):
    dependencies = [("conventions", "0006_employeur_dans_l_organisation")]

    operations = [
        migrations.AddField(
            model_name="documentconvention",
            name="contenu",
            field=models.BinaryField(default=b"", verbose_name="contenu du PDF"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="documentconvention",
            name="fichier",
            field=models.FileField(
                blank=True,
                max_length=200,
                upload_to=conventions.models.chemin_document,
                verbose_name="fichier PDF",
            ),
        ),
        migrations.RunPython(fichiers_dans_la_base, base_vers_fichiers),
        migrations.RemoveField(model_name="documentconvention", name="fichier"),
    ]
