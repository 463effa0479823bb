"""Worker: a new transmission (issue 17, item 4). Thin: scope, form, one service."""

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from accueil import selectors, services
from accueil.choix import NatureTransmission
from accueil.forms import TransmissionForm, executer
from accueil.views import intervenant_requis
from intervenants.envois import envoi_unique

PROPOSITION = "Fondement proposé d'après la nature : vérifiez-le, puis enregistrez."


@intervenant_requis
@envoi_unique
def transmission_creer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    # ?nature=ip_crip (a link from the file): the nature chosen, its basis proposed.
    nature = request.GET.get("nature", "")
    initial = {"nature": nature} if nature in NatureTransmission.values else {}
    form = TransmissionForm(
        request.POST or None, initial=initial, partenaires=selectors.partenaires_pour(request.user)
    )
    if request.method == "POST" and form.is_valid():
        if form.fondement_propose:
            # The basis was proposed, not chosen: nothing is saved, every other error is
            # reported at once beside its field.
            executer(form, services.verifier_transmission, situation=situation, **form.cleaned_data)
            form.add_error("fondement", PROPOSITION)
        elif executer(
            form,
            services.enregistrer_transmission,
            auteur=request.user,
            situation=situation,
            **form.cleaned_data,
        ):
            messages.success(request, "Transmission enregistrée.")
            return redirect(reverse("accueil:situation", args=[situation.pk]))
    return render(
        request,
        "accueil/transmission_form.html",
        {
            "situation": situation,
            "form": form,
            "titre": "Nouvelle transmission",
            "fondements": json.dumps(form.fondements_proposes),
        },
    )
