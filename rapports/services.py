"""Writes on reports: drafts, validation (snapshot + PDF, once), transmission, exports.

Every write is keyword-only, in a transaction and journaled. A validated or transmitted
report is frozen: every function here refuses to change it.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intervenants.models import ActionJournal, Poste
from intervenants.services import journaliser
from intervenants.versions import enregistrer_version
from rapports.exporteurs import Export, ExporteurPDFRapport
from rapports.garde import Occurrence, verifier_textes
from rapports.models import LIBELLE_EVALUATION, BilanAnnuel, CompteRendu, EtatRapport, Rapport
from rapports.publication import publier
from rapports.statistiques import Perimetre, calculer


class RapportFige(ValidationError):
    """The report is no longer a draft."""

    def __init__(self):
        super().__init__("Ce rapport est validé : il ne peut plus être modifié.")


class TexteNominatif(ValidationError):
    """The qualitative text names someone known to the scope's posts."""

    def __init__(self, occurrences: list[Occurrence]):
        self.occurrences = occurrences
        super().__init__(
            "Le texte contient des données nominatives (nom, prénom ou téléphone d'une "
            "personne suivie). Reformulez les passages signalés avant de valider."
        )


# --- What a report holds ----------------------------------------------------------------
# What differs between the two kinds (scope, period, threshold, heading, file name) is
# answered by the report itself (rapports/models.py).


def chiffres_du_rapport(rapport: Rapport, *, a_jour: bool = False) -> dict:
    """The protected figures: frozen ones once validated; for a draft, those of the last
    computation of the secret (``a_jour``: protected again on today's counts, as the
    validation does)."""
    if not rapport.est_brouillon and rapport.instantane:
        return rapport.instantane["statistiques"]
    periode, comparaison = rapport.periodes()
    stats = calculer(rapport.perimetre(), periode, comparaison)
    return publier(stats, rapport.seuil, a_jour=a_jour)


def construire_instantane(rapport: Rapport, *, valide_le) -> dict:
    titre, sous_titre, destinataire = rapport.entete()
    return {
        "version": 1,
        "type": rapport.genre,
        "titre": titre,
        "sous_titre": sous_titre,
        "destinataire": destinataire,
        "valide_le": timezone.localtime(valide_le).strftime("%d/%m/%Y"),
        "statistiques": chiffres_du_rapport(rapport, a_jour=True),
        "textes": [{"titre": libelle, "texte": texte} for _, libelle, texte in rapport.textes()],
        # The functional authority's section (site reports only); absent from snapshots
        # frozen before it existed.
        "evaluation": rapport.evaluation() if isinstance(rapport, BilanAnnuel) else None,
    }


# --- Drafts -----------------------------------------------------------------------------


@transaction.atomic
def creer_compte_rendu(*, auteur, poste: Poste, annee: int, trimestre: int) -> CompteRendu:
    if CompteRendu.objects.filter(poste=poste, annee=annee, trimestre=trimestre).exists():
        raise ValidationError(
            {"trimestre": "Un compte rendu existe déjà pour ce poste et ce trimestre."}
        )
    compte_rendu = CompteRendu.objects.create(
        poste=poste, annee=annee, trimestre=trimestre, redige_par=auteur
    )
    journaliser(utilisateur=auteur, action=ActionJournal.CREATION, objet=compte_rendu, poste=poste)
    return compte_rendu


@transaction.atomic
def creer_bilan(*, auteur, perimetre: Perimetre, annee: int) -> BilanAnnuel:
    site = perimetre.objet if perimetre.nature == "site" else None
    departement = site.departement if site else perimetre.objet
    if BilanAnnuel.objects.filter(site=site, departement=departement, annee=annee).exists():
        raise ValidationError({"annee": "Un bilan existe déjà pour ce périmètre et cette année."})
    # Presented to the commune's CLSPD (a site) or to the CDP (the département) unless the
    # draft says otherwise (docs/rapports.md, « Destinataires du bilan »).
    bilan = BilanAnnuel.objects.create(
        site=site,
        departement=departement,
        annee=annee,
        redige_par=auteur,
        pour_clspd=site is not None,
        pour_cdp=site is None,
    )
    journaliser(utilisateur=auteur, action=ActionJournal.CREATION, objet=bilan)
    return bilan


def _verrouiller(rapport: Rapport) -> Rapport:
    return type(rapport).objects.select_for_update().get(pk=rapport.pk)


@transaction.atomic
def modifier_textes(*, auteur, rapport: Rapport, version: int, textes: dict[str, str]) -> Rapport:
    """Save a draft's texts, only over the ``version`` the author opened."""
    rapport = _verrouiller(rapport)
    if not rapport.est_brouillon:
        raise RapportFige()
    champs = {champ: textes[champ] for champ in rapport.champs_du_brouillon() if champ in textes}
    if isinstance(rapport, BilanAnnuel):
        _verifier_destinataires(rapport, champs)
    enregistrer_version(rapport, version, champs)
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.MODIFICATION,
        objet=rapport,
        poste=rapport.poste_du_journal,
    )
    return rapport


