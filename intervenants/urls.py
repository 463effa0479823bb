from django.urls import path

from intervenants import views

app_name = "intervenants"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", views.DeconnexionView.as_view(), name="deconnexion"),
    path("mot-de-passe/", views.MotDePasseView.as_view(), name="mot_de_passe"),
    path("journal/", views.journal, name="journal"),
    path("securite/", views.securite, name="securite"),
    path("securite/double-authentification/", views.otp_enrolement, name="otp_enrolement"),
    path("securite/double-authentification/qr.svg", views.otp_qr, name="otp_qr"),
    path("securite/verification/", views.otp_verification, name="otp_verification"),
]
