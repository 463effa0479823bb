from django.urls import path

from conventions import views

app_name = "conventions"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.creer, name="creer"),
    path("export.csv", views.export_conventions, name="export_conventions"),
    path("financements/", views.financements, name="financements"),
    path("financements/export.csv", views.export_financements, name="export_financements"),
    path("echeances/", views.calendrier, name="echeances"),
    path("documents/<int:pk>/", views.telecharger_document, name="telecharger_document"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/avenants/nouveau/", views.avenant, name="avenant"),
    path("<int:pk>/documents/nouveau/", views.document, name="document"),
    path("<int:pk>/comite/nouvelle-reunion/", views.reunion, name="reunion"),
    path("<int:pk>/fiche.pdf", views.fiche_pdf, name="fiche_pdf"),
]
