"""Substitutes and the worker's profile (issue 17, items 1 and 7). Thin views.

Built on « L'équipe »: the same guard (the employer of the posts, the coordinator of the
département), the same selectors, the same naming service underneath.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from intervenants import selectors, services
from intervenants.envois import envoi_unique
from intervenants.forms import ProfilForm, SuppleanceForm, executer
from intervenants.models import Intervenant, Poste
from intervenants.permissions import portee_requise
from intervenants.views import _adresse_site, equipe_requise

intervenant_requis = portee_requise("intervenants.acceder_dossiers", Poste)


def _nom(compte) -> str:
    return compte.get_full_name() or compte.get_username()


@equipe_requise
@envoi_unique
def equipe_suppleance_creer(request):
    """Name a substitute on one of the user's posts, from a first to a last day."""
    postes = selectors.postes_de_l_equipe(request.user)
    form = SuppleanceForm(request.POST or None, postes=postes)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        nomination = executer(
            form,
            services.designer_suppleant,
            compte=d["compte"],
            poste=d["poste"],
            date_debut=d["date_debut"],
            dernier_jour=d["dernier_jour"],
            auteur=request.user,
            adresse_site=_adresse_site(request),
        )
        if nomination is not None:
            messages.success(
                request,
                f"{_nom(d['compte'])} supplée sur {d['poste']} du {d['date_debut']:%d/%m/%Y} "
                f"au {d['dernier_jour']:%d/%m/%Y} inclus ; son accès s'arrête le lendemain.",
            )
            if nomination.lien_envoye_a:
                messages.info(
                    request,
                    f"Première nomination : un lien pour choisir son mot de passe a été envoyé "
                    f"à {nomination.lien_envoye_a}.",
                )
            return redirect("intervenants:equipe")
    return render(request, "intervenants/equipe_suppleance.html", {"form": form})


def _profil(request, compte, *, titre, retour):
    profil = selectors.profil_de(compte) or Intervenant(utilisateur=compte)
    # 0 while there is no profile yet: a second tab's first save must not overwrite the
    # first one's (the profile is then at version 1).
    initial = {"version": profil.version if profil.pk else 0} | {
        champ: getattr(profil, champ) for champ in services.CHAMPS_DU_PROFIL
    }
    form = ProfilForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, "Rien n'a changé : le profil est tel qu'il était.")
            return redirect(retour)
        donnees = dict(form.cleaned_data)
        version = donnees.pop("version")
        if executer(
            form,
            services.modifier_profil,
            compte=compte,
            auteur=request.user,
            donnees=donnees,
            version=version,
        ):
            messages.success(request, "Profil enregistré.")
            return redirect(retour)
    return render(
        request,
        "intervenants/profil_form.html",
        {"form": form, "compte": compte, "titre": titre, "par_l_employeur": compte != request.user},
    )


@intervenant_requis
@envoi_unique
def profil_modifier(request):
    """The worker's own profile."""
    return _profil(request, request.user, titre="Mon profil", retour="espace:espace")


@equipe_requise
@envoi_unique
def equipe_profil_modifier(request, pk):
    """The profile of a worker of the user's posts (named today or from a coming day)."""
    nominations = list(selectors.nominations_en_cours_du_compte(request.user, pk))
    if not nominations:
        raise Http404
    compte = nominations[0].utilisateur
    return _profil(request, compte, titre=f"Profil de {_nom(compte)}", retour="intervenants:equipe")
