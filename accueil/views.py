"""Worker, officer and chief screens. Thin: scope, form, one service, message, redirect."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accueil import exports, retention, selectors, services
from accueil.choix import EtatSaisine
from accueil.forms import (
    LIGNES_MAX,
    LIGNES_PAR_RELEVE,
    ActeForm,
    ConfirmationForm,
    ContactAnonymeForm,
    DateForm,
    EffacementForm,
    EnteteReleveForm,
    EntretienForm,
    EntretienModifierForm,
    IdentifierForm,
    IssueForm,
    OrientationForm,
    PersonneForm,
    PersonneModifierForm,
    QualifierForm,
    RechercheForm,
    RecherchePersonneForm,
    RechercheRapideForm,
    ReferentForm,
    SaisineAgentForm,
    SaisineFormBundle,
    SituationForm,
    SituationModifierForm,
    executer,
    lignes_releve,
)
from intervenants.dates import HISTORIQUE
from intervenants.envois import envoi_unique
from intervenants.exports import telechargement
from intervenants.forms import erreurs_du_service
from intervenants.fragments import fragment_en_cache
from intervenants.models import Poste, Site
from intervenants.permissions import objets_autorises, portee_requise

intervenant_requis = portee_requise("intervenants.acceder_dossiers", Poste)
agent_requis = portee_requise("intervenants.adresser_saisine", Site)
autorite_requise = portee_requise("intervenants.voir_accuses_site", Site)

PAR_PAGE = 25


def _sites_de_mes_postes(user):
    return selectors.sites_de_mes_postes(user)


def _vers_dossier(situation, ancre=""):
    return redirect(reverse("accueil:situation", args=[situation.pk]) + ancre)


# --- Worker: caseload, inbox, new referral ----------------------------------------------


# The two tabs of the caseload (issue 16, item 9); the one chosen is kept in the session.
ONGLETS = {"miennes": "Mes situations", "poste": "Le poste"}
ONGLET_PAR_DEFAUT = "poste"


def _onglet(request) -> str:
    demande = request.GET.get("vue")
    if demande in ONGLETS:
        if request.session.get("onglet_dossiers") != demande:
            request.session["onglet_dossiers"] = demande
        return demande
    return request.session.get("onglet_dossiers", ONGLET_PAR_DEFAUT)


def _filtres_dossiers(form, criteres, sites):
    """The caseload's eight filter fields: their crispy rendering, with a hundred options,
    cost a third of the page's server time (issue 18, item 3). Its output depends only on the
    criteria sent and on the sites offered, so it is rendered once per distinct pair
    (``intervenants.fragments``). Never cached: a searched name (free text), nor a form in
    error, which echoes whatever was typed."""
    gabarit = "accueil/_filtres_dossiers.html"
    if form.is_bound and (criteres.get("q") or not form.is_valid()):
        return render_to_string(gabarit, {"form": form})
    selon = {
        # The fields' values only: a parameter no field reads makes no new entry.
        "criteres": {nom: criteres.getlist(nom) for nom in form.fields},
        "sites": [(site.pk, str(site)) for site in sites],
    }
    return fragment_en_cache(gabarit, {"form": form}, selon=selon)


@intervenant_requis
def dossiers(request):
    onglet = _onglet(request)
    criteres = request.GET.copy()
    criteres.pop("vue", None)
    criteres.pop("page", None)
    sites = _sites_de_mes_postes(request.user)
    form = RechercheForm(criteres or None, sites=sites)
    filtres = form.cleaned_data if form.is_bound and form.is_valid() else {}
    situations = selectors.caseload(
        request.user,
        recherche=filtres.get("q", ""),
        site=filtres.get("site"),
        origine=filtres.get("origine", ""),
        problematique=filtres.get("problematique", ""),
        etat=filtres.get("etat", ""),
        ouverte_depuis=filtres.get("du"),
        ouverte_jusqu_au=filtres.get("au"),
        fermees=filtres.get("closes", False),
        miennes=onglet == "miennes",
    )
    page = Paginator(situations, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accueil/situation_list.html",
        {
            "form": form,
            "filtres": _filtres_dossiers(form, criteres, sites),
            "page": page,
            # The tab lives in the session: pages and filters need not carry it.
            "parametres": criteres.urlencode(),
            "onglet": onglet,
            "onglets": [
                (cle, libelle, "&".join(filter(None, [f"vue={cle}", criteres.urlencode()])))
                for cle, libelle in ONGLETS.items()
            ],
            "nb_a_qualifier": selectors.saisines_a_qualifier(request.user).count(),
        },
    )


@intervenant_requis
def recherche(request):
    """The navigation bar's search: every situation of the posts, closed ones included."""
    form = RechercheRapideForm(request.GET or None)
    texte = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    resultats = selectors.rechercher_situations(request.user, texte)
    return render(
        request,
        "accueil/recherche.html",
        {
            "form": form,
            "texte": texte,
            "resultats": resultats[: selectors.RESULTATS_RECHERCHE],
            "trop": len(resultats) > selectors.RESULTATS_RECHERCHE,
            "maximum": selectors.RESULTATS_RECHERCHE,
            "plusieurs_postes": len({s.poste_id for s in resultats}) > 1,
        },
    )


