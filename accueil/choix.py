"""Choice lists of the confidential side, from DOMAIN.md (labels marked "to confirm" there)."""

from django.db import models


class TypePartenaire(models.TextChoices):
    SERVICE_DEPARTEMENTAL = "service_departemental", "service social départemental / MDS"
    ASE = "ase", "aide sociale à l'enfance (ASE)"
    PMI = "pmi", "protection maternelle et infantile (PMI)"
    CRIP = "crip", "cellule de recueil des informations préoccupantes (CRIP)"
    AIDE_VICTIMES = "aide_victimes", "association d'aide aux victimes (France Victimes)"
    CIDFF = "cidff", "CIDFF"
    VIOLENCES_FEMMES = "violences_femmes", "association spécialisée violences faites aux femmes"
    LIGNE_3919 = "3919", "3919"
    SIAO_115 = "115_siao", "115 / SIAO"
    BAILLEUR = "bailleur", "bailleur / ADIL"
    PSYCHIATRIE = "psychiatrie", "CMP / psychiatrie"
    MEDECIN_HOPITAL = "medecin_hopital", "médecin / hôpital"
    UMJ = "umj", "unité médico-judiciaire (UMJ)"
    CSAPA = "csapa", "CSAPA"
    AVOCAT = "avocat", "avocat / aide juridictionnelle"
    POINT_JUSTICE = "point_justice", "point-justice / maison de la justice et du droit"
    PSYCHOLOGUE_FORCES = "psychologue_forces", "psychologue en commissariat ou gendarmerie"
    PRISE_EN_CHARGE_AUTEURS = "auteurs", "centre de prise en charge des auteurs"
    CAF_CPAM_FT = "caf_cpam_ft", "CAF / CPAM / France Travail"
    MISSION_LOCALE = "mission_locale", "mission locale"
    PJJ = "pjj", "protection judiciaire de la jeunesse (PJJ)"
    EDUCATION_NATIONALE = "education_nationale", "Éducation nationale"
    PREFECTURE = "prefecture", "préfecture (titre de séjour)"
    FORCES_ORDRE = "forces_ordre", "retour vers les forces de l'ordre (dépôt de plainte)"
    AUTRE = "autre", "autre"


class OrigineSaisine(models.TextChoices):
    MAIN_COURANTE = "main_courante", "exploitation des mains courantes (auto-saisine)"
    POLICIER_ACCUEIL = "policier_accueil", "policier ou gendarme — accueil"
    POLICIER_INTERVENTION = (
        "policier_intervention",
        "policier ou gendarme — patrouille / intervention",
    )
    ENQUETEUR = "enqueteur", "enquêteur / OPJ"
    BRIGADE_FAMILLES = "brigade_familles", "brigade de protection des familles"
    OFFICIER_PREVENTION = "officier_prevention", "officier « prévention partenariat »"
    COMMANDANT_UNITE = "commandant_unite", "commandant d'unité territoriale de gendarmerie"
    SYNTHESE = "synthese", "synthèse d'intervention"
    PSYCHOLOGUE = "psychologue", "psychologue en commissariat ou gendarmerie"
    EDUCATION_NATIONALE = "education_nationale", "Éducation nationale"
    SERVICE_SOCIAL = "service_social", "service social départemental"
    CCAS = "ccas", "CCAS / CIAS"
    MJD = "mjd", "maison de la justice et du droit"
    POLICE_MUNICIPALE = "police_municipale", "police municipale"
    AIDE_VICTIMES = "aide_victimes", "association d'aide aux victimes / CIDFF"
    JUSTICE = "justice", "justice (parquet, SPIP, JAF)"
    SANTE = "sante", "santé (urgences, UMJ)"
    BAILLEUR = "bailleur", "bailleur"
    MAIRIE = "mairie", "mairie / CLSPD"
    SPONTANEE = "spontanee", "démarche spontanée de la personne"
    ENTOURAGE = "entourage", "entourage ou tiers"
    AUTRE = "autre", "autre"


