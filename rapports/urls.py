from django.urls import path

from rapports import views

app_name = "rapports"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("statistiques/", views.tableau_de_bord, name="tableau_de_bord"),
    path("statistiques/<slug:cle>.csv", views.export_csv, name="export_csv"),
    path("grille-nationale.csv", views.grille_nationale, name="grille_nationale"),
    path("comptes-rendus/nouveau/", views.compte_rendu_creer, name="compte_rendu_creer"),
    path("comptes-rendus/<int:pk>/", views.compte_rendu_detail, name="compte_rendu_detail"),
    path(
        "comptes-rendus/<int:pk>/modifier/",
        views.compte_rendu_modifier,
        name="compte_rendu_modifier",
    ),
    path(
        "comptes-rendus/<int:pk>/valider/",
        views.compte_rendu_valider,
        name="compte_rendu_valider",
    ),
    path(
        "comptes-rendus/<int:pk>/transmettre/",
        views.compte_rendu_transmettre,
        name="compte_rendu_transmettre",
    ),
    path("comptes-rendus/<int:pk>/pdf/", views.compte_rendu_pdf, name="compte_rendu_pdf"),
    path("bilans/nouveau/", views.bilan_creer, name="bilan_creer"),
    path("bilans/<int:pk>/", views.bilan_detail, name="bilan_detail"),
    path("bilans/<int:pk>/modifier/", views.bilan_modifier, name="bilan_modifier"),
    path("bilans/<int:pk>/valider/", views.bilan_valider, name="bilan_valider"),
    path("bilans/<int:pk>/transmettre/", views.bilan_transmettre, name="bilan_transmettre"),
    path("bilans/<int:pk>/pdf/", views.bilan_pdf, name="bilan_pdf"),
]
