"""Retention purge and erasure on request (GDPR): one anonymisation for both.

What identifies the person or tells their story goes — identity, contact details, declared
identity, motive and logbook reference of the referrals, interview notes, transmission
summaries, the motives of appointments and call-backs, the handover notes (deleted whole),
and the attachments (rows and their
encrypted content: deleted, they are not counted anywhere). What statistics read stays — dates,
types, origins, modes, the residue copied on the situation (sexe, tranche_age, mineur), and
every row, so that counts do not move.

The unit is the person: a person is purged only when all of their situations are closed
and their last contact is older than the retention period.
"""

import calendar
import datetime
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from accueil.choix import EtatSaisine
from accueil.models import (
    Entretien,
    NotePassation,
    Personne,
    PieceJointe,
    Rappel,
    RendezVous,
    Requisition,
    Saisine,
    Situation,
    Transmission,
)
from intervenants.models import ActionJournal, Poste
from intervenants.services import journaliser

# The database requires a reason when the person was not informed of a transmission
# (constraint transmission_information_ou_motif): the reason is replaced, not emptied.
MOTIF_EFFACE = "[effacé]"


@dataclass(frozen=True)
class Bilan:
    """What an anonymisation erased (or would erase): counts only, never content."""

    personnes: int = 0
    situations: int = 0
    saisines: int = 0
    entretiens: int = 0
    transmissions: int = 0
    rendez_vous: int = 0
    rappels: int = 0
    notes_passation: int = 0

    pieces: int = 0

    requisitions: int = 0

    def en_dict(self) -> dict[str, int]:
        return asdict(self)


def il_y_a_mois(jour: datetime.date, mois: int) -> datetime.date:
    """The same day ``mois`` months earlier, clamped to the end of a shorter month."""
    total = jour.year * 12 + jour.month - 1 - mois
    annee, mois_0 = divmod(total, 12)
    return jour.replace(
        year=annee,
        month=mois_0 + 1,
        day=min(jour.day, calendar.monthrange(annee, mois_0 + 1)[1]),
    )


def _non_purgeable(limite: datetime.date) -> Q:
    return Q(date_cloture__isnull=True) | Q(derniere_activite__gte=limite)


def personnes_a_purger(*, limite: datetime.date) -> QuerySet[Personne]:
    """People not yet anonymised whose every situation is closed with its last contact
    before ``limite`` (a person recorded without any situation: created before it)."""
    situations = Situation.objects.filter(personne=OuterRef("pk"))
    return Personne.objects.filter(anonymisee_le__isnull=True).filter(
        (Exists(situations) & ~Exists(situations.filter(_non_purgeable(limite))))
        | (~Exists(situations) & Q(created_at__date__lt=limite))
    )


def saisines_sans_situation_a_purger(*, limite: datetime.date) -> QuerySet[Saisine]:
    """Referrals never attached to a situation and settled (not waiting in the inbox)
    before ``limite``: they carry a declared identity too."""
    return (
        Saisine.objects.filter(situation__isnull=True, date_etat__lt=limite)
        .exclude(etat=EtatSaisine.RECUE)
        .exclude(
            motif="",
            nom_declare="",
            prenom_declare="",
            telephone_declare="",
            reference_main_courante="",
            precision_sans_suite="",
        )
    )


# The free text of a requisition: what was asked and given, the procedure's reference.
TEXTES_REQUISITION = {"objet": "", "transmis": "", "reference": "", "precision_motif": ""}


def requisitions_sans_situation_a_purger(*, limite: datetime.date) -> QuerySet[Requisition]:
    """Requisitions of the register tied to no situation (issue 17: the worker may record
    one before or without a file) and answered before ``limite``: what was asked may name
    the person, and no situation's purge would ever reach them."""
    return Requisition.objects.filter(situation__isnull=True, date_reponse__lt=limite).exclude(
        **TEXTES_REQUISITION
    )


def _cibles(
    personne_ids: list[int], saisine_ids: list[int] = (), requisition_ids: list[int] = ()
) -> dict[str, QuerySet]:
    situations = Situation.objects.filter(personne_id__in=personne_ids)
    return {
        "personnes": Personne.objects.filter(pk__in=personne_ids),
        "situations": situations,
        "saisines": Saisine.objects.filter(Q(situation__in=situations) | Q(pk__in=saisine_ids)),
        "entretiens": Entretien.objects.filter(situation__in=situations).exclude(notes=""),
        "transmissions": Transmission.objects.filter(situation__in=situations),
        "rendez_vous": RendezVous.objects.filter(situation__in=situations).exclude(motif=""),
        "rappels": Rappel.objects.filter(situation__in=situations).exclude(motif=""),
        "notes_passation": NotePassation.objects.filter(situation__in=situations),
        "pieces": PieceJointe.objects.filter(situation__in=situations),
        # The register of requisitions (issue 17): what was asked and given, the procedure.
        "requisitions": Requisition.objects.filter(
            Q(situation__in=situations) | Q(pk__in=requisition_ids)
        ).exclude(**TEXTES_REQUISITION),
    }


