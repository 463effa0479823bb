"""Demo records: about 300 plausible situations over the last 18 months on the demo posts.

Deterministic (seeded) and idempotent: nothing is added when the posts already have
situations. Names come from Faker fr_FR; they are fictitious.
"""

import datetime
import random

from django.utils import timezone
from faker import Faker

from accueil.choix import (
    EtatSaisine,
    FondementJuridique,
    IssueOrientation,
    ModeEntretien,
    NatureTransmission,
    OrigineSaisine,
    OuiNonInconnu,
    Problematique,
    Sexe,
    StatutAffaire,
    TrancheAge,
    TypeActe,
    TypePartenaire,
    Urgence,
    mineur_pour_tranche,
)
from accueil.models import (
    Acte,
    Adhesion,
    Entretien,
    Orientation,
    Partenaire,
    Personne,
    Rappel,
    RendezVous,
    Requisition,
    Saisine,
    Situation,
    Transmission,
)

PARTENAIRES = [
    ("France Victimes 44 — ADAVI", TypePartenaire.AIDE_VICTIMES, "02 40 00 00 01"),
    ("CIDFF de Loire-Atlantique", TypePartenaire.CIDFF, "02 40 00 00 02"),
    ("Solidarité Femmes Loire-Atlantique", TypePartenaire.VIOLENCES_FEMMES, "02 40 00 00 03"),
    (
        "Espace départemental des solidarités — Saint-Nazaire",
        TypePartenaire.SERVICE_DEPARTEMENTAL,
        "02 40 00 00 04",
    ),
    ("CRIP 44", TypePartenaire.CRIP, "02 40 00 00 05"),
    ("SIAO 44 (115)", TypePartenaire.SIAO_115, "115"),
    ("UMJ du CHU de Nantes", TypePartenaire.UMJ, "02 40 00 00 07"),
    ("CMP adultes de Saint-Nazaire", TypePartenaire.PSYCHIATRIE, "02 40 00 00 08"),
    ("CSAPA Estuaire", TypePartenaire.CSAPA, "02 40 00 00 09"),
    ("Point-justice de Saint-Nazaire", TypePartenaire.POINT_JUSTICE, "02 40 00 00 10"),
    (
        "Mission locale de l'agglomération nazairienne",
        TypePartenaire.MISSION_LOCALE,
        "02 40 00 00 11",
    ),
    ("CAF de Loire-Atlantique", TypePartenaire.CAF_CPAM_FT, "02 40 00 00 12"),
]

