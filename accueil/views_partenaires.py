"""The directory of partners (issue 17, item 6): add, edit, deactivate, reactivate.

Kept by the workers of the département's posts and by its coordinator: a partner is a
service, never a person, and the journal records who changed what. A deactivated partner
stays in past orientations and transmissions and is no longer offered for new ones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accueil import selectors, services
from accueil.forms import PartenaireForm, executer
from intervenants.envois import envoi_unique
from intervenants.models import Departement, Poste
from intervenants.permissions import une_portee_requise

annuaire_requis = une_portee_requise(
    ("intervenants.acceder_dossiers", Poste),
    (selectors.PERM_ANNUAIRE_DEPARTEMENT, Departement),
)


@annuaire_requis
@envoi_unique
def partenaires(request):
    form = PartenaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partenaire = executer(
            form,
            services.ajouter_partenaire,
            auteur=request.user,
            departement=selectors.departements_de_l_annuaire(request.user).first(),
            **form.cleaned_data,
        )
        if partenaire:
            messages.success(request, f"{partenaire} ajouté à l'annuaire.")
            return redirect("accueil:partenaires")
    annuaire = list(selectors.annuaire(request.user))
    return render(
        request,
        "accueil/partenaire_list.html",
        {
            "partenaires": [p for p in annuaire if p.actif],
            "desactives": [p for p in annuaire if not p.actif],
            "form": form,
        },
    )


@annuaire_requis
@envoi_unique
def partenaire_modifier(request, pk):
    partenaire = selectors.partenaire_pour(request.user, pk)
    form = PartenaireForm(request.POST or None, instance=partenaire)
    if (
        request.method == "POST"
        and form.is_valid()
        and executer(
            form,
            services.modifier_partenaire,
            auteur=request.user,
            partenaire=partenaire,
            **form.cleaned_data,
        )
    ):
        messages.success(request, f"{form.cleaned_data['nom']} mis à jour.")
        return redirect("accueil:partenaires")
    return render(request, "accueil/partenaire_form.html", {"form": form, "partenaire": partenaire})


def _changer_activite(request, pk, *, actif: bool, message: str):
    partenaire = selectors.partenaire_pour(request.user, pk)
    try:
        services.changer_activite_partenaire(
            auteur=request.user, partenaire=partenaire, actif=actif
        )
    except ValidationError as erreur:
        messages.info(request, " ".join(erreur.messages))
    else:
        messages.success(request, message.format(partenaire=partenaire))
    return redirect("accueil:partenaires")


@annuaire_requis
@require_POST
def partenaire_desactiver(request, pk):
    return _changer_activite(
        request,
        pk,
        actif=False,
        message=(
            "{partenaire} est désactivé : il reste dans les orientations passées et n'est "
            "plus proposé pour les nouvelles."
        ),
    )


@annuaire_requis
@require_POST
def partenaire_reactiver(request, pk):
    return _changer_activite(
        request, pk, actif=True, message="{partenaire} est de nouveau proposé dans l'annuaire."
    )
