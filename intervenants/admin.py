from django.contrib import admin, messages
from django.utils import timezone

from intervenants import services
from intervenants.models import Affectation, Departement, Intervenant, Journal, Poste, Site


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


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


@admin.register(Affectation)
class AffectationAdmin(admin.ModelAdmin):
    list_display = ["utilisateur", "role", "perimetre", "date_debut", "date_fin"]
    list_filter = ["role"]
    search_fields = ["utilisateur__username", "utilisateur__last_name"]
    raw_id_fields = ["utilisateur"]
    actions = ["terminer"]

    def save_model(self, request, obj, form, change):
        # Permissions follow the affectation: the service keeps them in step and journals.
        super().save_model(request, obj, form, change)
        services.synchroniser_permissions(utilisateur=obj.utilisateur)
        services.journaliser(
            utilisateur=request.user,
            action="affectation_terminee" if obj.date_fin else "affectation_creee",
            objet=obj,
            poste=obj.poste,
            details={"compte": obj.utilisateur.get_username(), "role": obj.role},
        )

    def has_delete_permission(self, request, obj=None):
        # An affectation is ended, never deleted: its history matters.
        return False

    @admin.action(description="Terminer les affectations choisies aujourd'hui")
    def terminer(self, request, queryset):
        for affectation in queryset.filter(date_fin__isnull=True):
            services.terminer_affectation(
                affectation=affectation, date_fin=timezone.localdate(), auteur=request.user
            )
        messages.success(request, "Affectations terminées ; les droits ont été retirés.")


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