@intervenant_requis
def boite(request):
    return render(
        request,
        "accueil/saisine_boite.html",
        {"saisines": selectors.saisines_a_qualifier(request.user)},
    )


@intervenant_requis
@envoi_unique
def saisine_qualifier(request, pk):
    saisine = selectors.saisine_pour(request.user, pk)
    if not saisine.a_qualifier:
        messages.info(request, "Cette saisine est déjà qualifiée.")
        return _vers_dossier(saisine.situation) if saisine.situation else redirect("accueil:boite")
    similaires = (
        selectors.personnes_similaires(
            request.user, nom=saisine.nom_declare, annee=saisine.annee_naissance_declaree
        )
        if saisine.nom_declare
        else []
    )
    decision_form = QualifierForm(request.POST or None, initial={"situation": saisine.situation_id})
    formulaires = SaisineFormBundle.depuis_la_boite(request.POST or None, saisine)
    if request.method == "POST" and decision_form.is_valid():
        decision = decision_form.cleaned_data["decision"]
        if decision == "sans_suite":
            if executer(
                decision_form,
                services.classer_sans_suite,
                auteur=request.user,
                saisine=saisine,
                motif_sans_suite=decision_form.cleaned_data["motif_sans_suite"],
                precision_sans_suite=decision_form.cleaned_data["precision_sans_suite"],
            ):
                messages.success(request, f"Saisine n° {saisine.pk} classée sans suite.")
                return redirect("accueil:boite")
        else:
            situation = (
                selectors.situations_visibles(request.user)
                .filter(pk=decision_form.cleaned_data.get("situation") or 0, poste=saisine.poste)
                .first()
                if decision == "existante"
                else None
            )
            if decision == "existante" and situation is None:
                decision_form.add_error(
                    "situation", "Choisissez la situation à laquelle rattacher."
                )
            else:
                resultat = formulaires.enregistrer(
                    auteur=request.user, poste=saisine.poste, situation=situation, saisine=saisine
                )
                if resultat is not None:
                    messages.success(request, f"Saisine n° {saisine.pk} prise en charge.")
                    return _vers_dossier(resultat.situation)
    return render(
        request,
        "accueil/saisine_qualifier.html",
        {
            "saisine": saisine,
            "similaires": similaires,
            "decision_form": decision_form,
            **formulaires.contexte(),
        },
    )


