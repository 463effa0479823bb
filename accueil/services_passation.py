"""Handover notes (issue 17, item 1): written by a worker of the post on a file, shown
first to whoever opens it next, until marked read or replaced (docs/decisions.md).

Kept apart from ``services.py``; the same post lock, the same journal, never the text in it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accueil.models import NotePassation, Situation
from accueil.services import _journal, _verrouiller_poste
from intervenants.models import ActionJournal
from intervenants.versions import ConflitDeModification, enregistrer_version


@transaction.atomic
def ecrire_note_passation(
    *, auteur, situation: Situation, texte: str, version: int
) -> NotePassation:
    """Write the file's handover note, or replace it: over the version the form was opened
    with (0 when there was none), so that nobody replaces a note she has not seen."""
    _verrouiller_poste(situation.poste_id)
    # A note on a closed file, or on a person whose data was erased, would outlive the
    # retention purge and the erasure (they look at open lives, once): refused, like an
    # interview on a closed file (review of issue 17).
    situation.refresh_from_db(fields=["date_cloture"])
    situation.personne.refresh_from_db(fields=["anonymisee_le"])
    if situation.personne.anonymisee_le:
        raise ValidationError("Les données de cette personne sont effacées : plus de note.")
    if not situation.est_ouverte:
        raise ValidationError(
            f"La situation est close depuis le {situation.date_cloture:%d/%m/%Y} : "
            "rouvrez-la pour y laisser une note de passation."
        )
    texte = texte.strip()
    if not texte:
        raise ValidationError({"texte": "Écrivez la note, ou annulez."})
    note = NotePassation.objects.filter(situation=situation).first()
    if note is None:
        if version:
            # The note shown in the form is gone (erased with the person's data).
            raise ConflitDeModification(NotePassation.message_conflit)
        note = NotePassation.objects.create(situation=situation, texte=texte, auteur=auteur)
        _journal(auteur, ActionJournal.CREATION, note, situation, note_passation="écrite")
        return note
    enregistrer_version(
        note,
        version,
        {
            "texte": texte,
            "auteur": auteur,
            "ecrite_le": timezone.now(),
            "lue_le": None,
            "lue_par": None,
        },
    )
    _journal(auteur, ActionJournal.MODIFICATION, note, situation, note_passation="remplacée")
    return note


@transaction.atomic
def marquer_note_lue(*, auteur, situation: Situation) -> NotePassation:
    """The reader marks the note read: it leaves the top of the file for everyone."""
    _verrouiller_poste(situation.poste_id)
    note = NotePassation.objects.select_for_update().filter(situation=situation).first()
    if note is None:
        raise ValidationError("Ce dossier n'a pas de note de passation.")
    if note.est_lue:
        raise ValidationError(f"Cette note est déjà marquée lue (le {note.lue_le:%d/%m/%Y}).")
    if note.auteur_id == auteur.pk:
        raise ValidationError(
            "C'est votre note : elle reste en tête du dossier jusqu'à ce que la personne "
            "qui vous suit la lise."
        )
    note.lue_le = timezone.now()
    note.lue_par = auteur
    note.save(update_fields=["lue_le", "lue_par"])
    _journal(auteur, ActionJournal.CONSULTATION, note, situation, note_passation="lue")
    return note