# Weighted draws, roughly as activity reports of ISCG describe them.
ORIGINES = [
    (OrigineSaisine.MAIN_COURANTE, 30),
    (OrigineSaisine.POLICIER_ACCUEIL, 14),
    (OrigineSaisine.POLICIER_INTERVENTION, 12),
    (OrigineSaisine.ENQUETEUR, 8),
    (OrigineSaisine.BRIGADE_FAMILLES, 6),
    (OrigineSaisine.COMMANDANT_UNITE, 3),
    (OrigineSaisine.OFFICIER_PREVENTION, 2),
    (OrigineSaisine.SYNTHESE, 2),
    (OrigineSaisine.PSYCHOLOGUE, 1),
    (OrigineSaisine.SERVICE_SOCIAL, 4),
    (OrigineSaisine.EDUCATION_NATIONALE, 3),
    (OrigineSaisine.CCAS, 2),
    (OrigineSaisine.MJD, 1),
    (OrigineSaisine.POLICE_MUNICIPALE, 2),
    (OrigineSaisine.AIDE_VICTIMES, 2),
    (OrigineSaisine.JUSTICE, 1),
    (OrigineSaisine.SANTE, 1),
    (OrigineSaisine.BAILLEUR, 1),
    (OrigineSaisine.MAIRIE, 1),
    (OrigineSaisine.SPONTANEE, 3),
    (OrigineSaisine.ENTOURAGE, 1),
    (OrigineSaisine.AUTRE, 1),
]
PROBLEMATIQUES = [
    (Problematique.VC_PHYSIQUES, 22),
    (Problematique.VC_PSYCHOLOGIQUES, 14),
    (Problematique.CONFLIT_CONJUGAL, 10),
    (Problematique.CONFLIT_FAMILIAL, 8),
    (Problematique.VIF_HORS_COUPLE, 6),
    (Problematique.MINEUR_DANGER, 5),
    (Problematique.ENFANT_EXPOSE, 5),
    (Problematique.DETRESSE, 6),
    (Problematique.SANTE_MENTALE, 4),
    (Problematique.PERSONNE_VULNERABLE, 3),
    (Problematique.FUGUE, 3),
    (Problematique.VOISINAGE, 3),
    (Problematique.LOGEMENT, 3),
    (Problematique.HARCELEMENT, 2),
    (Problematique.ADDICTIONS, 2),
    (Problematique.DROIT_VISITE, 2),
    (Problematique.ACCES_DROITS, 1),
    (Problematique.DISPARITION, 1),
]
STATUTS = [
    (StatutAffaire.VICTIME, 60),
    (StatutAffaire.VICTIME_INDIRECTE, 8),
    (StatutAffaire.MIS_EN_CAUSE, 10),
    (StatutAffaire.IMPLIQUE, 7),
    (StatutAffaire.DETRESSE, 12),
    (StatutAffaire.TIERS, 3),
]
MODES = [
    (ModeEntretien.PHYSIQUE, 50),
    (ModeEntretien.TELEPHONIQUE, 35),
    (ModeEntretien.VISITE_DOMICILE, 5),
    (ModeEntretien.LIEU_TIERS, 3),
    (ModeEntretien.SANS_REPONSE, 7),
]
MOTIFS = [
    "Main courante : dispute conjugale avec bris d'objets, enfants présents.",
    "Intervention au domicile pour violences conjugales, madame ne souhaite pas porter plainte.",
    "Personne âgée désorientée retrouvée sur la voie publique.",
    "Fugue d'une adolescente signalée par la famille.",
    "Conflit de voisinage récurrent, personne isolée et en détresse.",
    "Dépôt de plainte pour violences, demande d'hébergement d'urgence.",
    "Signalement de l'établissement scolaire : enfant exprimant des violences au domicile.",
    "Mère en difficulté éducative avec un adolescent, appel au 17 répété.",
]
NOTES = [
    "Entretien au bureau. La personne décrit la situation de façon factuelle ; elle souhaite être "
    "accompagnée vers une association d'aide aux victimes.",
    "Échange téléphonique : point sur les démarches engagées, rendez-vous pris avec le CIDFF.",
    "La personne est hébergée chez une amie ; recherche d'une solution durable avec le SIAO.",
    "Évaluation de la situation familiale ; information sur l'ordonnance de protection.",
    "Soutien et écoute ; la personne ne souhaite pas d'orientation pour l'instant.",
]
ISSUES = [
    (IssueOrientation.RELAIS_CONFIRME, 40),
    (IssueOrientation.NON_VERIFIEE, 20),
    (IssueOrientation.PLAINTE_DEPOSEE, 10),
    (IssueOrientation.MISE_A_L_ABRI, 6),
    (IssueOrientation.REFUS, 6),
    (IssueOrientation.INJOIGNABLE, 6),
    (IssueOrientation.REFERENT_INFORME, 6),
    (IssueOrientation.MESURE_PROTECTION, 3),
    (IssueOrientation.PAS_DE_SUITE, 3),
]
NB_SITUATIONS = {"estuaire": 210, "reze": 90}


def _telephone(alea, prefixe):
    return " ".join([prefixe, *(f"{alea.randint(10, 99)}" for _ in range(4))])


def _tirer(alea, pondere):
    valeurs, poids = zip(*pondere, strict=True)
    return alea.choices(valeurs, weights=poids, k=1)[0]


def peupler(contexte) -> None:
    departement = contexte.departement
    partenaires = []
    for nom, type_partenaire, telephone in PARTENAIRES:
        partenaire, _ = Partenaire.objects.get_or_create(
            departement=departement,
            nom=nom,
            defaults={"type": type_partenaire, "telephone": telephone},
        )
        partenaires.append(partenaire)

    alea = random.Random(44)  # noqa: S311 -- demo data, not security
    faux = Faker("fr_FR")
    faux.seed_instance(44)
    aujourd_hui = timezone.localdate()
    for cle, nombre in NB_SITUATIONS.items():
        poste = contexte.postes[cle]
        if Situation.objects.filter(poste=poste).exists():
            continue
        intervenant = contexte.comptes["intervenante" if cle == "estuaire" else "intervenant2"]
        sites = list(poste.sites.all())
        for _ in range(nombre):
            _situation(alea, faux, poste, sites, intervenant, partenaires, aujourd_hui)
    _saisines_en_attente(alea, faux, contexte, aujourd_hui)
    _agenda(contexte, aujourd_hui)
    _contacts_anonymes(contexte, aujourd_hui)
    _requisitions(contexte, aujourd_hui)


