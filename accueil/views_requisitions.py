"""Worker: the post's register of requisitions (issue 17, item 5).

Read and written by the post's workers only. The chief and the officers (the authority
that requires), the employer, the coordinator and the CLSPD get a 404 like any other page
of the records (docs/decisions.md)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from accueil import selectors, services
from accueil.choix import EXPLICATIONS_MOTIFS_REFUS, MotifRefusRequisition
from accueil.forms import RequisitionForm, RequisitionModifierForm, executer
from accueil.views import PAR_PAGE, intervenant_requis
from intervenants.envois import envoi_unique

CHAMPS = [c for c in RequisitionForm.base_fields if c != "poste"]


def _motifs():
    return [(MotifRefusRequisition(c).label, t) for c, t in EXPLICATIONS_MOTIFS_REFUS.items()]


@intervenant_requis
def requisitions(request):
    page = Paginator(selectors.requisitions_de_mes_postes(request.user), PAR_PAGE).get_page(
        request.GET.get("page")
    )
    postes = selectors.postes_accessibles(request.user)
    return render(
        request,
        "accueil/requisition_list.html",
        {"page": page, "plusieurs_postes": postes.count() > 1, "motifs": _motifs()},
    )


def _page(request, form, titre):
    return render(request, "accueil/requisition_form.html", {"form": form, "titre": titre})


@intervenant_requis
@envoi_unique
def requisition_creer(request):
    initial = {}
    # ?situation=12 (the link of a file): the situation and its post prefilled.
    numero = request.GET.get("situation", "")
    if numero.isdigit() and (
        situation := selectors.situation_de_mes_postes(request.user, int(numero))
    ):
        initial = {"situation": situation.pk, "poste": situation.poste_id}
    form = RequisitionForm(
        request.POST or None,
        initial=initial,
        postes=selectors.postes_accessibles(request.user).order_by("intitule"),
        situations=selectors.situations_visibles(request.user),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and executer(
            form, services.enregistrer_requisition, auteur=request.user, **form.cleaned_data
        )
    ):
        messages.success(request, "Réquisition enregistrée au registre du poste.")
        return redirect("accueil:requisitions")
    return _page(request, form, "Nouvelle réquisition")


@intervenant_requis
@envoi_unique
def requisition_modifier(request, pk):
    requisition = selectors.requisition_pour(request.user, pk)
    initial = {"version": requisition.version}
    initial |= {champ: getattr(requisition, champ) for champ in CHAMPS if champ != "situation"}
    initial["situation"] = requisition.situation_id
    form = RequisitionModifierForm(
        request.POST or None,
        initial=initial,
        postes=selectors.postes_accessibles(request.user),
        situations=selectors.situations_visibles(request.user),
    )
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        version = donnees.pop("version")
        if executer(
            form,
            services.modifier_requisition,
            auteur=request.user,
            requisition=requisition,
            version=version,
            donnees=donnees,
        ):
            messages.success(request, "Réquisition mise à jour.")
            return redirect("accueil:requisitions")
    return _page(request, form, f"Modifier la réquisition du {requisition.date:%d/%m/%Y}")
