from django.urls import path

from intervenants import views, views_suppleance

app_name = "intervenants"

urlpatterns = [
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", views.DeconnexionView.as_view(), name="deconnexion"),
    path("mot-de-passe/", views.MotDePasseView.as_view(), name="mot_de_passe"),
    path("journal/", views.journal, name="journal"),
    path("securite/", views.securite, name="securite"),
    path("securite/double-authentification/", views.otp_enrolement, name="otp_enrolement"),
    path("securite/double-authentification/qr.svg", views.otp_qr, name="otp_qr"),
    path("securite/verification/", views.otp_verification, name="otp_verification"),
    # The employer or coordinator names the workers of its posts, resets their access.
    path("equipe/", views.equipe, name="equipe"),
    path("equipe/nommer/", views.equipe_nommer, name="equipe_nommer"),
    path("equipe/affectations/<int:pk>/terminer/", views.equipe_terminer, name="equipe_terminer"),
    path(
        "equipe/comptes/<int:pk>/reinitialiser/",
        views.equipe_reinitialiser,
        name="equipe_reinitialiser",
    ),
    # Substitutes and profiles (issue 17, items 1 and 7).
    path(
        "equipe/suppleances/nouvelle/",
        views_suppleance.equipe_suppleance_creer,
        name="equipe_suppleance_creer",
    ),
    path(
        "equipe/comptes/<int:pk>/profil/",
        views_suppleance.equipe_profil_modifier,
        name="equipe_profil_modifier",
    ),
    path("profil/", views_suppleance.profil_modifier, name="profil_modifier"),
    # The link of an access reset, sent to the worker's own address.
    path("acces/<uidb64>/<token>/", views.AccesChoisirView.as_view(), name="acces_choisir"),
]
