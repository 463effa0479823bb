"""Demo reports: last year's annual report transmitted to the CLSPD of Saint-Nazaire, a
validated quarterly report, and drafts in progress.

Works with whatever accueil records exist (none, or the accueil demo's). Idempotent:
each report is looked up by its natural key first.
"""

import logging

from django.utils import timezone

from rapports import services
from rapports.models import BilanAnnuel, CompteRendu
from rapports.statistiques import Perimetre

logger = logging.getLogger(__name__)

TEXTES_BILAN = {
    "texte_saisines": (
        "Les saisines viennent d'abord des policiers de l'accueil et des patrouilles, puis "
        "de l'exploitation quotidienne des mains courantes. Les partenaires extérieurs "
        "(service social départemental, Éducation nationale) adressent une part croissante "
        "des situations."
    ),
    "texte_situations": (
        "Les violences conjugales restent majoritaires ; les conflits familiaux et les "
        "situations de détresse sociale suivent. Une part notable concerne des enfants "
        "exposés aux violences."
    ),
    "texte_suites": (
        "La plupart des situations donnent lieu à un ou deux entretiens puis à une "
        "orientation vers une association d'aide aux victimes ou le service social ; les "
        "mises à l'abri sont organisées avec le 115."
    ),
    "texte_impact": (
        "Les relais sont plus rapides depuis la convention avec l'association d'aide aux "
        "victimes ; les dépôts de plainte accompagnés progressent."
    ),
    "texte_difficultes": (
        "Le bureau partagé à la brigade complique la confidentialité des entretiens ; "
        "l'hébergement d'urgence reste saturé l'hiver."
    ),
    "texte_partenariats": (
        "Réunions trimestrielles avec le service social départemental et la CRIP ; "
        "participation au comité VIF."
    ),
    "texte_perspectives": "Permanence mensuelle à la brigade de Pontchâteau.",
}


def _valider(auteur, rapport, transmettre: bool = False):
    try:
        rapport = services.valider_rapport(auteur=auteur, rapport=rapport)
        if transmettre:
            services.transmettre_rapport(auteur=auteur, rapport=rapport)
    except services.TexteNominatif:
        # A demo name happened to match a word of the text: the report stays a draft.
        logger.warning("Rapport de démonstration laissé en brouillon : %s", rapport)


EVALUATION_BILAN = (
    "L'intervenante est devenue un relais identifié des équipes de jour comme de nuit : les "
    "saisines arrivent plus tôt et mieux motivées. Sa présence aux réunions de service a "
    "fait évoluer l'accueil des victimes de violences intrafamiliales. À poursuivre : la "
    "formation des nouveaux arrivants et un bureau mieux isolé pour les entretiens."
)


def peupler(contexte) -> None:
    annee = timezone.localdate().year
    site = contexte.sites["saint-nazaire"]
    poste = contexte.postes["estuaire"]
    chef = contexte.comptes["chef"]
    coordinateur = contexte.comptes["coordinateur"]
    intervenante = contexte.comptes["intervenante"]

    # Last year's annual report of the site, with the chief's assessment, transmitted to
    # the CLSPD and the CDP: both readers download it, the employer too.
    if not BilanAnnuel.objects.filter(site=site, annee=annee - 1).exists():
        bilan = services.creer_bilan(
            auteur=coordinateur, perimetre=Perimetre("site", site), annee=annee - 1
        )
        bilan = services.modifier_textes(
            auteur=coordinateur,
            rapport=bilan,
            version=bilan.version,
            textes={**TEXTES_BILAN, "pour_cdp": True},
        )
        try:
            services.ecrire_evaluation(
                auteur=chef, bilan=bilan, version=bilan.version, texte=EVALUATION_BILAN
            )
        except services.TexteNominatif:
            logger.warning("Évaluation de démonstration non écrite : %s", bilan)
        _valider(coordinateur, bilan, transmettre=True)

    # The last complete quarter, validated by the worker (not yet transmitted).
    trimestre_courant = (timezone.localdate().month - 1) // 3 + 1
    a, t = (annee, trimestre_courant - 1) if trimestre_courant > 1 else (annee - 1, 4)
    if not CompteRendu.objects.filter(poste=poste, annee=a, trimestre=t).exists():
        compte_rendu = services.creer_compte_rendu(
            auteur=intervenante, poste=poste, annee=a, trimestre=t
        )
        services.modifier_textes(
            auteur=intervenante,
            rapport=compte_rendu,
            version=compte_rendu.version,
            textes={k: TEXTES_BILAN[k] for k in ("texte_saisines", "texte_situations")},
        )
        _valider(intervenante, compte_rendu)

    # Drafts in progress: this quarter's report, the département's and the site's
    # annual reports for this year.
    if not CompteRendu.objects.filter(poste=poste, annee=annee, trimestre=trimestre_courant):
        services.creer_compte_rendu(
            auteur=intervenante, poste=poste, annee=annee, trimestre=trimestre_courant
        )
    departement = contexte.departement
    if not BilanAnnuel.objects.filter(
        departement=departement, site__isnull=True, annee=annee - 1
    ).exists():
        services.creer_bilan(
            auteur=coordinateur, perimetre=Perimetre("departement", departement), annee=annee - 1
        )
    if not BilanAnnuel.objects.filter(site=site, annee=annee).exists():
        bilan = services.creer_bilan(auteur=chef, perimetre=Perimetre("site", site), annee=annee)
        services.modifier_textes(
            auteur=chef,
            rapport=bilan,
            version=bilan.version,
            textes={"texte_saisines": "À compléter avec l'intervenante en décembre."},
        )
