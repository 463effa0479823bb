from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.matrice import CONNEXION, OK, Ligne, Redirection, connectes, selon

ESPACE = Redirection("espace:espace")

LIGNES = {
    "intervenants:connexion": Ligne(selon(ESPACE, anonyme=OK)),
    # Logging out is a POST; a GET is refused by Django's LogoutView.
    "intervenants:deconnexion": Ligne(selon(CONNEXION), methode="post"),
    "intervenants:mot_de_passe": Ligne(connectes(OK)),
    # The access journal of the employer's posts, for its data-protection officer.
    "intervenants:journal": Ligne(connectes(404, employeur=OK)),
    # Account security and the second factor: every logged-in account has its own.
    "intervenants:securite": Ligne(connectes(OK)),
    "intervenants:otp_enrolement": Ligne(connectes(OK)),
    "intervenants:otp_qr": Ligne(connectes(OK)),
    "intervenants:otp_verification": Ligne(connectes(OK)),
    # "L'équipe": the employer (its posts) and the coordinator (its département) name the
    # workers, end a naming, reset a worker's access; nobody else even sees the pages.
    "intervenants:equipe": Ligne(connectes(404, employeur=OK, coordinateur=OK)),
    "intervenants:equipe_nommer": Ligne(connectes(404, employeur=OK, coordinateur=OK)),
    "intervenants:equipe_terminer": Ligne(
        connectes(404, employeur=OK, coordinateur=OK),
        kwargs=lambda m: {"pk": m["intervenante"].affectations.get().pk},
    ),
    "intervenants:equipe_reinitialiser": Ligne(
        connectes(404, employeur=OK, coordinateur=OK),
        kwargs=lambda m: {"pk": m["intervenante"].pk},
    ),
    # Substitutes and profiles (issue 17): the team's managers name a substitute and edit
    # the profile of a worker of their posts; every worker edits her own profile.
    "intervenants:equipe_suppleance_creer": Ligne(connectes(404, employeur=OK, coordinateur=OK)),
    "intervenants:equipe_profil_modifier": Ligne(
        connectes(404, employeur=OK, coordinateur=OK),
        kwargs=lambda m: {"pk": m["intervenante"].pk},
    ),
    "intervenants:profil_modifier": Ligne(
        connectes(404, intervenante=OK, intervenante_binome=OK, intervenant_autre=OK)
    ),
    # The link of an access reset: public (its token is the credential); a wrong token
    # shows the "link no longer valid" page to everyone.
    "intervenants:acces_choisir": Ligne(
        selon(OK),
        kwargs=lambda m: {
            "uidb64": urlsafe_base64_encode(force_bytes(m["intervenante"].pk)),
            "token": "jeton-invalide",
        },
    ),
    "admin:index": Ligne(
        selon(Redirection("admin:login"), admin=OK),
    ),
}
