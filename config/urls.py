from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Trait d'union — administration"
admin.site.site_title = "Trait d'union"
admin.site.index_title = "Configuration et comptes"

urlpatterns = [
    path("", include("espace.urls")),
    path("", include("intervenants.urls")),
    path("accueil/", include("accueil.urls")),
    path("conventions/", include("conventions.urls")),
    path("rapports/", include("rapports.urls")),
    path("administration/", admin.site.urls),
]

handler403 = "intervenants.views.erreur_403"
handler404 = "intervenants.views.erreur_404"
handler500 = "intervenants.views.erreur_500"
