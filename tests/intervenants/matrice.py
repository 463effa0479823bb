from tests.matrice import CONNEXION, OK, Ligne, Redirection, connectes, selon

ACCUEIL = Redirection("intervenants:accueil")

LIGNES = {
    "intervenants:accueil": Ligne(connectes(OK)),
    "intervenants:connexion": Ligne(selon(ACCUEIL, anonyme=OK)),
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
    "admin:index": Ligne(
        selon(Redirection("admin:login"), admin=OK),
    ),
}
