"""Convention screens. Thin: scope check, form, one service, message, redirect.

Every object is fetched from a queryset scoped to the user (``selectors``): outside the
scope is a 404; a convention the user may read but not change gives a 403 on its forms.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from conventions import echeances, exports, forms, selectors, services
from conventions.models import Convention
from intervenants.envois import envoi_unique
from intervenants.exports import telechargement
from intervenants.forms import erreurs_du_service


def lecteur_requis(vue):
    """Only users who may read some convention reach the page; the others get a 404."""

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if not selectors.peut_lire_des_conventions(request.user):
            raise Http404
        return vue(request, *args, **kwargs)

    return enveloppe


def _convention_lisible(request, pk):
    return get_object_or_404(selectors.conventions_lisibles(request.user), pk=pk)


def _convention_modifiable(request, pk):
    convention = _convention_lisible(request, pk)
    if not selectors.conventions_modifiables(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return convention


def _filtrer(request):
    conventions = selectors.liste_conventions(request.user)
    filtre = forms.FiltreConventionsForm(
        request.GET or None,
        employeurs=selectors.employeurs_visibles(request.user),
    )
    if filtre.is_valid():
        if filtre.cleaned_data["statut"]:
            conventions = conventions.filter(statut_calcule=filtre.cleaned_data["statut"])
        if filtre.cleaned_data["employeur"]:
            conventions = conventions.filter(employeur=filtre.cleaned_data["employeur"])
        if filtre.cleaned_data["finit_bientot"]:
            conventions = conventions.finissant_bientot()
    return filtre, conventions


@lecteur_requis
def liste(request):
    filtre, conventions = _filtrer(request)
    return render(
        request,
        "conventions/convention_list.html",
        {
            "filtre": filtre,
            "conventions": conventions,
            "peut_creer": selectors.peut_creer_des_conventions(request.user),
            "requete": request.GET.urlencode(),
        },
    )


@lecteur_requis
def detail(request, pk):
    convention = get_object_or_404(selectors.convention_detaillee(request.user, pk))
    jour = timezone.localdate()
    return render(
        request,
        "conventions/convention_detail.html",
        {
            "convention": convention,
            "financements": selectors.tableau_financements(convention),
            "obligations": [(o, o.en_retard(jour)) for o in echeances.calendrier(convention)],
            "peut_modifier": selectors.conventions_modifiables(request.user).filter(pk=pk).exists(),
            "aujourd_hui": jour,
        },
    )


def _formulaire_convention(request, convention):
    donnees = request.POST if request.method == "POST" else None
    classe = forms.ConventionModifierForm if convention.pk else forms.ConventionForm
    form = classe(donnees, instance=convention, user=request.user)
    jeux = {
        "parties": forms.PartiesFormSet(donnees, instance=convention, prefix="parties"),
        "sites": forms.SitesConventionFormSet(
            donnees, instance=convention, prefix="sites", user=request.user
        ),
        "financements": forms.financements_formset(
            extra=forms.LIGNES_VIDES_MODIFICATION if convention.pk else forms.LIGNES_VIDES_CREATION
        )(donnees, instance=convention, prefix="financements"),
    }
    if request.method == "POST":
        form_valide = form.is_valid()
        if form_valide:
            jeux["financements"].convention_valide = form.cleaned_data
        # Validate every formset (no short-circuit) so that all errors show at once.
        validations = [jeu.is_valid() for jeu in jeux.values()]
        jeux_valides = all(validations)
        if form_valide and jeux_valides:
            creation = convention.pk is None
            try:
                with transaction.atomic():
                    convention = services.enregistrer_convention(
                        auteur=request.user,
                        convention=form.save(commit=False),
                        postes=form.cleaned_data["postes"],
                        parties=jeux["parties"].lignes(),
                        sites=jeux["sites"].lignes(),
                        financements=jeux["financements"].lignes(),
                        supprimees={nom: jeu.supprimees() for nom, jeu in jeux.items()},
                        version=form.cleaned_data.get("version"),
                    )
            except ValidationError as erreur:
                erreurs_du_service(form, erreur)
            else:
                messages.success(
                    request,
                    "Convention enregistrée." if creation else "Convention mise à jour.",
                )
                # "Save and add lines": back to the form, which shows new blank lines.
                suite = (
                    "conventions:modifier" if "continuer" in request.POST else "conventions:detail"
                )
                return redirect(suite, pk=convention.pk)
        messages.error(request, "La convention n'a pas été enregistrée : corrigez les erreurs.")
    return render(
        request,
        "conventions/convention_form.html",
        {"form": form, "convention": convention, **jeux},
    )


@envoi_unique
def creer(request):
    if not selectors.peut_creer_des_conventions(request.user):
        raise Http404
    return _formulaire_convention(request, Convention())


@envoi_unique
def modifier(request, pk):
    return _formulaire_convention(request, _convention_modifiable(request, pk))


def _formulaire_simple(request, pk, classe, titre, enregistrer, **extra):
    convention = _convention_modifiable(request, pk)
    if request.method == "POST":
        form = classe(request.POST, request.FILES, convention=convention, **extra)
        if form.is_valid():
            try:
                enregistrer(convention, form.cleaned_data)
            except ValidationError as erreur:
                erreurs_du_service(form, erreur)
            else:
                messages.success(request, f"{titre} : enregistré.")
                return redirect("conventions:detail", pk=convention.pk)
    else:
        form = classe(convention=convention, **extra)
    return render(
        request,
        "conventions/formulaire.html",
        {"form": form, "convention": convention, "titre": titre},
    )


@envoi_unique
def avenant(request, pk):
    def enregistrer(convention, donnees):
        services.enregistrer_avenant(auteur=request.user, convention=convention, **donnees)

    return _formulaire_simple(request, pk, forms.AvenantForm, "Nouvel avenant", enregistrer)


@envoi_unique
def document(request, pk):
    def enregistrer(convention, donnees):
        services.deposer_document(auteur=request.user, convention=convention, **donnees)

    return _formulaire_simple(
        request, pk, forms.DocumentForm, "Déposer un document signé", enregistrer
    )


@envoi_unique
def reunion(request, pk):
    def enregistrer(convention, donnees):
        services.enregistrer_reunion_comite(auteur=request.user, convention=convention, **donnees)

    return _formulaire_simple(
        request, pk, forms.ReunionComiteForm, "Réunion du comité de suivi", enregistrer
    )


def telecharger_document(request, pk):
    """Serve a signed document to those who may read its convention; 404 for everyone else."""
    document = get_object_or_404(selectors.documents_lisibles(request.user), pk=pk)
    services.journaliser_export(auteur=request.user, format="pdf", objet=document)
    # The content, left aside by every other query, read now (documents are size-limited).
    response = HttpResponse(bytes(document.contenu), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@lecteur_requis
def financements(request):
    conventions = selectors.conventions_lisibles(request.user)
    return render(
        request,
        "conventions/financements.html",
        {"synthese": selectors.synthese_financements(conventions)},
    )


@lecteur_requis
def calendrier(request):
    jour = timezone.localdate()
    conventions = list(
        selectors.conventions_lisibles(request.user).en_vigueur(jour).select_related("employeur")
    )
    return render(
        request,
        "conventions/echeances.html",
        {
            "a_venir": echeances.obligations_a_venir(conventions, jour),
            "en_retard": echeances.rapports_en_retard(conventions, jour),
            "fenetre": echeances.FENETRE_RETARD_JOURS,
        },
    )


def _reponse(request, exporteur, objet=None, nombre=None):
    export = exporteur.exporter()
    services.journaliser_export(
        auteur=request.user, format=exporteur.format, objet=objet, nombre=nombre
    )
    return telechargement(export)


@lecteur_requis
def export_conventions(request):
    _, conventions = _filtrer(request)
    conventions = list(selectors.pour_export(conventions))
    return _reponse(request, exports.ConventionsCSV(conventions), nombre=len(conventions))


@lecteur_requis
def export_financements(request):
    lignes = list(selectors.financements_exportables(selectors.conventions_lisibles(request.user)))
    return _reponse(request, exports.FinancementsCSV(lignes), nombre=len(lignes))


def fiche_pdf(request, pk):
    convention = get_object_or_404(selectors.convention_detaillee(request.user, pk))
    return _reponse(
        request,
        exports.FichePDF(
            convention,
            financements=selectors.tableau_financements(convention),
            obligations=echeances.obligations_a_venir([convention], mois=12),
        ),
        objet=convention,
    )