ORIGINES_FORCES = {
    OrigineSaisine.POLICIER_ACCUEIL,
    OrigineSaisine.POLICIER_INTERVENTION,
    OrigineSaisine.ENQUETEUR,
    OrigineSaisine.BRIGADE_FAMILLES,
    OrigineSaisine.OFFICIER_PREVENTION,
    OrigineSaisine.COMMANDANT_UNITE,
}


class EtatSaisine(models.TextChoices):
    RECUE = "recue", "reçue"
    PRISE_EN_CHARGE = "prise_en_charge", "prise en charge"
    SANS_SUITE = "sans_suite", "sans suite"


class MotifSansSuite(models.TextChoices):
    # First letters differ: on the keyboard, one letter picks the reason (relevé screen).
    PAS_DE_DIMENSION_SOCIALE = "pas_de_dimension_sociale", "pas de dimension sociale"
    DEJA_SUIVIE = "deja_suivie", "déjà suivie par un service ou par le poste"
    HORS_SECTEUR = "hors_secteur", "hors secteur"
    INJOIGNABLE = "injoignable", "injoignable (aucune coordonnée)"
    AUTRE = "autre", "autre (préciser)"


class StatutAffaire(models.TextChoices):
    VICTIME = "victime", "victime"
    VICTIME_INDIRECTE = "victime_indirecte", "victime indirecte (enfant exposé, proche)"
    MIS_EN_CAUSE = "mis_en_cause", "mis en cause"
    IMPLIQUE = "implique", "impliqué sans statut pénal"
    DETRESSE = "detresse", "personne en détresse hors infraction"
    TIERS = "tiers", "tiers ou signalant"


class Sexe(models.TextChoices):
    FEMME = "F", "femme"
    HOMME = "M", "homme"
    NON_RENSEIGNE = "NR", "non renseigné"


class TrancheAge(models.TextChoices):
    MOINS_6 = "0-5", "moins de 6 ans"
    DE_6_A_12 = "6-12", "6 à 12 ans"
    DE_13_A_17 = "13-17", "13 à 17 ans"
    DE_18_A_24 = "18-24", "18 à 24 ans"
    DE_25_A_39 = "25-39", "25 à 39 ans"
    DE_40_A_59 = "40-59", "40 à 59 ans"
    DE_60_A_74 = "60-74", "60 à 74 ans"
    PLUS_75 = "75+", "75 ans et plus"
    INCONNUE = "inconnue", "âge inconnu"


BORNES_TRANCHES = [
    (6, TrancheAge.MOINS_6),
    (13, TrancheAge.DE_6_A_12),
    (18, TrancheAge.DE_13_A_17),
    (25, TrancheAge.DE_18_A_24),
    (40, TrancheAge.DE_25_A_39),
    (60, TrancheAge.DE_40_A_59),
    (75, TrancheAge.DE_60_A_74),
]


def tranche_pour_age(age: int | None) -> str:
    if age is None:
        return TrancheAge.INCONNUE
    for borne, tranche in BORNES_TRANCHES:
        if age < borne:
            return tranche
    return TrancheAge.PLUS_75


def mineur_pour_tranche(tranche: str) -> bool | None:
    """Minor or not from an age band alone (an anonymous contact has no birth date)."""
    if tranche == TrancheAge.INCONNUE:
        return None
    return tranche in (TrancheAge.MOINS_6, TrancheAge.DE_6_A_12, TrancheAge.DE_13_A_17)


class OuiNonInconnu(models.TextChoices):
    OUI = "oui", "oui"
    NON = "non", "non"
    INCONNU = "inconnu", "inconnu"