@intervenant_requis
@envoi_unique
def saisine_creer(request):
    """New referral: look for the person first, then attach or open a situation."""
    recherche = RecherchePersonneForm(request.GET or None)
    situation = None
    if request.GET.get("situation"):
        try:
            situation = selectors.situation_pour(request.user, int(request.GET["situation"]))
        except ValueError as exc:
            raise Http404 from exc
    nouvelle = request.GET.get("nouvelle") == "1"
    if situation is None and not nouvelle:
        similaires = (
            selectors.personnes_similaires(
                request.user,
                nom=recherche.cleaned_data["nom"],
                annee=recherche.cleaned_data["annee"],
            )
            if recherche.is_bound and recherche.is_valid()
            else None
        )
        return render(
            request,
            "accueil/saisine_recherche.html",
            {"recherche": recherche, "similaires": similaires},
        )

    postes = selectors.postes_accessibles(request.user)
    poste = situation.poste if situation else postes.order_by("intitule").first()
    if not situation and request.POST.get("poste"):
        if not request.POST["poste"].isdigit():
            raise Http404
        poste = get_object_or_404(postes, pk=request.POST["poste"])
    formulaires = SaisineFormBundle(
        request.POST or None,
        sites=poste.sites.all(),
        personne_initiale=(
            {
                "nom": recherche.cleaned_data["nom"],
                "annee_naissance": recherche.cleaned_data["annee"],
            }
            if recherche.is_bound and recherche.is_valid()
            else None
        ),
    )
    if request.method == "POST":
        resultat = formulaires.enregistrer(auteur=request.user, poste=poste, situation=situation)
        if resultat is not None:
            messages.success(request, "Saisine enregistrée.")
            return _vers_dossier(resultat.situation)
    return render(
        request,
        "accueil/saisine_form.html",
        {
            "situation": situation,
            "poste": poste,
            "postes": postes if not situation and postes.count() > 1 else None,
            **formulaires.contexte(),
        },
    )


@intervenant_requis
@envoi_unique
def contact_anonyme(request):
    """A contact without identity: person, situation and interview in one form."""
    form = ContactAnonymeForm(
        request.POST or None, postes=selectors.postes_accessibles(request.user)
    )
    if request.method == "POST" and form.is_valid():
        resultat = executer(
            form, services.enregistrer_contact_anonyme, auteur=request.user, **form.cleaned_data
        )
        if resultat is not None:
            situation, cree = resultat
            if cree:
                messages.success(
                    request,
                    f"{situation.personne} enregistré : il compte dans les statistiques. "
                    "Si la personne donne plus tard son identité : « Identifier la personne ».",
                )
            else:
                messages.info(request, f"{situation.personne} était déjà enregistré.")
            return _vers_dossier(situation)
    return render(request, "accueil/contact_anonyme_form.html", {"form": form})


# --- Worker: relevé des mains courantes --------------------------------------------------


def _entete_demandee(parametres, sites) -> dict:
    """Day, unit and number of lines asked in the address (after a relevé, or a link):
    anything unreadable is left out, never an error."""
    initial = {}
    try:
        jour = datetime.date.fromisoformat(parametres.get("date", ""))
        if HISTORIQUE.debut <= jour <= timezone.localdate():
            initial["date_saisine"] = jour
    except ValueError:
        pass
    site = parametres.get("site", "")
    if site.isdigit() and len(site) < 10 and sites.filter(pk=site).exists():
        initial["site"] = int(site)
    return initial


def _nombre_de_lignes(parametres) -> int:
    nombre = parametres.get("lignes", "")
    if nombre.isdigit() and len(nombre) < 4:
        return max(1, min(int(nombre), LIGNES_MAX))
    return LIGNES_PAR_RELEVE


def _premier_champ_en_erreur(formulaires):
    """Focus where the worker has to look first; on a fresh page, the first line."""
    for form in formulaires:
        for nom in form.fields:
            if form.is_bound and nom in form.errors:
                return form[nom]
    return None


