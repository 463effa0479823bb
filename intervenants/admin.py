"""The technical administrator's pages: configuration and accounts, never a file.

Nothing here may let him open a post's records, directly or in steps (issue 12, item 3):
affectations are read-only (an intervenant is named by the employer or the coordinator,
from "L'équipe"); the second-factor devices are not registered; an account that holds or
held a role keeps its password, its identity and its rights out of his reach — he may only
deactivate it.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from intervenants.models import (
    Affectation,
    Departement,
    Employeur,
    Intervenant,
    Journal,
    Poste,
    Site,
)

# django-otp's own admins show the secret keys and let any staff account plant a device on
# any account (then pass its second factor): not registered at all.
for _modele in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_modele):
        admin.site.unregister(_modele)


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Employeur)
class EmployeurAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "departement"]
    list_filter = ["type", "departement"]
    search_fields = ["nom"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "force", "commune", "departement"]
    list_filter = ["force", "type", "departement"]
    search_fields = ["nom", "commune"]


@admin.register(Poste)
class PosteAdmin(admin.ModelAdmin):
    list_display = ["intitule", "employeur", "departement", "etp", "date_declaration"]
    list_filter = ["departement", "employeur"]
    search_fields = ["intitule"]
    filter_horizontal = ["sites"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a post moves its files to another employer's (or département's) hands,
        # whose accounts may then name a worker on it: not a technical setting.
        if obj is not None:
            return ["employeur", "departement"]
        return []


@admin.register(Intervenant)
class IntervenantAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "diplome",
        "statut_secret",
        "date_prise_fonction",
        "formation_sur_site",
    ]
    list_filter = ["statut_secret", "formation_sur_site"]
    search_fields = ["utilisateur__username", "utilisateur__last_name"]
    raw_id_fields = ["utilisateur"]
    # Versioned (issue 17): the worker and her employer edit it in the application.
    readonly_fields = ["version"]


@admin.register(Affectation)
class AffectationAdmin(admin.ModelAdmin):
    """Read-only: a role is given in the application, by whoever answers for the post."""

    list_display = ["utilisateur", "role", "perimetre", "date_debut", "date_fin"]
    list_filter = ["role"]
    search_fields = ["utilisateur__username", "utilisateur__last_name"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Journal)
class JournalAdmin(admin.ModelAdmin):
    list_display = ["horodatage", "utilisateur", "action", "objet_type", "objet_id", "poste"]
    list_filter = ["action"]
    date_hierarchy = "horodatage"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


Compte = get_user_model()
if admin.site.is_registered(Compte):
    admin.site.unregister(Compte)


def a_un_role(compte) -> bool:
    """An account that holds, held or will hold a role: its access is not the admin's."""
    return compte is not None and compte.affectations.exists()


@admin.register(Compte)
class CompteAdmin(UserAdmin):
    """Django's user admin, except on accounts attached to a role (see ``a_un_role``).

    Taking over an employer's account would let him name himself intervenant from the
    application; taking over a worker's, read her files. So on those accounts only
    ``is_active`` stays editable; password and second factor are reset by the employer.
    """

    CHAMPS_FIGES = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "last_login",
        "date_joined",
        "acces",
    )

    def get_fieldsets(self, request, obj=None):
        if not a_un_role(obj):
            return super().get_fieldsets(request, obj)
        return (
            (None, {"fields": ("username", "acces")}),
            ("Identité", {"fields": ("first_name", "last_name", "email")}),
            (
                "Droits",
                {
                    "fields": (
                        "is_active",
                        "is_staff",
                        "is_superuser",
                        "groups",
                        "user_permissions",
                    )
                },
            ),
            ("Dates", {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        if a_un_role(obj):
            return self.CHAMPS_FIGES
        return super().get_readonly_fields(request, obj)

    @admin.display(description="mot de passe et second facteur")
    def acces(self, obj):
        return (
            "Ce compte a un rôle : son mot de passe et son second facteur ne se changent pas "
            "ici. Son employeur peut réinitialiser son accès depuis « L'équipe » ; un lien "
            "est alors envoyé à sa propre adresse."
        )

    def user_change_password(self, request, id, form_url=""):
        if a_un_role(self.get_object(request, unquote(id))):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_delete_permission(self, request, obj=None):
        if a_un_role(obj):
            return False
        return super().has_delete_permission(request, obj)
