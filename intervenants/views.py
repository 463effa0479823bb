import io
import sys
import time
from base64 import b32encode
from smtplib import SMTPException
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django_otp.qr import write_qrcode_image

from intervenants import otp, selectors, services
from intervenants.envois import envoi_unique
from intervenants.forms import (
    CodeOTPForm,
    ConnexionForm,
    JournalFiltreForm,
    NommerIntervenantForm,
    TerminerAffectationForm,
    executer,
)
from intervenants.middleware import (
    CLE_DEBUT_SESSION,
    CLE_DROITS_DU,
    double_authentification_requise,
)
from intervenants.models import ActionJournal, Employeur, Poste
from intervenants.permissions import objets_autorises, portee_requise, une_portee_requise


@method_decorator(login_not_required, name="dispatch")
class ConnexionView(auth_views.LoginView):
    template_name = "intervenants/connexion.html"
    authentication_form = ConnexionForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        utilisateur = form.get_user()
        connexion_precedente = utilisateur.last_login
        # Rights follow affectations day by day: refresh them at every login.
        services.synchroniser_permissions(utilisateur=utilisateur)
        response = super().form_valid(form)
        self.request.session[CLE_DEBUT_SESSION] = time.time()
        self.request.session[CLE_DROITS_DU] = timezone.localdate().isoformat()
        services.journaliser(utilisateur=utilisateur, action=ActionJournal.CONNEXION)
        # A second factor set up or replaced since last time: she must hear of it, in case
        # it was not her.
        for entree in otp.changements_depuis(utilisateur, connexion_precedente):
            quand = date_format(timezone.localtime(entree.horodatage), "j F Y à H:i")
            quoi = (
                "remplacée"
                if entree.details.get("double_authentification") == otp.REMPLACE
                else "activée"
            )
            messages.warning(
                self.request,
                f"Votre double authentification a été {quoi} le {quand}. Si ce n'était pas "
                "vous, prévenez tout de suite votre employeur : il peut réinitialiser votre accès.",
            )
        return response


class DeconnexionView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        services.journaliser(utilisateur=request.user, action=ActionJournal.DECONNEXION)
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Vous êtes déconnecté·e.")
        return response


class MotDePasseView(auth_views.PasswordChangeView):
    template_name = "intervenants/mot_de_passe_form.html"
    success_url = reverse_lazy("espace:espace")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return response


@portee_requise("intervenants.voir_statistiques_employeur", Employeur)
def journal(request):
    """The access journal of the employer's posts, for its data-protection officer."""
    postes = Poste.objects.filter(
        employeur__in=objets_autorises(
            request.user, "intervenants.voir_statistiques_employeur", Employeur
        )
    )
    form = JournalFiltreForm(request.GET or None, postes=postes)
    entrees = selectors.journal_visible(request.user)
    if form.is_bound and form.is_valid():
        f = form.cleaned_data
        if f["du"]:
            entrees = entrees.filter(horodatage__date__gte=f["du"])
        if f["au"]:
            entrees = entrees.filter(horodatage__date__lte=f["au"])
        if f["action"]:
            entrees = entrees.filter(action=f["action"])
        if f["poste"]:
            entrees = entrees.filter(poste=f["poste"])
        if f["compte"]:
            entrees = entrees.filter(utilisateur__username__icontains=f["compte"])
    page = Paginator(entrees, 50).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "intervenants/journal_list.html",
        {"form": form, "page": page, "parametres": parametres.urlencode()},
    )


# --- L'équipe: the employer or coordinator names its posts' workers -----------------------

equipe_requise = une_portee_requise(*selectors.portees_equipe())


def _adresse_site(request) -> str:
    # The host is checked against ALLOWED_HOSTS by get_host(): no link to a forged host.
    return request.build_absolute_uri("/")


@equipe_requise
def equipe(request):
    """The workers of the user's posts: current, future and past namings."""
    jour = timezone.localdate()
    en_cours, a_venir, terminees = [], [], []
    for affectation in selectors.affectations_de_l_equipe(request.user):
        annulee = (
            affectation.date_fin is not None and affectation.date_fin <= affectation.date_debut
        )
        if affectation.date_debut > jour and not annulee:
            a_venir.append(affectation)
        elif affectation.est_active(jour):
            en_cours.append(affectation)
        else:
            terminees.append(affectation)
    # Substitutes who are the worker of a post of their own: their profile and access are
    # their employer's (selectors.nominations_en_cours_du_compte); only « Terminer » here.
    suppleants = {a.utilisateur_id for a in en_cours + a_venir if a.suppleance}
    return render(
        request,
        "intervenants/equipe.html",
        {
            "en_cours": en_cours,
            "a_venir": a_venir,
            "terminees": terminees,
            "titulaires_ailleurs": selectors.titulaires_parmi(suppleants) if suppleants else set(),
        },
    )


