"""Generated letters (issue 17, item 3): from a transmission, the information préoccupante
to the CRIP and the signalement to the procureur; from a file, the attestation of follow-up.

Rendered by the shared PDF renderer (``intervenants.exports.rendre_pdf``), kept as an
encrypted attachment (accueil/pieces.py) of the transmission or of the situation, journaled.
The facts are the transmission's summary, as the worker wrote it: nothing is added.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accueil.choix import FondementJuridique, NatureTransmission
from accueil.models import FormatPiece, OriginePiece, PieceJointe, Situation, Transmission
from accueil.pieces import enregistrer_piece
from intervenants.exports import rendre_pdf


@dataclass(frozen=True)
class ModeleDeCourrier:
    origine: str
    titre: str
    gabarit: str


COURRIERS = {
    NatureTransmission.INFORMATION_PREOCCUPANTE: ModeleDeCourrier(
        origine=OriginePiece.COURRIER_IP,
        titre="Information préoccupante à la CRIP",
        gabarit="accueil/pieces/courrier_ip_pdf.html",
    ),
    NatureTransmission.SIGNALEMENT_PROCUREUR: ModeleDeCourrier(
        origine=OriginePiece.COURRIER_SIGNALEMENT,
        titre="Signalement au procureur de la République",
        gabarit="accueil/pieces/courrier_signalement_pdf.html",
    ),
}
ATTESTATION = ModeleDeCourrier(
    origine=OriginePiece.ATTESTATION,
    titre="Attestation de suivi",
    gabarit="accueil/pieces/attestation_pdf.html",
)


def modele_pour(transmission: Transmission) -> ModeleDeCourrier | None:
    return COURRIERS.get(transmission.nature)


def _signataire(auteur) -> str:
    return auteur.get_full_name() or auteur.get_username()


def _contexte_commun(auteur, situation: Situation) -> dict:
    personne = situation.personne
    if personne.anonymisee_le:
        raise ValidationError(
            "Les données de cette personne sont effacées : aucun courrier ne peut être établi."
        )
    if personne.anonyme:
        raise ValidationError(
            "La personne n'a pas donné son identité : identifiez-la d'abord "
            "(« Identifier la personne »)."
        )
    aujourd_hui = timezone.localdate()
    return {
        "situation": situation,
        "personne": personne,
        "mineure": personne.est_mineure_le(aujourd_hui),
        "poste": situation.poste,
        "signataire": _signataire(auteur),
        "edite_le": aujourd_hui,
    }


def _enregistrer(auteur, situation, modele: ModeleDeCourrier, contexte: dict, **extra):
    contenu = rendre_pdf(modele.gabarit, contexte)
    titre = f"{modele.titre} du {contexte['edite_le']:%d/%m/%Y}"
    return enregistrer_piece(
        auteur=auteur,
        situation=situation,
        contenu=contenu,
        format=FormatPiece.PDF,
        titre=titre,
        origine=modele.origine,
        **extra,
    )


@transaction.atomic
def generer_courrier(*, auteur, transmission: Transmission) -> PieceJointe:
    """The letter of an information préoccupante or a signalement, kept with its transmission."""
    modele = modele_pour(transmission)
    if modele is None:
        raise ValidationError(
            "Aucun courrier n'est prévu pour cette transmission : seules l'information "
            "préoccupante et le signalement au procureur en ont un."
        )
    situation = transmission.situation
    contexte = _contexte_commun(auteur, situation) | {
        "transmission": transmission,
        "titre": modele.titre,
        "avis_au_procureur": transmission.fondement == FondementJuridique.CPP_40,
    }
    return _enregistrer(auteur, situation, modele, contexte, transmission=transmission)


@transaction.atomic
def generer_attestation(*, auteur, situation: Situation) -> PieceJointe:
    """An attestation that the person is (or was) followed: dates only, never the reasons."""
    contexte = _contexte_commun(auteur, situation) | {
        "titre": ATTESTATION.titre,
        "attestation": True,
    }
    return _enregistrer(auteur, situation, ATTESTATION, contexte)
