"""Handover notes (issue 17, item 1): write or replace a file's note, mark it read.

Kept apart from ``views.py`` (at its ~600-line limit); the same guards, selectors and the
file's own form template. The note itself is shown at the top of the file
(``accueil/_note_passation.html``, read by ``selectors.dossier_complet``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accueil import selectors, services_passation
from accueil.forms import NotePassationForm, executer
from accueil.views import _vers_dossier, intervenant_requis
from intervenants.envois import envoi_unique


@intervenant_requis
@envoi_unique
def passation_ecrire(request, pk):
    """Write the file's handover note, or replace the current one (shown above the form)."""
    situation, note = selectors.note_passation_pour(request.user, pk)
    form = NotePassationForm(request.POST or None, initial={"version": note.version if note else 0})
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        if executer(
            form,
            services_passation.ecrire_note_passation,
            auteur=request.user,
            situation=situation,
            texte=donnees["texte"],
            version=donnees["version"],
        ):
            messages.success(
                request,
                "Note de passation enregistrée : elle s'affichera en tête du dossier pour la "
                "personne qui l'ouvrira ensuite.",
            )
            return _vers_dossier(situation)
    return render(
        request,
        "accueil/passation_form.html",
        {
            "situation": situation,
            "note": note,
            "form": form,
            "titre": "Remplacer la note de passation" if note else "Écrire une note de passation",
        },
    )


@require_POST
@intervenant_requis
def passation_lue(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    try:
        services_passation.marquer_note_lue(auteur=request.user, situation=situation)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "Note de passation marquée lue.")
    return _vers_dossier(situation)
