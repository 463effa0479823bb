import io
import time
from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django_otp.qr import write_qrcode_image

from conventions.models import Employeur
from intervenants import otp, selectors, services
from intervenants.forms import CodeOTPForm, ConnexionForm, JournalFiltreForm
from intervenants.middleware import CLE_DEBUT_SESSION, double_authentification_requise
from intervenants.models import ActionJournal, Poste, Role
from intervenants.permissions import objets_autorises, portee_requise


@method_decorator(login_not_required, name="dispatch")
class ConnexionView(auth_views.LoginView):
    template_name = "intervenants/connexion.html"
    authentication_form = ConnexionForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        utilisateur = form.get_user()
        # Rights follow affectations day by day: refresh them at every login.
        services.synchroniser_permissions(utilisateur=utilisateur)
        response = super().form_valid(form)
        self.request.session[CLE_DEBUT_SESSION] = time.time()
        services.journaliser(utilisateur=utilisateur, action=ActionJournal.CONNEXION)
        return response


class DeconnexionView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        services.journaliser(utilisateur=request.user, action=ActionJournal.DECONNEXION)
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Vous êtes déconnecté·e.")
        return response


class MotDePasseView(auth_views.PasswordChangeView):
    template_name = "intervenants/mot_de_passe_form.html"
    success_url = reverse_lazy("intervenants:accueil")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return response


def accueil(request):
    """Home page: one panel per active role of the user."""
    affectations = list(selectors.affectations_actives(request.user))
    roles = {a.role for a in affectations}
    contexte = {
        "affectations": affectations,
        "roles": roles,
        "Role": Role,
        "est_intervenant": Role.INTERVENANT in roles,
        "est_autorite": Role.AUTORITE in roles,
        "est_agent": Role.AGENT in roles,
        "est_employeur": Role.EMPLOYEUR in roles,
        "est_coordinateur": Role.COORDINATEUR in roles,
        "est_lecteur_clspd": Role.LECTEUR_CLSPD in roles,
        "est_administrateur": Role.ADMINISTRATEUR in roles or request.user.is_superuser,
    }
    return render(request, "intervenants/accueil.html", contexte)


@portee_requise("conventions.voir_statistiques_employeur", Employeur)
def journal(request):
    """The access journal of the employer's posts, for its data-protection officer."""
    postes = Poste.objects.filter(
        employeur__in=objets_autorises(
            request.user, "conventions.voir_statistiques_employeur", Employeur
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


# --- Second factor ----------------------------------------------------------------------


def _suite(request):
    suite = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(suite, {request.get_host()}, request.is_secure()):
        return suite
    return reverse("intervenants:accueil")


def otp_enrolement(request):
    """Enrol an authenticator app: QR code, then a first code confirms it."""
    form = CodeOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.confirmer_enrolement(request=request, code=form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, "Double authentification activée.")
            return render(
                request,
                "intervenants/otp_codes_secours.html",
                {"codes": codes, "suite": _suite(request)},
            )
        form.add_error(
            "code", "Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et réessayez."
        )
    appareil = otp.appareil_en_attente(request.user)
    return render(
        request,
        "intervenants/otp_enrolement.html",
        {"form": form, "cle": b32encode(appareil.bin_key).decode(), "suite": _suite(request)},
    )


def otp_qr(request):
    """The QR code of the device being enrolled, as an SVG image (no inline markup)."""
    tampon = io.BytesIO()
    write_qrcode_image(otp.appareil_en_attente(request.user).config_url, tampon)
    response = HttpResponse(tampon.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def otp_verification(request):
    form = CodeOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verifier(request=request, code=form.cleaned_data["code"]):
            return redirect(_suite(request))
        form.add_error("code", "Ce code ne correspond pas, ou il a déjà servi.")
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


@requires_csrf_token
def erreur_500(request):
    # No context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