class Problematique(models.TextChoices):
    VC_PHYSIQUES = "vc_physiques", "violences conjugales — physiques"
    VC_PSYCHOLOGIQUES = "vc_psychologiques", "violences conjugales — psychologiques"
    VC_SEXUELLES = "vc_sexuelles", "violences conjugales — sexuelles"
    VC_ECONOMIQUES = "vc_economiques", "violences conjugales — économiques / administratives"
    VC_CYBER = "vc_cyber", "violences conjugales — cyberviolences"
    VIF_HORS_COUPLE = "vif_hors_couple", "violences intrafamiliales hors couple"
    MINEUR_DANGER = "mineur_danger", "mineur en danger ou en risque"
    ENFANT_EXPOSE = "enfant_expose", "enfant exposé aux violences conjugales"
    CONFLIT_CONJUGAL = "conflit_conjugal", "conflit conjugal / séparation"
    CONFLIT_FAMILIAL = "conflit_familial", "conflit familial / difficultés éducatives"
    DROIT_VISITE = "droit_visite", "droit de visite / non-représentation d'enfant"
    FUGUE = "fugue", "fugue"
    DISPARITION = "disparition", "disparition inquiétante"
    VIOLENCES_SEXUELLES = "violences_sexuelles", "violences sexuelles hors famille"
    AUTRE_VICTIMATION = "autre_victimation", "autre victimation"
    VOISINAGE = "voisinage", "conflit de voisinage"
    DETRESSE = "detresse", "détresse sociale / précarité / isolement"
    LOGEMENT = "logement", "logement (expulsion, hébergement, sans-abrisme)"
    SANTE_MENTALE = "sante_mentale", "santé mentale / risque suicidaire"
    ADDICTIONS = "addictions", "addictions"
    PERSONNE_VULNERABLE = "personne_vulnerable", "personne âgée ou vulnérable"
    HANDICAP = "handicap", "handicap"
    ACCES_DROITS = "acces_droits", "accès aux droits / situation administrative"
    RADICALISATION = "radicalisation", "inquiétude de radicalisation"
    HARCELEMENT = "harcelement", "harcèlement"
    DEUIL = "deuil", "proches après un décès"
    AUTRE = "autre", "autre"


PROBLEMATIQUES_MINEURS = {Problematique.MINEUR_DANGER, Problematique.ENFANT_EXPOSE}


class ModeEntretien(models.TextChoices):
    PHYSIQUE = "physique", "entretien physique"
    TELEPHONIQUE = "telephonique", "entretien téléphonique"
    VISITE_DOMICILE = "visite_domicile", "visite à domicile"
    LIEU_TIERS = "lieu_tiers", "entretien en lieu tiers"
    SANS_REPONSE = "sans_reponse", "tentative de contact sans réponse"


class TypeActe(models.TextChoices):
    EVALUATION = "evaluation", "évaluation sociale"
    INFORMATION_DROITS = "information_droits", "information sur les droits"
    ORIENTATION = "orientation", "orientation"
    ACCOMPAGNEMENT = "accompagnement", "accompagnement physique (plainte, UMJ)"
    MISE_A_L_ABRI = "mise_a_l_abri", "recherche de mise à l'abri"
    AIDE_DEMARCHES = "aide_demarches", "aide aux démarches"
    ECOUTE = "ecoute", "écoute et soutien"
    MEDIATION = "mediation", "médiation (hors violences)"
    ECHANGE_PARTENAIRE = "echange_partenaire", "échange avec un partenaire"
    IP_CRIP = "ip_crip", "information préoccupante à la CRIP"
    SIGNALEMENT = "signalement", "signalement au procureur"
    NOTE_SOCIALE = "note_sociale", "note sociale"
    INSTANCE = "instance", "participation à une instance (CLSPD, comité VIF)"


class IssueOrientation(models.TextChoices):
    RELAIS_CONFIRME = "relais_confirme", "relais effectif confirmé"
    NON_VERIFIEE = "non_verifiee", "orientation non vérifiée"
    REFERENT_INFORME = "referent_informe", "référent existant informé"
    PLAINTE_DEPOSEE = "plainte_deposee", "plainte déposée"
    MISE_A_L_ABRI = "mise_a_l_abri", "mise à l'abri réalisée"
    IP_TRANSMISE = "ip_transmise", "IP transmise"
    SIGNALEMENT_TRANSMIS = "signalement_transmis", "signalement transmis"
    MESURE_PROTECTION = "mesure_protection", "mesure de protection demandée (OP, TGD)"
    REFUS = "refus", "refus de la personne"
    INJOIGNABLE = "injoignable", "injoignable"
    PAS_DE_SUITE = "pas_de_suite", "pas de suite nécessaire"
    HORS_SECTEUR = "hors_secteur", "hors secteur"
    AUTRE = "autre", "autre"


