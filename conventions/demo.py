"""Demo conventions: one in force and ending soon (with an amendment), one expired, one draft.

Dates are relative to today so that the states (and the home-page alerts) stay true
whenever the demo is loaded. Idempotent: conventions are looked up by title.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from conventions import services
from conventions.models import (
    DUREE_PAR_DEFAUT_ANNEES,
    Convention,
    RolePartie,
    TypeFinanceur,
    ajouter_mois,
)
from intervenants.demo import ContexteDemo

UN_JOUR = datetime.timedelta(days=1)


def _debut_de_mois(jour: datetime.date) -> datetime.date:
    return jour.replace(day=1)


def peupler(contexte: ContexteDemo) -> None:
    aujourd_hui = timezone.localdate()
    auteur = contexte.comptes.get("coordinateur")

    # In force, ending in about five months: raises "ending soon" and the renewal notice.
    fin_estuaire = _debut_de_mois(ajouter_mois(aujourd_hui, 5)) - UN_JOUR
    debut_estuaire = ajouter_mois(fin_estuaire + UN_JOUR, -12 * DUREE_PAR_DEFAUT_ANNEES)
    # Signed two months shorter; the amendment below extends it to the full three years.
    fin_initiale = fin_estuaire - datetime.timedelta(days=60)
    estuaire = _convention(
        auteur=auteur,
        titre="Convention ISCG Estuaire",
        reference="ISCG-44-ESTUAIRE",
        employeur=contexte.employeurs["association"],
        date_signature=debut_estuaire - datetime.timedelta(days=20),
        date_debut=debut_estuaire,
        date_fin=fin_initiale,
        cout_annuel=Decimal("52000.00"),
        postes=[contexte.postes["estuaire"]],
        temps_de_travail="35 h par semaine",
        gestion_courante_deleguee=True,
        delegation_details="Congés et absences validés par le commissaire de Saint-Nazaire, "
        "employeur informé chaque mois.",
        comite_suivi="Préfecture, DIPN, groupement de gendarmerie, conseil départemental, "
        "employeur ; une réunion par an.",
        parties=[
            {"role": RolePartie.PREFET, "nom": "Préfet de la Loire-Atlantique", "signataire": ""},
            {
                "role": RolePartie.DIRECTION_POLICE,
                "nom": "Direction interdépartementale de la police nationale",
                "signataire": "",
            },
            {
                "role": RolePartie.GROUPEMENT_GENDARMERIE,
                "nom": "Groupement de gendarmerie départementale de la Loire-Atlantique",
                "signataire": "",
            },
            {
                "role": RolePartie.CONSEIL_DEPARTEMENTAL,
                "nom": "Conseil départemental de la Loire-Atlantique",
                "signataire": "",
            },
        ],
        sites=[
            {
                "site": contexte.sites["saint-nazaire"],
                "horaires_permanence": "lundi, mardi et jeudi, 9 h – 17 h",
                "autorite_fonctionnelle": "Commissaire, chef de la circonscription",
            },
            {
                "site": contexte.sites["savenay"],
                "horaires_permanence": "mercredi, 9 h – 12 h 30",
                "autorite_fonctionnelle": "Commandant de la brigade",
            },
            {
                "site": contexte.sites["pontchateau"],
                "horaires_permanence": "vendredi, 9 h – 12 h 30",
                "autorite_fonctionnelle": "Commandant de la communauté de brigades",
            },
        ],
        financements=_financements(
            debut_estuaire,
            fin_initiale,
            [
                (TypeFinanceur.FIPD_ETAT, "", Decimal("20800.00")),
                (TypeFinanceur.CONSEIL_DEPARTEMENTAL, "", Decimal("20800.00")),
                (TypeFinanceur.COMMUNE_EPCI, "Ville de Saint-Nazaire", Decimal("10400.00")),
            ],
        ),
    )
    if estuaire is not None and not estuaire.avenants.exists():
        services.enregistrer_avenant(
            auteur=auteur,
            convention=estuaire,
            date_signature=debut_estuaire + datetime.timedelta(days=400),
            objet="Prolongation de deux mois et permanence à Pontchâteau le vendredi",
            modifications="La convention est prolongée jusqu'à la fin de la troisième année ; "
            "la permanence de Pontchâteau passe du mardi au vendredi matin.",
            nouvelle_date_fin=fin_estuaire,
        )

    # Expired two months ago: the Rezé post has no convention in force until the renewal.
    fin_reze = _debut_de_mois(aujourd_hui) - UN_JOUR
    fin_reze = _debut_de_mois(fin_reze) - UN_JOUR
    debut_reze = ajouter_mois(fin_reze + UN_JOUR, -12 * DUREE_PAR_DEFAUT_ANNEES)
    reze = {
        "employeur": contexte.employeurs["departement"],
        "cout_annuel": Decimal("41600.00"),
        "postes": [contexte.postes["reze"]],
        "parties": [
            {"role": RolePartie.PREFET, "nom": "Préfet de la Loire-Atlantique", "signataire": ""},
            {
                "role": RolePartie.DIRECTION_POLICE,
                "nom": "Direction interdépartementale de la police nationale",
                "signataire": "",
            },
            {"role": RolePartie.COMMUNE_EPCI, "nom": "Ville de Rezé", "signataire": ""},
        ],
        "sites": [
            {
                "site": contexte.sites["reze"],
                "horaires_permanence": "lundi au mercredi",
                "autorite_fonctionnelle": "Commandant, chef du commissariat de Rezé",
            },
            {
                "site": contexte.sites["saint-herblain"],
                "horaires_permanence": "jeudi",
                "autorite_fonctionnelle": "Commissaire de Saint-Herblain",
            },
        ],
    }
    _convention(
        auteur=auteur,
        titre="Convention ISCG Rezé – Saint-Herblain",
        reference="ISCG-44-REZE",
        date_signature=debut_reze - datetime.timedelta(days=30),
        date_debut=debut_reze,
        date_fin=fin_reze,
        financements=_financements(
            debut_reze,
            fin_reze,
            [
                (TypeFinanceur.FIPD_ETAT, "", Decimal("20800.00")),
                (TypeFinanceur.EMPLOYEUR, "", Decimal("20800.00")),
            ],
        ),
        **reze,
    )
    # Its renewal, still a draft (not signed).
    debut_renouvellement = _debut_de_mois(ajouter_mois(aujourd_hui, 2))
    _convention(
        auteur=auteur,
        titre="Renouvellement de la convention ISCG Rezé – Saint-Herblain",
        reference="",
        date_signature=None,
        date_debut=debut_renouvellement,
        date_fin=None,
        financements=[],
        **reze,
    )


def _financements(debut, fin, parts):
    return [
        {"financeur": financeur, "libelle_financeur": libelle, "annee": annee, "montant": montant}
        for annee in range(debut.year, fin.year + 1)
        for financeur, libelle, montant in parts
    ]


def _convention(*, auteur, titre, employeur, postes, parties, sites, financements, **champs):
    if Convention.objects.filter(titre=titre, employeur=employeur).exists():
        return None
    return services.enregistrer_convention(
        auteur=auteur,
        convention=Convention(titre=titre, employeur=employeur, **champs),
        postes=postes,
        parties=parties,
        sites=sites,
        financements=financements,
    )
