from django.contrib import admin

from conventions.models import Employeur


@admin.register(Employeur)
class EmployeurAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "departement"]
    list_filter = ["type", "departement"]
    search_fields = ["nom"]
