"""What each role may do, on which kind of scope object (DESIGN.md, permission model).

Permissions are django-guardian object permissions on the scope object of an
affectation; nothing here is a global (model-level) permission.
"""

from intervenants.models import Role

# role -> (scope field on Affectation, permission codenames granted on that scope object)
PERMISSIONS_PAR_ROLE: dict[str, tuple[str | None, tuple[str, ...]]] = {
    Role.INTERVENANT: (
        "poste",
        (
            "acceder_dossiers",
            "voir_statistiques_poste",
            "rediger_rapports_poste",
            "lire_conventions_poste",
        ),
    ),
    Role.AUTORITE: (
        "site",
        (
            "voir_statistiques_site",
            "voir_accuses_site",
            "lire_rapports_site",
            "valider_bilan_site",
            "lire_conventions_site",
        ),
    ),
    Role.AGENT: ("site", ("adresser_saisine",)),
    Role.EMPLOYEUR: (
        "employeur",
        (
            "voir_statistiques_employeur",
            "gerer_conventions_employeur",
            "lire_rapports_employeur",
        ),
    ),
    Role.COORDINATEUR: (
        "departement",
        (
            "voir_statistiques_departement",
            "gerer_conventions_departement",
            "lire_rapports_departement",
            "valider_bilan_departement",
        ),
    ),
    Role.LECTEUR_CLSPD: ("site", ("lire_rapports_publies_site",)),
    # The departmental prevention council: the annual reports transmitted to it.
    Role.LECTEUR_CDP: ("departement", ("lire_bilans_cdp_departement",)),
    # Configuration and accounts through the Django admin; no object permission at all.
    Role.ADMINISTRATEUR: (None, ()),
}

CHAMP_PORTEE = {role: champ for role, (champ, _) in PERMISSIONS_PAR_ROLE.items()}
