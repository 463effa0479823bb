"""Thin views: check the scope, validate the form, call one service, message, redirect."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from intervenants.envois import envoi_unique
from intervenants.exports import telechargement
from intervenants.fragments import fragment_en_cache
from rapports import selectors, services
from rapports.exporteurs import ExporteurCSVTableau, ExporteurGrilleNationale
from rapports.forms import (
    BilanCreationForm,
    CompteRenduCreationForm,
    EvaluationAutoriteForm,
    PeriodeForm,
    TextesBilanForm,
    TextesCompteRenduForm,
    TextesForm,
)
from rapports.models import BilanAnnuel, CompteRendu, EtatRapport, Rapport
from rapports.publication import publier
from rapports.statistiques import calculer, temps_d_entretien
from rapports.suppression import SEUIL_EXTERNE

# --- Dashboards and CSV -------------------------------------------------------------------


def seuil_du_lecteur(perimetre) -> int | None:
    """One rule per reader: the post's own worker (the only role with a post scope) reads
    its figures exactly; every other scope is read outside the post."""
    return None if perimetre.nature == "poste" else SEUIL_EXTERNE


def _statistiques_demandees(request):
    perimetres = selectors.perimetres_statistiques(request.user)
    if not perimetres:
        raise Http404
    perimetre = selectors.perimetre_pour(request.user, request.GET.get("perimetre"), perimetres)
    seuil = seuil_du_lecteur(perimetre)
    form = PeriodeForm(request.GET or None, perimetres=perimetres, externe=seuil is not None)
    periode = form.periode()
    stats = calculer(perimetre, periode, periode.annee_precedente())
    return form, perimetre, periode, publier(stats, seuil)


def statistiques_html(publie: dict, lien_csv: str) -> str:
    """The dashboard's figures and charts, rendered once per distinct content.

    The rendered fragment is a pure function of the published figures and the CSV link (no
    user, no request, no form in it), so it is cached under a digest of exactly these
    (``intervenants.fragments``): two readers share an entry only when they would read the
    very same page. Rendering a thousand cells was half of the page's server time (issue 18,
    item 3); most readers of a site or a département read the figures of the last nightly
    audit, identical all day."""
    contexte = {"s": publie, "lien_csv": lien_csv}
    return fragment_en_cache("rapports/_statistiques.html", contexte, selon=contexte)


def choix_periode_html(form) -> str:
    """The scope and period selector: its crispy rendering, with the reader's scopes and the
    years as options, was a seventh of the dashboard's server time. Its output depends only on
    the fields, their choices and the values sent, so it is rendered once per distinct set of
    these (``intervenants.fragments``); a form in error, which echoes what was typed, never."""
    gabarit = "rapports/_choix_periode.html"
    if form.is_bound and not form.is_valid():
        return render_to_string(gabarit, {"form": form})
    selon = {
        "champs": [
            [nom, list(getattr(champ, "choices", ()))] for nom, champ in form.fields.items()
        ],
        "valeurs": {nom: form.data.getlist(nom) for nom in form.fields} if form.is_bound else None,
    }
    return fragment_en_cache(gabarit, {"form": form}, selon=selon)


def tableau_de_bord(request):
    form, perimetre, periode, publie = _statistiques_demandees(request)
    parametres = {k: v for k, v in request.GET.items() if k in form.fields and v}
    parametres.setdefault("perimetre", perimetre.cle)
    lien_csv = urlencode(parametres)
    # The worker's own time in interviews: inside the post only (seuil None), never in a
    # published output (docs/decisions.md « Temps passé »).
    temps = (
        [
            (p, temps_d_entretien(perimetre.postes(), p))
            for p in (periode, periode.annee_precedente())
        ]
        if seuil_du_lecteur(perimetre) is None
        else None
    )
    return render(
        request,
        "rapports/tableau_de_bord.html",
        {
            "form": form,
            "choix_periode": choix_periode_html(form),
            "perimetre": perimetre,
            "periode": periode,
            "s": publie,
            "lien_csv": lien_csv,
            "statistiques": statistiques_html(publie, lien_csv),
            "temps": temps,
        },
    )


def export_csv(request, cle: str):
    form, perimetre, periode, publie = _statistiques_demandees(request)
    tableaux = {t["cle"]: t for t in publie["tableaux"]}
    tableaux["indicateurs"] = {
        "cle": "indicateurs",
        "titre": "Chiffres clés",
        "entetes": publie["entetes"],
        "lignes": [
            *({"libelle": i["libelle"], "cellules": i["cellules"]} for i in publie["indicateurs"]),
            {
                "libelle": "délai médian entre la saisine et le premier contact",
                "cellules": [{"texte": d} for d in publie["delai_median"]],
            },
        ],
        "total": None,
    }
    if cle not in tableaux:
        raise Http404
    export = services.exporter(
        utilisateur=request.user,
        exporteur=ExporteurCSVTableau(
            tableaux[cle], perimetre.libelle, periode.libelle, publie["regle"]
        ),
        details={"format": "csv", "tableau": cle, "perimetre": perimetre.cle},
    )
    return telechargement(export)


def grille_nationale(request):
    postes = selectors.postes_du_coordinateur(request.user)
    if not postes.exists():
        raise Http404
    try:
        annee = int(request.GET.get("annee", timezone.localdate().year - 1))
    except ValueError:
        raise Http404 from None
    export = services.exporter(
        utilisateur=request.user,
        exporteur=ExporteurGrilleNationale(postes, annee),
        details={"format": "csv", "grille_nationale": annee},
    )
    return telechargement(export)


# --- Reports: list and creation -------------------------------------------------------------


def liste(request):
    if not selectors.a_des_rapports(request.user):
        raise Http404
    return render(
        request,
        "rapports/rapport_liste.html",
        {
            "comptes_rendus": selectors.comptes_rendus_lisibles(request.user),
            "bilans": selectors.bilans_lisibles(request.user),
            "peut_creer_compte_rendu": selectors.postes_redaction(request.user).exists(),
            "peut_creer_bilan": bool(selectors.perimetres_bilan(request.user)),
            "grille": selectors.postes_du_coordinateur(request.user).exists(),
            "annee_grille": timezone.localdate().year - 1,
        },
    )


@envoi_unique
def compte_rendu_creer(request):
    postes = selectors.postes_redaction(request.user)
    if not postes.exists():
        raise Http404
    form = CompteRenduCreationForm(request.POST or None, postes=postes)
    if request.method == "POST" and form.is_valid():
        try:
            compte_rendu = services.creer_compte_rendu(
                auteur=request.user,
                poste=form.cleaned_data["poste"],
                annee=form.cleaned_data["annee"],
                trimestre=form.cleaned_data["trimestre"],
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Brouillon créé : rédigez les parties qualitatives.")
            return redirect(compte_rendu.urls["modifier"])
    return render(
        request,
        "rapports/rapport_creation_form.html",
        {"form": form, "titre": "Nouveau compte rendu d'activité"},
    )


@envoi_unique
def bilan_creer(request):
    perimetres = selectors.perimetres_bilan(request.user)
    if not perimetres:
        raise Http404
    form = BilanCreationForm(request.POST or None, perimetres=perimetres)
    if request.method == "POST" and form.is_valid():
        try:
            bilan = services.creer_bilan(
                auteur=request.user,
                perimetre=form.cleaned_data["perimetre"],
                annee=form.cleaned_data["annee"],
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Brouillon créé : rédigez les parties qualitatives.")
            return redirect(bilan.urls["modifier"])
    return render(
        request,
        "rapports/rapport_creation_form.html",
        {"form": form, "titre": "Nouveau bilan annuel"},
    )


# --- Reports: one view per action, the kind taken from the URL ------------------------------
# rapports/urls.py gives each view the model its URL names (``modele``). What differs
# between the kinds is answered by the report; what stays here is which scoped selector
# guards each kind and which form edits its texts.


@dataclass(frozen=True)
class Acces:
    lire: Callable[..., Rapport]  # (user, pk) → the report, or 404
    ecrire: Callable[..., Rapport]  # (user, pk) → the report the user may write, or 404
    peut_ecrire: Callable[..., bool]  # (user, report)
    form: type[TextesForm]


ACCES: dict[type[Rapport], Acces] = {
    CompteRendu: Acces(
        lire=selectors.compte_rendu_pour,
        ecrire=selectors.compte_rendu_modifiable,
        peut_ecrire=selectors.peut_rediger,
        form=TextesCompteRenduForm,
    ),
    BilanAnnuel: Acces(
        lire=selectors.bilan_pour,
        ecrire=selectors.bilan_modifiable,
        peut_ecrire=selectors.peut_ecrire_bilan,
        form=TextesBilanForm,
    ),
}


def detail(request, modele: type[Rapport], pk: int, occurrences=None):
    acces = ACCES[modele]
    rapport = acces.lire(request.user, pk)
    evaluation = None
    if isinstance(rapport, BilanAnnuel):
        # Frozen with the rest once validated; read live on a draft.
        evaluation = (
            (rapport.instantane or {}).get("evaluation")
            if not rapport.est_brouillon
            else rapport.evaluation()
        )
    return render(
        request,
        "rapports/rapport_detail.html",
        {
            "rapport": rapport,
            "s": services.chiffres_du_rapport(rapport),
            "peut_ecrire": acces.peut_ecrire(request.user, rapport),
            "peut_evaluer": (
                isinstance(rapport, BilanAnnuel)
                and rapport.est_brouillon
                and selectors.peut_evaluer(request.user, rapport)
            ),
            "evaluation": evaluation,
            "occurrences": occurrences,
            "EtatRapport": EtatRapport,
        },
    )


def modifier(request, modele: type[Rapport], pk: int):
    acces = ACCES[modele]
    rapport = acces.ecrire(request.user, pk)
    if not rapport.est_brouillon:
        messages.error(request, "Ce rapport est validé : il ne peut plus être modifié.")
        return redirect(rapport.urls["detail"])
    form = acces.form(request.POST or None, instance=rapport)
    if request.method == "POST" and form.is_valid():
        textes = dict(form.cleaned_data)
        version = textes.pop("version")
        try:
            services.modifier_textes(
                auteur=request.user, rapport=rapport, version=version, textes=textes
            )
        except services.RapportFige as erreur:
            # Validated between the opening of the page and this save.
            messages.error(request, erreur.message)
            return redirect(rapport.urls["detail"])
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Textes enregistrés.")
            return redirect(rapport.urls["detail"])
    return render(request, "rapports/rapport_textes_form.html", {"form": form, "rapport": rapport})


@require_POST
def valider(request, modele: type[Rapport], pk: int):
    rapport = ACCES[modele].ecrire(request.user, pk)
    try:
        services.valider_rapport(auteur=request.user, rapport=rapport)
    except services.TexteNominatif as erreur:
        messages.error(request, erreur.message)
        return detail(request, modele, pk, occurrences=erreur.occurrences)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(
            request, "Rapport validé : chiffres et textes sont figés, le PDF est prêt."
        )
    return redirect(rapport.urls["detail"])


@require_POST
def transmettre(request, modele: type[Rapport], pk: int):
    rapport = ACCES[modele].ecrire(request.user, pk)
    try:
        services.transmettre_rapport(auteur=request.user, rapport=rapport)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "Rapport transmis.")
    return redirect(rapport.urls["detail"])


def pdf(request, modele: type[Rapport], pk: int):
    rapport = ACCES[modele].lire(request.user, pk)
    if rapport.est_brouillon:
        raise Http404
    return telechargement(services.telecharger_pdf(utilisateur=request.user, rapport=rapport))


def bilan_evaluation(request, pk: int):
    """The functional authority writes its assessment on a site's draft report."""
    bilan = selectors.bilan_evaluable(request.user, pk)
    if not bilan.est_brouillon:
        messages.error(request, "Ce bilan est validé : son évaluation ne peut plus changer.")
        return redirect(bilan.urls["detail"])
    form = EvaluationAutoriteForm(request.POST or None, instance=bilan)
    if request.method == "POST" and form.is_valid():
        try:
            services.ecrire_evaluation(
                auteur=request.user,
                bilan=bilan,
                version=form.cleaned_data["version"],
                texte=form.cleaned_data["evaluation_autorite"],
            )
        except services.RapportFige as erreur:
            messages.error(request, erreur.message)
            return redirect(bilan.urls["detail"])
        except services.TexteNominatif as erreur:
            form.add_error(
                "evaluation_autorite",
                [erreur.message, *(f"À reformuler : {o.extrait}" for o in erreur.occurrences)],
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Éléments d'évaluation enregistrés.")
            return redirect(bilan.urls["detail"])
    return render(request, "rapports/bilan_evaluation_form.html", {"form": form, "rapport": bilan})
