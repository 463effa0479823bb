from django.contrib import admin

from rapports.models import BilanAnnuel, CompteRendu

# Read-only listing: reports are written through the application (services) only.


class RapportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "etat", "valide_le", "transmis_le"]
    list_filter = ["etat"]
    fields = ["etat", "valide_le", "transmis_le", "empreinte_pdf"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(CompteRendu, RapportAdmin)
admin.site.register(BilanAnnuel, RapportAdmin)