@intervenant_requis
def releve(request):
    """A day of a unit's logbook, typed line after line; Enter sends every line at once."""
    sites = selectors.sites_de_mes_postes(request.user)
    renvoi = False
    if request.method == "POST":
        entete = EnteteReleveForm(request.POST, sites=sites)
        lignes = lignes_releve(request.POST)
        if entete.is_valid() & lignes.is_valid():
            site = entete.cleaned_data["site"]
            jour = entete.cleaned_data["date_saisine"]
            positions, donnees = zip(*lignes.lignes(), strict=True)
            try:
                saisines = services.relever_mains_courantes(
                    auteur=request.user,
                    poste=selectors.poste_du_releve(request.user, site),
                    site=site,
                    date_saisine=jour,
                    lignes=list(donnees),
                )
            except services.ReleveRefuse as refus:
                renvoi = refus.renvoi
                for i, erreurs in refus.par_ligne.items():
                    for champ, message in erreurs.items():
                        lignes.forms[positions[i]].add_error(champ, message)
            except ValidationError as erreur:
                erreurs_du_service(entete, erreur)
            else:
                sans_suite = sum(1 for s in saisines if s.etat == EtatSaisine.SANS_SUITE)
                a_qualifier = len(saisines) - sans_suite
                messages.success(
                    request,
                    f"Relevé enregistré : {len(saisines)} ligne{'s' if len(saisines) > 1 else ''}"
                    f" — {a_qualifier} à qualifier, {sans_suite} classée"
                    f"{'s' if sans_suite > 1 else ''} sans suite.",
                )
                parametres = {"date": jour.isoformat(), "site": site.pk}
                return redirect(f"{reverse('accueil:releve')}?{urlencode(parametres)}")
        erreurs_lignes = lignes.non_form_errors()
        if not lignes.forms:
            # A tampered line count: a blank relevé again, with the reason on top.
            lignes = lignes_releve()
        champ = _premier_champ_en_erreur([entete, *lignes.forms])
    else:
        entete = EnteteReleveForm(initial=_entete_demandee(request.GET, sites), sites=sites)
        lignes = lignes_releve(nombre=_nombre_de_lignes(request.GET))
        # Several units and none asked: the unit first, then the lines.
        champ = None if entete["site"].value() else entete["site"]
        erreurs_lignes = []
    champ = champ or lignes.forms[0]["reference_main_courante"]
    champ.field.widget.attrs["autofocus"] = True

    site = entete.initial.get("site") or entete.fields["site"].initial
    jour = entete.initial.get("date_saisine") or timezone.localdate()
    if entete.is_bound and entete.is_valid():
        site, jour = entete.cleaned_data["site"].pk, entete.cleaned_data["date_saisine"]
    site = sites.filter(pk=site).first() if site else None
    aujourd_hui = timezone.localdate()
    return render(
        request,
        "accueil/releve.html",
        {
            "entete": entete,
            "lignes": lignes,
            "renvoi": renvoi,
            "erreurs_lignes": erreurs_lignes,
            "site": site,
            "jour": jour,
            "deja_relevees": (
                selectors.lignes_relevees(request.user, site=site, jour=jour) if site else None
            ),
            "bilan": selectors.bilan_des_releves(
                request.user, debut=aujourd_hui.replace(day=1), fin=aujourd_hui
            ),
            "plus_de_lignes": min(len(lignes.forms) + LIGNES_PAR_RELEVE, LIGNES_MAX),
        },
    )


# --- Worker: the person's file -------------------------------------------------------------


