"""The worker's agenda (issue 16, item 1): appointments and call-backs. Thin views.

Kept apart from ``views.py`` (at its ~600-line limit); the same guards, selectors and
services as the rest of the confidential side.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accueil import selectors, services
from accueil.choix import MODE_PAR_LIEU
from accueil.forms import EntretienForm, RappelForm, RendezVousForm, SemaineForm, executer
from accueil.views import _formulaire_de_dossier, _vers_dossier, intervenant_requis
from intervenants.envois import envoi_unique

UN_JOUR = datetime.timedelta(days=1)


def _retour(request):
    """Back where the click came from (home page, week, file), never off the site."""
    suivant = request.POST.get("suivant", "")
    if suivant and url_has_allowed_host_and_scheme(
        suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(suivant)
    return redirect("accueil:agenda")


@intervenant_requis
def agenda(request):
    """The week of the user (or of the whole post): appointments and call-backs, day by day."""
    form = SemaineForm(request.GET or None)
    filtres = form.cleaned_data if form.is_bound and form.is_valid() else {}
    aujourd_hui = timezone.localdate()
    jour = filtres.get("semaine") or aujourd_hui
    tout = filtres.get("tout", False)
    lundi = jour - datetime.timedelta(days=jour.weekday())
    dimanche = lundi + 6 * UN_JOUR
    rendez_vous = list(
        selectors.rendez_vous_de(request.user, debut=lundi, fin=dimanche, tout_le_poste=tout)
    )
    rappels = list(
        selectors.rappels_de(request.user, debut=lundi, fin=dimanche, tout_le_poste=tout)
    )
    jours = [
        {
            "jour": lundi + i * UN_JOUR,
            "rendez_vous": [r for r in rendez_vous if r.date == lundi + i * UN_JOUR],
            "rappels": [r for r in rappels if r.echeance == lundi + i * UN_JOUR],
        }
        for i in range(7)
    ]
    # Call-backs left undone before the week shown, when it is this week.
    en_retard = (
        list(selectors.rappels_a_faire(request.user, jusqu_au=lundi - UN_JOUR, tout_le_poste=tout))
        if lundi <= aujourd_hui <= dimanche
        else []
    )
    suffixe = "&tout=1" if tout else ""
    return render(
        request,
        "accueil/agenda.html",
        {
            "form": form,
            "jours": jours,
            "lundi": lundi,
            "dimanche": dimanche,
            "aujourd_hui": aujourd_hui,
            "tout": tout,
            "en_retard": en_retard,
            "precedente": f"?semaine={(lundi - 7 * UN_JOUR).isoformat()}{suffixe}",
            "suivante": f"?semaine={(lundi + 7 * UN_JOUR).isoformat()}{suffixe}",
            "cette_semaine": f"?semaine={aujourd_hui.isoformat()}{suffixe}",
            "bascule": f"?semaine={lundi.isoformat()}{'' if tout else '&tout=1'}",
            "ici": request.get_full_path(),
        },
    )


def _formulaire_d_agenda(request, situation, formulaire, service, *, titre, message):
    intervenants = selectors.intervenants_du_poste(situation.poste)
    form = formulaire(request.POST or None, intervenants=intervenants, auteur=request.user)
    return _formulaire_de_dossier(request, situation, form, titre, service, message)


@intervenant_requis
@envoi_unique
def rendez_vous_creer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    return _formulaire_d_agenda(
        request,
        situation,
        RendezVousForm,
        services.prendre_rendez_vous,
        titre="Prendre rendez-vous",
        message="Rendez-vous pris.",
    )


@intervenant_requis
@envoi_unique
def rappel_creer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    return _formulaire_d_agenda(
        request,
        situation,
        RappelForm,
        services.noter_rappel,
        titre="À rappeler",
        message="Rappel noté : il s'affichera sur votre page d'accueil le jour venu.",
    )


@intervenant_requis
@envoi_unique
def rendez_vous_honorer(request, pk):
    """The interview form, filled from the appointment; saving it settles the appointment."""
    rendez_vous = selectors.rendez_vous_pour(request.user, pk)
    situation = rendez_vous.situation
    if not rendez_vous.est_prevu:
        messages.info(
            request, f"Ce rendez-vous est déjà noté « {rendez_vous.get_etat_display()} »."
        )
        return _vers_dossier(situation)
    form = EntretienForm(
        request.POST or None,
        initial={
            "date": rendez_vous.date,
            "mode": MODE_PAR_LIEU[rendez_vous.lieu],
            # A fact of the file, not a guess: the consent recorded and not withdrawn.
            "adhesion": situation.adhesions.actives().exists(),
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and executer(
            form,
            services.honorer_rendez_vous,
            auteur=request.user,
            rendez_vous=rendez_vous,
            **form.cleaned_data,
        )
    ):
        messages.success(request, "Rendez-vous honoré : entretien enregistré.")
        return _vers_dossier(situation)
    return render(
        request,
        "accueil/formulaire.html",
        {
            "situation": situation,
            "form": form,
            "titre": f"Entretien du rendez-vous du {rendez_vous.date:%d/%m/%Y} "
            f"à {rendez_vous.heure:%H:%M}",
        },
    )


def _action(request, service, message, **kwargs):
    try:
        service(auteur=request.user, **kwargs)
        messages.success(request, message)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    return _retour(request)


@require_POST
@intervenant_requis
def rendez_vous_manque(request, pk):
    rendez_vous = selectors.rendez_vous_pour(request.user, pk)
    return _action(
        request,
        services.noter_rendez_vous_manque,
        "Rendez-vous manqué : une tentative de contact sans réponse est comptée.",
        rendez_vous=rendez_vous,
    )


@require_POST
@intervenant_requis
def rendez_vous_annuler(request, pk):
    rendez_vous = selectors.rendez_vous_pour(request.user, pk)
    return _action(
        request,
        services.annuler_rendez_vous,
        "Rendez-vous annulé.",
        rendez_vous=rendez_vous,
    )


@require_POST
@intervenant_requis
def rappel_fait(request, pk):
    rappel = selectors.rappel_pour(request.user, pk)
    return _action(request, services.marquer_rappel_fait, "Rappel fait.", rappel=rappel)
