"""Optimistic locking, for every record that two people may edit at once.

A versioned record carries a number. Its edit form sends back, hidden, the number it was
opened with, and the save is an ``UPDATE … WHERE version = n``: when no row is updated,
someone saved in between, and the save is refused with the user's input kept — never a
silent overwrite. Started with the confidential records (accueil), shared here, at the
bottom of the app ladder, so that conventions and reports use the same mechanism.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone

MESSAGE_CONFLIT = (
    "Ce dossier a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert. "
    "Vos saisies sont conservées ci-dessous : rechargez la page dans un autre onglet pour "
    "voir la version à jour, puis enregistrez à nouveau."
)


class Versionne(models.Model):
    """Optimistic locking: a save is accepted only over the version the user opened."""

    version = models.PositiveIntegerField("version", default=1)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    # What the user reads when her save is refused; each kind of record names itself.
    message_conflit = MESSAGE_CONFLIT

    class Meta:
        abstract = True


class ConflitDeModification(ValidationError):
    """Raised when a save is based on a version that is no longer the current one."""

    def __init__(self, message: str = MESSAGE_CONFLIT):
        super().__init__(message, code="conflit")


class VersionForm(forms.Form):
    """Carries the version the user opened, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionModelForm(VersionForm):
    """The same for a ModelForm: the version comes from the instance, and one already
    overtaken is reported before anything else (the service still checks, atomically)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def clean(self):
        donnees = super().clean()
        if donnees.get("version") not in (None, self.instance.version):
            self.add_error(None, ConflitDeModification(self.instance.message_conflit))
        return donnees


def enregistrer_version(objet: Versionne, version_ouverte: int, champs: dict) -> None:
    """Save ``champs`` on ``objet`` only if nobody saved it since ``version_ouverte``.

    Inside a transaction the UPDATE also locks the row until the commit: a service may
    then write the record's lines without a second writer in between."""
    modele = type(objet)
    nb = modele.objects.filter(pk=objet.pk, version=version_ouverte).update(
        version=F("version") + 1, updated_at=timezone.now(), **champs
    )
    if nb == 0:
        raise ConflitDeModification(objet.message_conflit)
    objet.refresh_from_db()