def situation(request, pk):
    # No separate scope check: the selector itself answers 404 outside the user's posts,
    # and this page is the most opened one (one query less).
    dossier = selectors.dossier_complet(request.user, pk)
    services.journaliser_consultation(utilisateur=request.user, situation=dossier)
    evenements = sorted(
        [("saisine", s.date_saisine, s) for s in dossier.saisines.all()]
        + [("entretien", e.date, e) for e in dossier.entretiens.all()]
        + [("acte", a.date, a) for a in dossier.actes.all()]
        + [("orientation", o.date, o) for o in dossier.orientations.all()]
        + [("transmission", t.date, t) for t in dossier.transmissions.all()]
        + [("adhesion", a.date_recueil, a) for a in dossier.adhesions.all()]
        + [("retrait", a.date_retrait, a) for a in dossier.adhesions.all() if a.date_retrait],
        key=lambda e: (e[1], e[2].pk),
        reverse=True,
    )
    adhesion_active = next((a for a in dossier.adhesions.all() if a.date_retrait is None), None)
    return render(
        request,
        "accueil/situation_detail.html",
        {
            "situation": dossier,
            "personne": dossier.personne,
            "evenements": evenements,
            "adhesion_active": adhesion_active,
            "date_form": DateForm(),
            "rendez_vous_prevus": [r for r in dossier.rendez_vous.all() if r.est_prevu],
            "rappels_a_faire": [r for r in dossier.rappels.all() if not r.est_fait],
            "pieces": dossier.pieces.all(),
            "aujourd_hui": timezone.localdate(),
        },
    )


