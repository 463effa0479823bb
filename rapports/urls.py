from django.urls import path

from rapports import views
from rapports.models import BilanAnnuel, CompteRendu, Rapport

app_name = "rapports"


def _actions(modele: type[Rapport]) -> list:
    """One URL per action on a report of this kind; the view receives the model.

    The paths and names of each kind stay those bookmarked and reversed before the two
    kinds shared their views ("comptes-rendus/3/pdf/", "rapports:compte_rendu_pdf"); an
    unknown kind matches no pattern, hence a 404. Names follow ``Rapport.urls``."""
    segment, genre, type_ = modele.segment_url, modele.genre, {"modele": modele}
    return [
        path(f"{segment}/<int:pk>/", views.detail, type_, name=f"{genre}_detail"),
        path(f"{segment}/<int:pk>/modifier/", views.modifier, type_, name=f"{genre}_modifier"),
        path(f"{segment}/<int:pk>/valider/", views.valider, type_, name=f"{genre}_valider"),
        path(
            f"{segment}/<int:pk>/transmettre/",
            views.transmettre,
            type_,
            name=f"{genre}_transmettre",
        ),
        path(f"{segment}/<int:pk>/pdf/", views.pdf, type_, name=f"{genre}_pdf"),
    ]


urlpatterns = [
    path("", views.liste, name="liste"),
    path("statistiques/", views.tableau_de_bord, name="tableau_de_bord"),
    path("statistiques/<slug:cle>.csv", views.export_csv, name="export_csv"),
    path("grille-nationale.csv", views.grille_nationale, name="grille_nationale"),
    path("comptes-rendus/nouveau/", views.compte_rendu_creer, name="compte_rendu_creer"),
    *_actions(CompteRendu),
    path("bilans/nouveau/", views.bilan_creer, name="bilan_creer"),
    *_actions(BilanAnnuel),
    path("bilans/<int:pk>/evaluation/", views.bilan_evaluation, name="bilan_evaluation"),
]
