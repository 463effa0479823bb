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
    # One document's content in memory at a time (10 MB each at most).
    for pk, nom in Document.objects.exclude(fichier="").values_list("pk", "fichier").iterator():
        if not default_storage.exists(nom):
            manquants.append(f"{pk} ({nom})")
            continue
        with default_storage.open(nom, "rb") as fichier:
            contenu = fichier.read()
        Document.objects.filter(pk=pk).update(contenu=contenu, taille=len(contenu))
    if manquants:
        raise RuntimeError(
            f"{len(manquants)} document(s) signé(s) introuvable(s) sous MEDIA_ROOT "
            f"({default_storage.location}) : {', '.join(manquants)}. Remettez ces fichiers en "
            "place ou supprimez ces documents, puis relancez migrate."
        )


def base_vers_fichiers(apps, schema_editor):
    Document = apps.get_model("conventions", "DocumentConvention")
    for pk in Document.objects.values_list("pk", flat=True).iterator():
        contenu = Document.objects.filter(pk=pk).values_list("contenu", flat=True).get()
        nom = conventions.models.chemin_document(None, "")
        Document.objects.filter(pk=pk).update(
            fichier=default_storage.save(nom, ContentFile(bytes(contenu)))
        )


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