def _modifier_avec_version(
    request, *, situation, objet, nom, champs, formulaire, service, titre, message
):
    """Edit form of a versioned record: a save over a newer version is refused, input kept."""
    initial = {"version": objet.version, **{champ: getattr(objet, champ) for champ in champs}}
    form = formulaire(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        version = donnees.pop("version")
        if executer(
            form, service, auteur=request.user, version=version, donnees=donnees, **{nom: objet}
        ):
            messages.success(request, message)
            return _vers_dossier(situation)
    return render(
        request, "accueil/formulaire.html", {"situation": situation, "form": form, "titre": titre}
    )


@intervenant_requis
@envoi_unique
def situation_modifier(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    return _modifier_avec_version(
        request,
        situation=situation,
        objet=situation,
        nom="situation",
        champs=SituationForm.base_fields,
        formulaire=SituationModifierForm,
        service=services.modifier_situation,
        titre="Modifier la situation",
        message="Situation mise à jour.",
    )


@intervenant_requis
@envoi_unique
def personne_modifier(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    if situation.personne.anonyme and not situation.personne.anonymisee_le:
        return redirect("accueil:personne_identifier", pk=situation.pk)
    return _modifier_avec_version(
        request,
        situation=situation,
        objet=situation.personne,
        nom="personne",
        champs=PersonneForm.base_fields,
        formulaire=PersonneModifierForm,
        service=services.modifier_personne,
        titre="Rectifier l'identité",
        message="Identité rectifiée.",
    )


@intervenant_requis
@envoi_unique
def personne_identifier(request, pk):
    """An anonymous contact gives their identity: the form fills it in, the marker goes."""
    situation = selectors.situation_pour(request.user, pk)
    personne = situation.personne
    if not personne.anonyme or personne.anonymisee_le:
        messages.info(request, "Cette personne n'est pas un contact anonyme à identifier.")
        return _vers_dossier(situation)
    return _modifier_avec_version(
        request,
        situation=situation,
        objet=personne,
        nom="personne",
        champs=["sexe"],
        formulaire=IdentifierForm,
        service=services.identifier_personne,
        titre="Identifier la personne",
        message="Personne identifiée.",
    )


@intervenant_requis
@envoi_unique
def situation_cloturer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    return _confirmer(
        request,
        situation,
        services.cloturer_situation,
        titre="Clore la situation",
        libelle="Je confirme la clôture de cette situation.",
        bouton="Clore la situation",
        message="Situation close.",
        effet=(
            "La situation quitte la file active et ne reçoit plus d'entretien ; elle reste "
            "consultable parmi les situations closes et peut être rouverte."
        ),
    )


@intervenant_requis
@envoi_unique
def situation_referent(request, pk):
    """Name the worker who follows the situation, among the workers of its post."""
    situation = selectors.situation_pour(request.user, pk)
    form = ReferentForm(
        request.POST or None,
        intervenants=selectors.intervenants_du_poste(situation.poste),
        initial={"referent": situation.referent_id},
    )
    if request.method == "POST" and form.is_valid():
        referent = form.cleaned_data["referent"]
        change = executer(
            form,
            services.designer_referent,
            auteur=request.user,
            situation=situation,
            referent=referent,
        )
        if change is not None:
            nom = form.fields["referent"].label_from_instance(referent)
            if change:
                messages.success(request, f"{nom} est désormais référent·e de la situation.")
            else:
                messages.info(request, f"{nom} était déjà référent·e : rien n'a changé.")
            return _vers_dossier(situation)
    return render(
        request,
        "accueil/formulaire.html",
        {"situation": situation, "form": form, "titre": "Changer de référent·e"},
    )


@require_POST
@intervenant_requis
def situation_rouvrir(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    try:
        services.rouvrir_situation(auteur=request.user, situation=situation)
        messages.success(request, "Situation rouverte.")
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    return _vers_dossier(situation)


@intervenant_requis
@envoi_unique
def adhesion_retirer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    return _confirmer(
        request,
        situation,
        services.retirer_adhesion,
        titre="Enregistrer le retrait de l'adhésion",
        libelle="Je confirme que la personne retire son adhésion à l'accompagnement.",
        bouton="Enregistrer le retrait",
        message="Retrait de l'adhésion enregistré : plus aucune orientation possible.",
        effet=(
            "Plus aucune orientation ne pourra être enregistrée tant que la personne n'aura pas "
            "de nouveau adhéré lors d'un entretien."
        ),
    )


def _confirmer(request, situation, service, *, titre, libelle, bouton, message, effet):
    """GET shows what will happen, date prefilled; only a confirmed POST calls the service."""
    form = ConfirmationForm(request.POST or None, libelle=libelle)
    if (
        request.method == "POST"
        and form.is_valid()
        and executer(
            form,
            service,
            auteur=request.user,
            situation=situation,
            jour=form.cleaned_data["jour"],
        )
    ):
        messages.success(request, message)
        return _vers_dossier(situation)
    return render(
        request,
        "accueil/confirmation.html",
        {"situation": situation, "form": form, "titre": titre, "bouton": bouton, "effet": effet},
    )


def _formulaire_de_dossier(request, situation, form, titre, service, message, **extra):
    if (
        request.method == "POST"
        and form.is_valid()
        and executer(
            form, service, auteur=request.user, situation=situation, **form.cleaned_data, **extra
        )
    ):
        messages.success(request, message)
        return _vers_dossier(situation)
    return render(
        request, "accueil/formulaire.html", {"situation": situation, "form": form, "titre": titre}
    )


@intervenant_requis
@envoi_unique
def entretien_creer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    form = EntretienForm(request.POST or None)
    return _formulaire_de_dossier(
        request,
        situation,
        form,
        "Nouvel entretien",
        services.enregistrer_entretien,
        "Entretien enregistré.",
    )


@intervenant_requis
@envoi_unique
def entretien_modifier(request, pk):
    entretien = selectors.entretien_pour(request.user, pk)
    return _modifier_avec_version(
        request,
        situation=entretien.situation,
        objet=entretien,
        nom="entretien",
        champs=EntretienForm.base_fields,
        formulaire=EntretienModifierForm,
        service=services.modifier_entretien,
        titre="Modifier l'entretien",
        message="Entretien mis à jour.",
    )


@intervenant_requis
@envoi_unique
def acte_creer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    form = ActeForm(request.POST or None)
    return _formulaire_de_dossier(
        request, situation, form, "Nouvel acte", services.enregistrer_acte, "Acte enregistré."
    )


@intervenant_requis
@envoi_unique
def orientation_creer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    form = OrientationForm(
        request.POST or None, partenaires=selectors.partenaires_pour(request.user)
    )
    return _formulaire_de_dossier(
        request,
        situation,
        form,
        "Nouvelle orientation",
        services.enregistrer_orientation,
        "Orientation enregistrée.",
    )


@intervenant_requis
@envoi_unique
def orientation_issue(request, pk):
    orientation = selectors.orientation_pour(request.user, pk)
    form = IssueForm(
        request.POST or None,
        initial={"issue": orientation.issue or None, "date_issue": orientation.date_issue},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and executer(
            form,
            services.enregistrer_issue,
            auteur=request.user,
            orientation=orientation,
            **form.cleaned_data,
        )
    ):
        messages.success(request, "Issue de l'orientation enregistrée.")
        return _vers_dossier(orientation.situation)
    return render(
        request,
        "accueil/formulaire.html",
        {"situation": orientation.situation, "form": form, "titre": f"Issue — {orientation}"},
    )


# --- Officer and chief: acknowledgements only ------------------------------------------------


@agent_requis
@envoi_unique
def orienter(request):
    sites = objets_autorises(request.user, "intervenants.adresser_saisine", Site)
    form = SaisineAgentForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        donnees.pop("personne_informee")
        saisine = executer(form, services.adresser_saisine, agent=request.user, **donnees)
        if saisine:
            messages.success(
                request,
                f"Saisine n° {saisine.pk} transmise à l'intervenant·e social·e. "
                "Notez ce numéro dans votre main courante.",
            )
            return redirect("accueil:mes_saisines")
    return render(request, "accueil/saisine_agent_form.html", {"form": form})


@agent_requis
def mes_saisines(request):
    page = Paginator(selectors.accuses_de_l_agent(request.user), PAR_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accueil/accuses_list.html",
        {"page": page, "titre": "Mes saisines", "EtatSaisine": EtatSaisine, "vue_agent": True},
    )


@autorite_requise
def saisines_unite(request):
    page = Paginator(selectors.accuses_du_site(request.user), PAR_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accueil/accuses_list.html",
        {
            "page": page,
            "titre": "Saisines de l'unité",
            "EtatSaisine": EtatSaisine,
            "vue_agent": False,
        },
    )


# --- Worker: the person's rights (GDPR access and erasure) ---------------------------------


@intervenant_requis
def personne_export(request, pk):
    """Right of access: a PDF of everything the post holds on the person of this file."""
    personne = selectors.situation_pour(request.user, pk).personne
    situations = [
        selectors.dossier_complet(request.user, situation_pk)
        for situation_pk in selectors.situations_visibles(request.user)
        .filter(personne_id=personne.pk)
        .order_by("date_ouverture", "pk")
        .values_list("pk", flat=True)
    ]
    return telechargement(
        exports.exporter_droit_d_acces(
            auteur=request.user, personne=personne, situations=situations
        )
    )


@intervenant_requis
def personne_effacer(request, pk):
    """Erasure on request: the retention purge's anonymisation, now, for this person."""
    situation = selectors.situation_pour(request.user, pk)
    personne = situation.personne
    if personne.anonymisee_le:
        messages.info(request, "Les données de cette personne sont déjà effacées.")
        return _vers_dossier(situation)
    form = EffacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        retention.effacer_personne(
            auteur=request.user, personne=personne, motif=form.cleaned_data["motif"]
        )
        messages.success(
            request,
            f"Situation n° {situation.pk} : l'identité, les coordonnées et les notes de la "
            "personne sont effacées. Les chiffres d'activité sont conservés.",
        )
        return redirect("accueil:dossiers")
    return render(
        request,
        "accueil/personne_effacer.html",
        {
            "situation": situation,
            "form": form,
            "titre": "Effacer les données de la personne",
            "situations": selectors.situations_visibles(request.user)
            .filter(personne_id=personne.pk)
            .order_by("date_ouverture", "pk"),
        },
    )