def _compter(cibles: dict[str, QuerySet]) -> Bilan:
    return Bilan(**{nom: qs.count() for nom, qs in cibles.items()})


def _anonymiser(cibles: dict[str, QuerySet]) -> Bilan:
    maintenant = timezone.now()
    return Bilan(
        saisines=cibles["saisines"].update(
            motif="",
            nom_declare="",
            prenom_declare="",
            annee_naissance_declaree=None,
            telephone_declare="",
            # The logbook reference leads to the police record, names included.
            reference_main_courante="",
            precision_sans_suite="",
        ),
        entretiens=cibles["entretiens"].update(
            notes="", version=F("version") + 1, updated_at=maintenant
        ),
        transmissions=cibles["transmissions"].update(
            resume="",
            destinataire="",
            motif_non_information=Case(
                When(personne_informee=True, then=Value("")), default=Value(MOTIF_EFFACE)
            ),
        ),
        rendez_vous=cibles["rendez_vous"].update(motif=""),
        rappels=cibles["rappels"].update(motif=""),
        # A handover note is nothing but free text about the person: it goes, whole.
        notes_passation=cibles["notes_passation"].delete()[0],
        # A deposited piece or a generated letter tells the story: deleted, content included.
        pieces=cibles["pieces"].delete()[0],
        # Who asked and the answer stay (counted, and the post's trace of its refusals).
        requisitions=cibles["requisitions"].update(
            **TEXTES_REQUISITION,
            version=F("version") + 1,
            updated_at=maintenant,
        ),
        situations=cibles["situations"].count(),
        # The version moves so that a form opened before the erasure cannot write back.
        personnes=cibles["personnes"].update(
            nom="",
            prenom="",
            telephone="",
            commune="",
            date_naissance=None,
            annee_naissance=None,
            anonymisee_le=maintenant,
            version=F("version") + 1,
            updated_at=maintenant,
        ),
    )


# People anonymised per transaction: the first purge of a large history (hundreds of
# thousands of people at national scale) then runs as many short transactions, each with
# its journal entry, instead of one that would hold its locks for minutes.
LOT_PURGE = 2000


def purger_donnees(
    *, mois: int, executer: bool, jour: datetime.date | None = None, lot: int = LOT_PURGE
) -> Bilan:
    """Anonymise every person whose last contact is older than ``mois`` months and whose
    situations are all closed; with ``executer=False``, only count. Journaled (counts),
    one entry per batch of ``lot`` people (one entry when there is nothing to purge)."""
    limite = il_y_a_mois(jour or timezone.localdate(), mois)
    if not executer:
        personne_ids = list(personnes_a_purger(limite=limite).values_list("pk", flat=True))
        saisine_ids = list(
            saisines_sans_situation_a_purger(limite=limite).values_list("pk", flat=True)
        )
        requisition_ids = list(
            requisitions_sans_situation_a_purger(limite=limite).values_list("pk", flat=True)
        )
        return _compter(_cibles(personne_ids, saisine_ids, requisition_ids))
    total = Bilan()
    lots = 0
    while True:
        with transaction.atomic():
            personne_ids = list(
                personnes_a_purger(limite=limite)
                .order_by("pk")
                .select_for_update()
                .values_list("pk", flat=True)[:lot]
            )
            saisine_ids = list(
                saisines_sans_situation_a_purger(limite=limite)
                .order_by("pk")
                .values_list("pk", flat=True)[:lot]
            )
            requisition_ids = list(
                requisitions_sans_situation_a_purger(limite=limite)
                .order_by("pk")
                .values_list("pk", flat=True)[:lot]
            )
            if lots and not (personne_ids or saisine_ids or requisition_ids):
                break
            bilan = _anonymiser(_cibles(personne_ids, saisine_ids, requisition_ids))
            journaliser(
                utilisateur=None,
                action=ActionJournal.PURGE,
                details={"retention_mois": mois, "dernier_contact_avant": limite.isoformat()}
                | bilan.en_dict(),
            )
        total = Bilan(**{k: v + getattr(bilan, k) for k, v in total.en_dict().items()})
        lots += 1
        if not (personne_ids or saisine_ids or requisition_ids):
            break
    return total


@transaction.atomic
def effacer_personne(*, auteur, personne: Personne, motif: str) -> Bilan:
    """Erasure on request (GDPR art. 17): the purge's anonymisation, now, for one person,
    whatever the state of their situations. Journaled with the reason code and counts."""
    personne = Personne.objects.select_for_update().get(pk=personne.pk)
    cibles = _cibles([personne.pk])
    bilan = _anonymiser(cibles)
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.PURGE,
        objet=personne,
        poste=Poste(pk=personne.poste_id),
        details={"effacement_sur_demande": motif} | bilan.en_dict(),
    )
    return bilan