def _situation(alea, faux, poste, sites, intervenant, partenaires, aujourd_hui):
    ouverture = aujourd_hui - datetime.timedelta(days=alea.randint(0, 540))
    principale = _tirer(alea, PROBLEMATIQUES)
    mineur = (
        principale in (Problematique.FUGUE, Problematique.MINEUR_DANGER) or alea.random() < 0.04
    )
    age = alea.randint(12, 17) if mineur else alea.choice([22, 27, 31, 34, 38, 42, 47, 55, 63, 78])
    femme = alea.random() < (0.55 if mineur else 0.78)
    personne = Personne.objects.create(
        poste=poste,
        nom=faux.last_name(),
        prenom=faux.first_name_female() if femme else faux.first_name_male(),
        sexe=Sexe.FEMME if femme else (Sexe.HOMME if alea.random() < 0.95 else Sexe.NON_RENSEIGNE),
        annee_naissance=ouverture.year - age,
        telephone=_telephone(alea, "06"),
        commune=alea.choice([s.commune for s in sites]),
    )
    autres = alea.sample([p for p, _ in PROBLEMATIQUES if p != principale], k=alea.randint(0, 2))
    site = alea.choice(sites)
    situation = Situation(
        poste=poste,
        personne=personne,
        date_ouverture=ouverture,
        derniere_activite=ouverture,
        statut_affaire=_tirer(alea, STATUTS),
        problematique_principale=principale,
        problematiques=[principale, *autres],
        connu_service_social=alea.choice(list(OuiNonInconnu)),
        enfants_au_foyer=alea.choice([None, 0, 0, 1, 2, 3]),
        referent=intervenant,
    )
    situation.fixer_residu(personne)
    situation.save()
    situation.sites.set([site])

    origine = _tirer(alea, ORIGINES)
    Saisine.objects.create(
        poste=poste,
        situation=situation,
        site=site,
        origine=origine,
        date_saisine=ouverture,
        motif=alea.choice(MOTIFS),
        etat=EtatSaisine.SANS_SUITE if alea.random() < 0.06 else EtatSaisine.PRISE_EN_CHARGE,
        date_etat=min(ouverture + datetime.timedelta(days=alea.randint(0, 3)), aujourd_hui),
    )
    derniere = ouverture
    jour = ouverture
    adhesion = None
    for _ in range(alea.choice([1, 1, 1, 2, 2, 3, 4])):
        jour = min(jour + datetime.timedelta(days=alea.randint(0, 20)), aujourd_hui)
        mode = _tirer(alea, MODES)
        Entretien.objects.create(
            situation=situation,
            date=jour,
            mode=mode,
            duree_minutes=None
            if mode == ModeEntretien.SANS_REPONSE
            else alea.choice([20, 30, 45, 60, 90]),
            auteur=intervenant,
            adhesion=mode != ModeEntretien.SANS_REPONSE,
            notes="" if mode == ModeEntretien.SANS_REPONSE else alea.choice(NOTES),
        )
        if mode != ModeEntretien.SANS_REPONSE and adhesion is None:
            adhesion = Adhesion.objects.create(
                situation=situation, date_recueil=jour, recueillie_par=intervenant
            )
        derniere = jour
    for type_acte in alea.sample(
        [
            TypeActe.EVALUATION,
            TypeActe.ECOUTE,
            TypeActe.INFORMATION_DROITS,
            TypeActe.AIDE_DEMARCHES,
        ],
        k=alea.randint(1, 3),
    ):
        Acte.objects.create(situation=situation, date=jour, type=type_acte, auteur=intervenant)
    if adhesion and alea.random() < 0.65:
        partenaire = alea.choice(partenaires)
        date_issue = min(jour + datetime.timedelta(days=alea.randint(3, 30)), aujourd_hui)
        connue = date_issue < aujourd_hui and alea.random() < 0.8
        Orientation.objects.create(
            situation=situation,
            partenaire=partenaire,
            type_partenaire=partenaire.type,
            date=jour,
            consentement=True,
            issue=_tirer(alea, ISSUES) if connue else "",
            date_issue=date_issue if connue else None,
            auteur=intervenant,
        )
        Acte.objects.create(
            situation=situation, date=jour, type=TypeActe.ORIENTATION, auteur=intervenant
        )
    if mineur and alea.random() < 0.35:
        Transmission.objects.create(
            situation=situation,
            nature=NatureTransmission.INFORMATION_PREOCCUPANTE,
            fondement=FondementJuridique.CASF_L226_2_1,
            destinataire="CRIP 44",
            date=jour,
            resume="Éléments de danger évalués au domicile ; parents informés de la transmission.",
            personne_informee=True,
            auteur=intervenant,
        )
    elif principale == Problematique.VC_PHYSIQUES and alea.random() < 0.05:
        Transmission.objects.create(
            situation=situation,
            nature=NatureTransmission.SIGNALEMENT_PROCUREUR,
            fondement=FondementJuridique.CP_223_6,
            destinataire="Procureur de la République de Saint-Nazaire",
            date=jour,
            resume="Danger grave et immédiat évalué ; signalement avec l'OPJ de permanence.",
            copie_crip=True,
            date_copie_crip=jour,
            personne_informee=False,
            motif_non_information="Information susceptible d'aggraver le danger.",
            auteur=intervenant,
        )
    cloture = None
    if derniere < aujourd_hui - datetime.timedelta(days=60) and alea.random() < 0.7:
        cloture = min(derniere + datetime.timedelta(days=alea.randint(1, 30)), aujourd_hui)
    Situation.objects.filter(pk=situation.pk).update(
        derniere_activite=derniere, date_cloture=cloture
    )


