from tests.matrice import OK, Ligne, connectes

LIGNES = {
    # The home page: every account has one, with the panels of its roles.
    "espace:espace": Ligne(connectes(OK)),
}