@equipe_requise
@envoi_unique
def equipe_nommer(request):
    postes = selectors.postes_de_l_equipe(request.user)
    form = NommerIntervenantForm(request.POST or None, postes=postes)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        nomination = executer(
            form,
            services.nommer_intervenant,
            compte=d["compte"],
            poste=d["poste"],
            date_debut=d["date_debut"],
            date_fin=d["date_fin"],
            auteur=request.user,
            adresse_site=_adresse_site(request),
        )
        if nomination is not None:
            compte = d["compte"]
            messages.success(
                request,
                f"{compte.get_full_name() or compte.get_username()} est nommé·e sur "
                f"{d['poste']} à partir du {d['date_debut']:%d/%m/%Y}.",
            )
            if nomination.lien_envoye_a:
                messages.info(
                    request,
                    f"Première nomination : un lien pour choisir son mot de passe a été envoyé "
                    f"à {nomination.lien_envoye_a}.",
                )
            return redirect("intervenants:equipe")
    return render(request, "intervenants/equipe_nommer.html", {"form": form})


@equipe_requise
def equipe_terminer(request, pk):
    affectation = get_object_or_404(selectors.affectations_de_l_equipe(request.user), pk=pk)
    form = TerminerAffectationForm(request.POST or None, initial={"date_fin": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        fait = executer(
            form,
            services.terminer_affectation,
            affectation=affectation,
            date_fin=form.cleaned_data["date_fin"],
            auteur=request.user,
        )
        if fait is not None:
            messages.success(
                request,
                f"Nomination de {affectation.utilisateur} sur {affectation.poste} terminée : "
                f"plus d'accès à partir du {affectation.date_fin:%d/%m/%Y}.",
            )
            return redirect("intervenants:equipe")
    return render(
        request, "intervenants/equipe_terminer.html", {"form": form, "affectation": affectation}
    )


@equipe_requise
def equipe_reinitialiser(request, pk):
    """Confirm, then reset a worker's access; the link goes to her, never shown here."""
    nominations = list(selectors.nominations_en_cours_du_compte(request.user, pk))
    if not nominations:
        raise Http404
    compte, poste = nominations[0].utilisateur, nominations[0].poste
    if request.method == "POST":
        try:
            adresse = services.reinitialiser_acces(
                compte=compte, poste=poste, auteur=request.user, adresse_site=_adresse_site(request)
            )
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        except (SMTPException, OSError):
            messages.error(
                request,
                "L'accès est bloqué mais le courriel n'a pas pu partir. Recommencez dans "
                "quelques minutes ; si cela persiste, prévenez l'administrateur.",
            )
        else:
            messages.success(
                request,
                f"Accès de {compte} réinitialisé. Un lien pour choisir un nouveau mot de passe "
                f"a été envoyé à {adresse} ; il ne sert qu'une fois.",
            )
        return redirect("intervenants:equipe")
    return render(
        request,
        "intervenants/equipe_reinitialiser.html",
        {
            "compte": compte,
            "nominations": nominations,
            "jours": services.jours_de_validite_du_lien(),
        },
    )


@method_decorator(login_not_required, name="dispatch")
class AccesChoisirView(auth_views.PasswordResetConfirmView):
    """The worker follows the link of her reset and chooses a new password, once."""

    template_name = "intervenants/acces_choisir.html"
    token_generator = services.jeton_acces
    # The token leaves the address bar at once (Django swaps it for this word, keeping it in
    # the session), so it never leaks through a Referer header.
    reset_url_token = "choisir"  # noqa: S105 -- a URL placeholder, not a secret
    success_url = reverse_lazy("intervenants:connexion")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.journaliser(
            utilisateur=form.user,
            action=ActionJournal.MODIFICATION,
            objet=form.user,
            details={"mot_de_passe": "choisi par le lien de réinitialisation"},
        )
        messages.success(
            self.request,
            "Votre mot de passe est enregistré. Connectez-vous : l'application vous fera "
            "installer à nouveau votre double authentification.",
        )
        return response


# --- Second factor ----------------------------------------------------------------------


def _suite(request):
    suite = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(suite, {request.get_host()}, request.is_secure()):
        return suite
    return reverse("espace:espace")


def _verifier_d_abord(request):
    """Replacing a second factor starts with the current one (see intervenants/otp.py)."""
    messages.info(
        request,
        "Pour remplacer votre second facteur, saisissez d'abord un code de l'actuel "
        "(application ou code de secours).",
    )
    suite = urlencode({"next": reverse("intervenants:otp_enrolement")})
    return redirect(f"{reverse('intervenants:otp_verification')}?{suite}")


def _refus_du_code(form, verification, message):
    # After one wrong code the wait is a second: only longer waits are worth saying.
    if verification.secondes_a_attendre > 1:
        message = (
            "Trop de codes erronés : attendez "
            f"{verification.secondes_a_attendre} secondes avant de réessayer."
        )
    form.add_error("code", message)


def otp_enrolement(request):
    """Enrol an authenticator app: QR code, then a first code confirms it."""
    if not otp.peut_configurer(request):
        return _verifier_d_abord(request)
    remplacement = otp.a_un_second_facteur(request.user)
    form = CodeOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resultat = otp.confirmer_enrolement(request=request, code=form.cleaned_data["code"])
        if isinstance(resultat, list):
            messages.success(
                request,
                "Second facteur remplacé." if remplacement else "Double authentification activée.",
            )
            return render(
                request,
                "intervenants/otp_codes_secours.html",
                {"codes": resultat, "suite": _suite(request)},
            )
        _refus_du_code(
            form,
            resultat,
            "Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et réessayez.",
        )
    appareil = otp.appareil_en_attente(request.user)
    return render(
        request,
        "intervenants/otp_enrolement.html",
        {
            "form": form,
            "cle": b32encode(appareil.bin_key).decode(),
            "suite": _suite(request),
            "remplacement": remplacement,
        },
    )


def otp_qr(request):
    """The QR code of the device being enrolled, as an SVG image (no inline markup)."""
    if not otp.peut_configurer(request):
        return HttpResponseForbidden()
    tampon = io.BytesIO()
    write_qrcode_image(otp.appareil_en_attente(request.user).config_url, tampon)
    response = HttpResponse(tampon.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def otp_verification(request):
    form = CodeOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verification = otp.verifier(request=request, code=form.cleaned_data["code"])
        if verification.reussie:
            return redirect(_suite(request))
        _refus_du_code(form, verification, "Ce code ne correspond pas, ou il a déjà servi.")
    return render(
        request, "intervenants/otp_verification.html", {"form": form, "suite": _suite(request)}
    )


def securite(request):
    """Account security: second factor status, new backup codes."""
    from django_otp import user_has_device

    if request.method == "POST":
        if not request.user.is_verified():
            messages.error(request, "Confirmez d'abord votre identité avec un code.")
            return redirect("intervenants:securite")
        codes = otp.regenerer_codes_secours(user=request.user)
        return render(
            request,
            "intervenants/otp_codes_secours.html",
            {"codes": codes, "suite": reverse("intervenants:securite")},
        )
    return render(
        request,
        "intervenants/securite.html",
        {
            "a_un_appareil": user_has_device(request.user),
            "requise": double_authentification_requise(request.user),
        },
    )


def erreur_403(request, exception=None):
    return render(request, "403.html", status=403)


def erreur_404(request, exception=None):
    return render(request, "404.html", status=404)


# Seconds a client is told to wait before trying again while the database is away.
REESSAYER_APRES = 30


def _base_injoignable() -> bool:
    """The error being handled comes from the database connection (server stopped,
    restarting, unreachable), not from the code: a passing outage, not a bug."""
    erreur = sys.exc_info()[1]
    while erreur is not None:
        if isinstance(erreur, OperationalError | InterfaceError):
            return True
        erreur = erreur.__cause__ or erreur.__context__
    return False


@requires_csrf_token
def erreur_500(request):
    # No context processors: the database may be what failed.
    if _base_injoignable():
        reponse = HttpResponse(loader.get_template("503.html").render(), status=503)
        reponse["Retry-After"] = str(REESSAYER_APRES)
        return reponse
    return HttpResponseServerError(loader.get_template("500.html").render())