class NatureTransmission(models.TextChoices):
    INFORMATION_PREOCCUPANTE = "ip_crip", "information préoccupante à la CRIP"
    SIGNALEMENT_PROCUREUR = "signalement_procureur", "signalement au procureur"
    SECRET_PARTAGE = "secret_partage", "partage au titre du secret partagé"
    REQUISITION = "requisition", "réponse à réquisition"


class FondementJuridique(models.TextChoices):
    CP_226_14 = (
        "cp_226_14",
        "art. 226-14 1° du code pénal (sévices sur mineur ou personne vulnérable)",
    )
    CP_223_6 = "cp_223_6", "art. 223-6 du code pénal (personne en danger)"
    CASF_L226_2_1 = "casf_l226_2_1", "art. L226-2-1 du CASF (information préoccupante)"
    CASF_L226_2_2 = (
        "casf_l226_2_2",
        "art. L226-2-2 du CASF (secret partagé, protection de l'enfance)",
    )
    CASF_L121_6_2 = "casf_l121_6_2", "art. L121-6-2 du CASF (secret partagé, action sociale)"
    CPP_60_1 = "cpp_60_1", "art. 60-1 du code de procédure pénale (réquisition, flagrance)"
    CPP_77_1_1 = "cpp_77_1_1", "art. 77-1-1 du code de procédure pénale (réquisition, préliminaire)"
    CPP_40 = "cpp_40", "art. 40 du code de procédure pénale (avis au procureur)"


class Urgence(models.TextChoices):
    # Declared order is the inbox order: the most urgent first.
    DANGER_IMMEDIAT = "danger_immediat", "danger immédiat"
    AUJOURD_HUI = "aujourd_hui", "à traiter aujourd'hui"
    ORDINAIRE = "ordinaire", "ordinaire"


class LieuRendezVous(models.TextChoices):
    COMMISSARIAT = "commissariat", "au commissariat"
    BRIGADE = "brigade", "à la brigade"
    DOMICILE = "domicile", "au domicile"
    TELEPHONE = "telephone", "par téléphone"
    PARTENAIRE = "partenaire", "chez un partenaire"


# The interview mode an honoured appointment becomes, from its place.
MODE_PAR_LIEU = {
    LieuRendezVous.COMMISSARIAT: ModeEntretien.PHYSIQUE,
    LieuRendezVous.BRIGADE: ModeEntretien.PHYSIQUE,
    LieuRendezVous.DOMICILE: ModeEntretien.VISITE_DOMICILE,
    LieuRendezVous.TELEPHONE: ModeEntretien.TELEPHONIQUE,
    LieuRendezVous.PARTENAIRE: ModeEntretien.LIEU_TIERS,
}


class EtatRendezVous(models.TextChoices):
    PREVU = "prevu", "prévu"
    HONORE = "honore", "honoré"
    MANQUE = "manque", "manqué"
    ANNULE = "annule", "annulé"


# --- Transmissions: the legal basis that fits each nature (issue 17, item 4) -------------

# The first basis of each list is the one proposed; the others are accepted. A nature and
# a basis outside its list are refused together (a requisition is no 226-14 report, an IP
# is no report to the procureur).
FONDEMENTS_PAR_NATURE = {
    NatureTransmission.INFORMATION_PREOCCUPANTE: (
        FondementJuridique.CASF_L226_2_1,
        FondementJuridique.CASF_L226_2_2,
    ),
    NatureTransmission.SIGNALEMENT_PROCUREUR: (
        FondementJuridique.CP_226_14,
        FondementJuridique.CP_223_6,
        FondementJuridique.CPP_40,
    ),
    NatureTransmission.SECRET_PARTAGE: (
        FondementJuridique.CASF_L121_6_2,
        FondementJuridique.CASF_L226_2_2,
    ),
    NatureTransmission.REQUISITION: (
        FondementJuridique.CPP_60_1,
        FondementJuridique.CPP_77_1_1,
    ),
}