def _verifier_destinataires(bilan: BilanAnnuel, champs: dict) -> None:
    pour_clspd = champs.get("pour_clspd", bilan.pour_clspd) and bilan.site_id is not None
    pour_cdp = champs.get("pour_cdp", bilan.pour_cdp)
    if not (pour_clspd or pour_cdp):
        raise ValidationError(
            {
                "pour_clspd" if bilan.site_id else "pour_cdp": (
                    "Choisissez au moins un destinataire : le CLSPD de la commune, "
                    "le conseil départemental de prévention, ou les deux."
                )
            }
        )
    if bilan.site_id is None:
        champs.pop("pour_clspd", None)
        champs["pour_cdp"] = True


def verifier_rapport(rapport: Rapport) -> list[Occurrence]:
    """The guard: passages of the texts naming someone known to the scope's posts."""
    return verifier_textes(rapport.textes_gardes(), rapport.perimetre().postes())


@transaction.atomic
def ecrire_evaluation(*, auteur, bilan: BilanAnnuel, version: int, texte: str) -> BilanAnnuel:
    """The functional authority's assessment of a site's draft report, only over the
    ``version`` it opened; the guard reads it at once (and again at validation)."""
    bilan = _verrouiller(bilan)
    if not bilan.est_brouillon:
        raise RapportFige()
    if not bilan.a_une_evaluation:
        raise ValidationError("Seul le bilan d'un site porte l'évaluation de son autorité.")
    texte = texte.strip()
    if texte == bilan.evaluation_autorite.strip():
        # Submitted unchanged: nothing to record, not even who wrote it.
        return bilan
    occurrences = verifier_textes([(LIBELLE_EVALUATION, texte)], bilan.perimetre().postes())
    if occurrences:
        raise TexteNominatif(occurrences)
    enregistrer_version(
        bilan,
        version,
        {
            "evaluation_autorite": texte,
            "evaluation_par": auteur if texte else None,
            "evaluation_le": timezone.now() if texte else None,
        },
    )
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.MODIFICATION,
        objet=bilan,
        details={"section": "evaluation_autorite", "vide": not texte},
    )
    return bilan


# --- Workflow -----------------------------------------------------------------------------


@transaction.atomic
def valider_rapport(*, auteur, rapport: Rapport) -> Rapport:
    """Freeze the figures and texts and render the PDF, once."""
    rapport = _verrouiller(rapport)
    if not rapport.est_brouillon:
        raise RapportFige()
    occurrences = verifier_rapport(rapport)
    if occurrences:
        raise TexteNominatif(occurrences)
    maintenant = timezone.now()
    rapport.instantane = construire_instantane(rapport, valide_le=maintenant)
    _, _, pdf = ExporteurPDFRapport(rapport.instantane, rapport.nom_fichier).exporter()
    rapport.pdf = pdf
    rapport.empreinte_pdf = hashlib.sha256(pdf).hexdigest()
    rapport.etat = EtatRapport.VALIDE
    rapport.valide_par = auteur
    rapport.valide_le = maintenant
    rapport.save()
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.MODIFICATION,
        objet=rapport,
        poste=rapport.poste_du_journal,
        details={"etat": EtatRapport.VALIDE, "empreinte": rapport.empreinte_pdf},
    )
    return rapport


@transaction.atomic
def transmettre_rapport(*, auteur, rapport: Rapport) -> Rapport:
    rapport = _verrouiller(rapport)
    if rapport.etat != EtatRapport.VALIDE:
        raise ValidationError("Seul un rapport validé, et pas encore transmis, peut être transmis.")
    rapport.etat = EtatRapport.TRANSMIS
    rapport.transmis_par = auteur
    rapport.transmis_le = timezone.now()
    rapport.save(update_fields=["etat", "transmis_par", "transmis_le", "updated_at"])
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.TRANSMISSION,
        objet=rapport,
        poste=rapport.poste_du_journal,
        details={"empreinte": rapport.empreinte_pdf},
    )
    return rapport


# --- Downloads ----------------------------------------------------------------------------


@transaction.atomic
def telecharger_pdf(*, utilisateur, rapport: Rapport) -> Export:
    """The PDF rendered at validation, byte for byte; journaled as an export."""
    pdf = type(rapport).objects.filter(pk=rapport.pk).values_list("pdf", flat=True).first()
    if pdf is None:
        raise ValidationError("Le PDF n'existe qu'une fois le rapport validé.")
    journaliser(
        utilisateur=utilisateur,
        action=ActionJournal.EXPORT,
        objet=rapport,
        poste=rapport.poste_du_journal,
        details={"format": "pdf", "empreinte": rapport.empreinte_pdf},
    )
    return rapport.nom_fichier, "application/pdf", bytes(pdf)


@transaction.atomic
def exporter(*, utilisateur, exporteur, details: dict) -> Export:
    """Run an exporter (CSV...) and journal the export."""
    resultat = exporteur.exporter()
    journaliser(
        utilisateur=utilisateur,
        action=ActionJournal.EXPORT,
        details={**details, "fichier": resultat[0]},
    )
    return resultat