def _saisines_en_attente(alea, faux, contexte, aujourd_hui):
    """A few officer referrals waiting in the inbox of the shared post."""
    agent = contexte.comptes["agent"]
    if Saisine.objects.filter(agent=agent).exists():
        return
    site = contexte.sites["saint-nazaire"]
    for jours, origine, urgence in [
        (0, OrigineSaisine.POLICIER_INTERVENTION, Urgence.DANGER_IMMEDIAT),
        (1, OrigineSaisine.POLICIER_ACCUEIL, Urgence.ORDINAIRE),
        (1, OrigineSaisine.BRIGADE_FAMILLES, Urgence.AUJOURD_HUI),
        (2, OrigineSaisine.POLICIER_INTERVENTION, Urgence.ORDINAIRE),
        (4, OrigineSaisine.BRIGADE_FAMILLES, Urgence.ORDINAIRE),
    ]:
        Saisine.objects.create(
            poste=contexte.postes["estuaire"],
            site=site,
            origine=origine,
            agent=agent,
            date_saisine=aujourd_hui - datetime.timedelta(days=jours),
            date_etat=aujourd_hui - datetime.timedelta(days=jours),
            motif=alea.choice(MOTIFS),
            urgence=urgence,
            nom_declare=faux.last_name(),
            prenom_declare=faux.first_name_female(),
            annee_naissance_declaree=alea.randint(1970, 2000),
            telephone_declare=_telephone(alea, "07"),
        )


# The demo worker's agenda: (days from today, time, place, motive); two of them today.
RENDEZ_VOUS = [
    (-1, datetime.time(16, 0), "telephone", "Point sur les démarches de logement"),
    (0, datetime.time(10, 0), "commissariat", "Premier entretien après la main courante"),
    (0, datetime.time(15, 30), "telephone", ""),
    (1, datetime.time(9, 30), "brigade", "Préparer le dépôt de plainte"),
    (3, datetime.time(14, 0), "domicile", "Visite avec la puéricultrice de PMI"),
    (8, datetime.time(11, 0), "partenaire", "Accompagnement au CIDFF"),
]
# (days from today, motive): one overdue, one due today, one to come.
RAPPELS = [
    (-2, "Nouvelles de l'orientation vers le 115"),
    (0, "Confirmer l'hébergement chez la sœur"),
    (4, "Issue de l'audience du JAF"),
]


