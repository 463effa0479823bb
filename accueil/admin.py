"""Only the partner directory is administered here.

The confidential models (Personne, Situation, Saisine, Entretien, Acte, Orientation,
Transmission, Adhesion) are deliberately not registered: the administrator configures
the application and never reads what a person confided (DESIGN.md).
"""

from django.contrib import admin

from accueil.models import Partenaire


@admin.register(Partenaire)
class PartenaireAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "departement", "telephone", "actif"]
    list_filter = ["type", "departement", "actif"]
    search_fields = ["nom"]