def fondement_propose(nature: str) -> str:
    """The legal basis proposed for a nature of transmission ("" for an unknown nature)."""
    fondements = FONDEMENTS_PAR_NATURE.get(nature)
    return fondements[0].value if fondements else ""


# --- Registre des réquisitions (issue 17, item 5) ------------------------------------------


class QualiteRequerant(models.TextChoices):
    OPJ_POLICE = "opj_police", "officier de police judiciaire (police nationale)"
    OPJ_GENDARMERIE = "opj_gendarmerie", "officier de police judiciaire (gendarmerie)"
    APJ = "apj", "agent de police judiciaire (sous le contrôle d'un OPJ)"
    PARQUET = "parquet", "procureur de la République / parquet"
    JUGE_INSTRUCTION = "juge_instruction", "juge d'instruction"
    AUTRE = "autre", "autre"


class CadreRequisition(models.TextChoices):
    FLAGRANCE = "cpp_60_1", "enquête de flagrance (art. 60-1 du code de procédure pénale)"
    PRELIMINAIRE = (
        "cpp_77_1_1",
        "enquête préliminaire (art. 77-1-1 du code de procédure pénale)",
    )
    INSTRUCTION = "cpp_99_3", "information judiciaire (art. 99-3 du code de procédure pénale)"
    NON_PRECISE = "non_precise", "non précisé par le demandeur"


class ReponseRequisition(models.TextChoices):
    DONNEE = "donnee", "réponse donnée"
    PARTIELLE = "partielle", "réponse partielle"
    REFUSEE = "refusee", "refus de répondre"


class MotifRefusRequisition(models.TextChoices):
    SECRET_PROFESSIONNEL = "secret_professionnel", "secret professionnel"
    HORS_MISSION = "hors_mission", "hors mission : pas de participation à l'enquête"
    SANS_ECRIT = "sans_ecrit", "absence de réquisition écrite"
    REQUERANT_SANS_QUALITE = "requerant_sans_qualite", "demandeur sans qualité pour requérir"
    NON_DETENU = "non_detenu", "information non détenue par le poste"
    AUTRE = "autre", "autre (préciser)"


# Shown beside the field, to help choose (framework III.7, DOMAIN.md « Law »).
EXPLICATIONS_MOTIFS_REFUS = {
    MotifRefusRequisition.SECRET_PROFESSIONNEL: (
        "Ce que la personne a confié est couvert par le secret professionnel (art. 226-13 du "
        "code pénal) et aucune des exceptions de la loi (226-14, 223-6) ne s'applique : "
        "l'intervenant·e peut opposer le secret à la réquisition."
    ),
    MotifRefusRequisition.HORS_MISSION: (
        "La demande revient à prendre part à l'enquête (audition de la personne, "
        "recherche d'éléments, avis sur sa crédibilité) : le cadre de référence de 2006 "
        "(III.7) exclut toute participation aux investigations."
    ),
    MotifRefusRequisition.SANS_ECRIT: (
        "La demande est orale ou informelle : une réquisition est un acte de procédure "
        "écrit, signé, qui vise son article (60-1, 77-1-1, 99-3 du code de procédure "
        "pénale). Demander l'écrit avant toute réponse."
    ),
    MotifRefusRequisition.REQUERANT_SANS_QUALITE: (
        "Seuls un officier de police judiciaire, le procureur ou le juge d'instruction "
        "(ou un agent sous le contrôle d'un OPJ) peuvent requérir."
    ),
    MotifRefusRequisition.NON_DETENU: (
        "Le poste ne détient pas l'information demandée (personne inconnue, document "
        "jamais reçu) : le dire, sans rien ajouter."
    ),
    MotifRefusRequisition.AUTRE: "Préciser le motif en quelques mots, sans élément du dossier.",
}