def _agenda(contexte, aujourd_hui):
    """A few appointments and call-backs for the demo worker of the shared post."""
    poste = contexte.postes["estuaire"]
    if RendezVous.objects.filter(situation__poste=poste).exists():
        return
    intervenante = contexte.comptes["intervenante"]
    situations = list(
        Situation.objects.filter(poste=poste, date_cloture__isnull=True).order_by(
            "-derniere_activite", "pk"
        )[: len(RENDEZ_VOUS) + len(RAPPELS)]
    )
    for situation, (jours, heure, lieu, motif) in zip(situations, RENDEZ_VOUS, strict=False):
        RendezVous.objects.create(
            situation=situation,
            intervenant=intervenante,
            cree_par=intervenante,
            date=aujourd_hui + datetime.timedelta(days=jours),
            heure=heure,
            lieu=lieu,
            motif=motif,
        )
    for situation, (jours, motif) in zip(situations[len(RENDEZ_VOUS) :], RAPPELS, strict=False):
        Rappel.objects.create(
            situation=situation,
            intervenant=intervenante,
            cree_par=intervenante,
            echeance=aujourd_hui + datetime.timedelta(days=jours),
            motif=motif,
        )


def _contacts_anonymes(contexte, aujourd_hui):
    """A few phone contacts of people who gave no name (issue 16, item 3)."""
    poste = contexte.postes["estuaire"]
    if Personne.objects.filter(poste=poste, anonyme=True).exists():
        return
    alea = random.Random(16)  # noqa: S311 -- demo data, not security
    intervenant = contexte.comptes["intervenante"]
    for _ in range(12):
        jour = aujourd_hui - datetime.timedelta(days=alea.randint(0, 300))
        tranche = alea.choice(
            [
                TrancheAge.DE_25_A_39,
                TrancheAge.DE_40_A_59,
                TrancheAge.DE_60_A_74,
                TrancheAge.INCONNUE,
            ]
        )
        sexe = Sexe.FEMME if alea.random() < 0.8 else Sexe.HOMME
        principale = alea.choice(
            [
                Problematique.VC_PSYCHOLOGIQUES,
                Problematique.CONFLIT_CONJUGAL,
                Problematique.DETRESSE,
            ]
        )
        personne = Personne.objects.create(poste=poste, nom="", anonyme=True, sexe=sexe)
        situation = Situation.objects.create(
            poste=poste,
            personne=personne,
            date_ouverture=jour,
            derniere_activite=jour,
            statut_affaire=StatutAffaire.VICTIME
            if principale != Problematique.DETRESSE
            else StatutAffaire.DETRESSE,
            problematiques=[principale],
            problematique_principale=principale,
            sexe=sexe,
            tranche_age=tranche,
            mineur=mineur_pour_tranche(tranche),
        )
        Entretien.objects.create(
            situation=situation,
            date=jour,
            mode=ModeEntretien.TELEPHONIQUE,
            duree_minutes=alea.choice([10, 15, 20, 30, 45]),
            auteur=intervenant,
            adhesion=True,
        )
        Adhesion.objects.create(situation=situation, date_recueil=jour, recueillie_par=intervenant)


# The register of requisitions (issue 17, item 5): mostly refused, for the framework's reasons.
REQUISITIONS = [
    (
        "opj_police",
        "Capitaine Le Goff, BPF de Saint-Nazaire",
        True,
        "refusee",
        "secret_professionnel",
    ),
    ("opj_gendarmerie", "Adjudant-chef Morvan, BR de Savenay", False, "refusee", "sans_ecrit"),
    ("opj_police", "Lieutenant Guillou, SLPJ", True, "partielle", "hors_mission"),
    ("parquet", "Parquet de Saint-Nazaire, section mineurs", True, "donnee", ""),
    (
        "apj",
        "Brigadier Tanguy, accueil du commissariat",
        False,
        "refusee",
        "requerant_sans_qualite",
    ),
]


def _requisitions(contexte, aujourd_hui):
    poste = contexte.postes["estuaire"]
    if Requisition.objects.filter(poste=poste).exists():
        return
    intervenant = contexte.comptes["intervenante"]
    for i, (qualite, requerant, ecrite, reponse, motif) in enumerate(REQUISITIONS):
        jour = aujourd_hui - datetime.timedelta(days=20 + 45 * i)
        Requisition.objects.create(
            poste=poste,
            date=jour,
            qualite_requerant=qualite,
            requerant=requerant,
            cadre="cpp_77_1_1" if ecrite else "non_precise",
            ecrite=ecrite,
            reference=f"PV {jour.year}/{1200 + 37 * i:05d}" if ecrite else "",
            objet="Comptes rendus des entretiens et coordonnées de la personne.",
            reponse=reponse,
            date_reponse=jour + datetime.timedelta(days=2),
            motif_refus=motif,
            transmis="Dates des rendez-vous honorés." if reponse != "refusee" else "",
            auteur=intervenant,
        )
