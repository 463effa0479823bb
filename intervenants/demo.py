"""Demo organisation: one plausible département, its sites, posts and one account per role.

Idempotent: every object is looked up by its natural key before being created.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model

from intervenants import services
from intervenants.models import (
    Affectation,
    Departement,
    Employeur,
    Force,
    Intervenant,
    Poste,
    Role,
    Site,
    StatutSecret,
    TypeEmployeur,
    TypeSite,
)

User = get_user_model()


@dataclass
class ContexteDemo:
    """What the organisation step built, for the demo steps of the other apps."""

    departement: Departement
    sites: dict[str, Site] = field(default_factory=dict)
    postes: dict[str, Poste] = field(default_factory=dict)
    employeurs: dict[str, Employeur] = field(default_factory=dict)
    comptes: dict[str, object] = field(default_factory=dict)


SITES = [
    (
        "saint-nazaire",
        "Commissariat de Saint-Nazaire",
        TypeSite.COMMISSARIAT,
        Force.POLICE,
        "Saint-Nazaire",
    ),
    ("reze", "Commissariat de Rezé", TypeSite.COMMISSARIAT, Force.POLICE, "Rezé"),
    (
        "saint-herblain",
        "Commissariat de Saint-Herblain",
        TypeSite.COMMISSARIAT,
        Force.POLICE,
        "Saint-Herblain",
    ),
    (
        "savenay",
        "Brigade territoriale autonome de Savenay",
        TypeSite.BRIGADE_AUTONOME,
        Force.GENDARMERIE,
        "Savenay",
    ),
    (
        "pontchateau",
        "Communauté de brigades de Pontchâteau",
        TypeSite.COMMUNAUTE_BRIGADES,
        Force.GENDARMERIE,
        "Pontchâteau",
    ),
    (
        "pornic",
        "Brigade territoriale autonome de Pornic",
        TypeSite.BRIGADE_AUTONOME,
        Force.GENDARMERIE,
        "Pornic",
    ),
    (
        "mpf",
        "Maison de protection des familles de Loire-Atlantique",
        TypeSite.MAISON_PROTECTION_FAMILLES,
        Force.GENDARMERIE,
        "Nantes",
    ),
]

# username, first name, last name, role, scope kind, scope key
COMPTES = [
    ("intervenante", "Claire", "Morvan", Role.INTERVENANT, "poste", "estuaire"),
    ("intervenant2", "Yanis", "Belkacem", Role.INTERVENANT, "poste", "reze"),
    ("chef", "Hervé", "Le Goff", Role.AUTORITE, "site", "saint-nazaire"),
    ("agent", "Julie", "Tanguy", Role.AGENT, "site", "saint-nazaire"),
    ("employeur", "Sophie", "Garnier", Role.EMPLOYEUR, "employeur", "association"),
    ("coordinateur", "Marc", "Delaunay", Role.COORDINATEUR, "departement", None),
    ("clspd", "Anne", "Riou", Role.LECTEUR_CLSPD, "site", "saint-nazaire"),
    ("cdp", "Lucie", "Perrin", Role.LECTEUR_CDP, "departement", None),
    ("admin", "Thomas", "Bernard", Role.ADMINISTRATEUR, None, None),
]


def peupler(contexte: ContexteDemo | None = None) -> ContexteDemo:
    departement, _ = Departement.objects.get_or_create(
        code="44", defaults={"nom": "Loire-Atlantique"}
    )
    contexte = ContexteDemo(departement=departement)

    for cle, nom, type_site, force, commune in SITES:
        contexte.sites[cle], _ = Site.objects.get_or_create(
            departement=departement,
            nom=nom,
            defaults={"type": type_site, "force": force, "commune": commune},
        )

    contexte.employeurs["association"], _ = Employeur.objects.get_or_create(
        nom="Association Escale Solidarité Victimes",
        defaults={
            "type": TypeEmployeur.ASSOCIATION,
            "adresse": "12 rue de la Paix, 44600 Saint-Nazaire",
            "departement": departement,
        },
    )
    contexte.employeurs["departement"], _ = Employeur.objects.get_or_create(
        nom="Conseil départemental de Loire-Atlantique",
        defaults={
            "type": TypeEmployeur.CONSEIL_DEPARTEMENTAL,
            "adresse": "3 quai Ceineray, 44000 Nantes",
            "departement": departement,
        },
    )

    # A post shared between a commissariat and two gendarmerie units (framework II).
    contexte.postes["estuaire"] = _poste(
        "ISCG Estuaire (Saint-Nazaire, Savenay, Pontchâteau)",
        contexte.employeurs["association"],
        departement,
        [contexte.sites[k] for k in ("saint-nazaire", "savenay", "pontchateau")],
        etp=Decimal("1.00"),
        declare_le=datetime.date(2023, 3, 1),
        cree_le=datetime.date(2022, 9, 1),
    )
    contexte.postes["reze"] = _poste(
        "ISCG Rezé – Saint-Herblain",
        contexte.employeurs["departement"],
        departement,
        [contexte.sites["reze"], contexte.sites["saint-herblain"]],
        etp=Decimal("0.80"),
        declare_le=datetime.date(2021, 6, 15),
        cree_le=datetime.date(2021, 1, 4),
    )
    contexte.postes["pornic"] = _poste(
        "ISCG Pornic",
        contexte.employeurs["association"],
        departement,
        [contexte.sites["pornic"]],
        etp=Decimal("0.50"),
        declare_le=None,
        cree_le=datetime.date(2026, 9, 1),
    )

    for username, prenom, nom, role, portee, cle in COMPTES:
        compte = _compte(username, prenom, nom, superuser=role == Role.ADMINISTRATEUR)
        perimetre = {
            "poste": contexte.postes.get(cle),
            "site": contexte.sites.get(cle),
            "employeur": contexte.employeurs.get(cle),
            "departement": departement,
            None: None,
        }[portee]
        if not Affectation.objects.actives().filter(utilisateur=compte, role=role).exists():
            services.creer_affectation(
                utilisateur=compte,
                role=role,
                perimetre=perimetre,
                date_debut=datetime.date(2024, 1, 1),
            )
        if role == Role.INTERVENANT:
            Intervenant.objects.get_or_create(
                utilisateur=compte,
                defaults={
                    "diplome": "Diplôme d'État d'assistant de service social",
                    "statut_secret": StatutSecret.PAR_PROFESSION,
                    "date_prise_fonction": datetime.date(2024, 1, 1),
                    "formation_sur_site": True,
                },
            )
        contexte.comptes[username] = compte
    return contexte


def _poste(intitule, employeur, departement, sites, *, etp, declare_le, cree_le) -> Poste:
    poste, cree = Poste.objects.get_or_create(
        intitule=intitule,
        defaults={
            "employeur": employeur,
            "departement": departement,
            "etp": etp,
            "date_declaration": declare_le,
            "date_creation": cree_le,
        },
    )
    if cree:
        poste.sites.set(sites)
    return poste


def _compte(username, prenom, nom, *, superuser=False):
    compte, cree = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": prenom,
            "last_name": nom,
            "email": f"{username}@demo.trait-union.invalid",
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if cree:
        compte.set_password(settings.MOT_DE_PASSE_DEMO)
        compte.save(update_fields=["password"])
    return compte
