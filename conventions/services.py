"""Writes on conventions: keyword-only, in one transaction, journaled.

Services re-check what the forms check (dates, amounts, shares, PDF content), so that no
caller — a view, the demo, a future API — can store an inconsistent convention.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.formats import number_format

from conventions.models import (
    Avenant,
    Convention,
    DocumentConvention,
    ReunionComite,
    SiteConvention,
    date_fin_par_defaut,
)
from conventions.validators import valider_pdf
from intervenants.models import ActionJournal, Poste
from intervenants.services import journaliser
from intervenants.versions import enregistrer_version


def euros(montant: Decimal) -> str:
    return f"{number_format(montant, 2, use_l10n=True, force_grouping=True)} €"


def verifier_financements(
    *,
    financements: Iterable[dict],
    date_debut: datetime.date,
    date_fin: datetime.date,
    cout_annuel: Decimal | None,
) -> dict[int, str]:
    """Errors per year: a year outside the convention, a negative amount, a total over 100 %.

    Returns ``{year: message}``; an empty dict means the lines are acceptable.
    """
    erreurs: dict[int, str] = {}
    totaux: dict[int, Decimal] = defaultdict(lambda: Decimal("0"))
    for ligne in financements:
        annee, montant = ligne["annee"], ligne["montant"]
        if montant < 0:
            erreurs[annee] = "Le montant ne peut pas être négatif."
        elif not date_debut.year <= annee <= date_fin.year:
            erreurs[annee] = (
                f"L'année {annee} est hors de la durée de la convention "
                f"({date_debut.year}–{date_fin.year})."
            )
        totaux[annee] += montant
    if cout_annuel is not None:
        for annee, total in totaux.items():
            if total > cout_annuel and annee not in erreurs:
                pourcentage = (total * 100 / cout_annuel).quantize(Decimal("0.1"))
                erreurs[annee] = (
                    f"En {annee}, les financements ({euros(total)}) dépassent le coût annuel "
                    f"du poste ({euros(cout_annuel)}) : {number_format(pourcentage, 1)} % au "
                    "total, plus de 100 %."
                )
    return erreurs


def _champs(convention: Convention) -> dict:
    """The convention's own columns, as the edit form left them on the instance."""
    geres = {"id", "version", "created_at", "updated_at"}
    return {
        f.attname: getattr(convention, f.attname)
        for f in Convention._meta.concrete_fields
        if f.attname not in geres
    }


@dataclass
class _Lignes:
    """A convention's lines of one kind as they will be, before anything is written."""

    finales: list  # every row the convention keeps or gains, in its final state
    a_enregistrer: list  # rows to save: updated in place, or new
    a_supprimer: set[int]


def _lignes_finales(
    convention: Convention,
    relation: str,
    lignes: list[dict],
    supprimees: Iterable[int],
    cle: str | None = None,
) -> _Lignes:
    """Apply ``lignes`` to the convention's rows of ``relation``, in memory.

    A line with an ``id`` updates that row in place, one without is new; a row is deleted
    only when its id is in ``supprimees``: a row the caller did not mention stays as it is.
    A row whose ``cle`` field changes is replaced (deleted, then created) so that two rows
    swapping their site never meet the unique constraint halfway."""
    modele = getattr(Convention, relation).rel.related_model
    existantes = (
        {} if convention.pk is None else {o.pk: o for o in getattr(convention, relation).all()}
    )
    supprimees = {int(pk) for pk in supprimees}
    cites = {ligne["id"] for ligne in lignes if ligne.get("id")}
    if (supprimees | cites) - existantes.keys():
        raise ValidationError({relation: "Une ligne ne fait pas partie de cette convention."})
    gardees = {pk: o for pk, o in existantes.items() if pk not in supprimees}
    a_enregistrer = []
    for ligne in lignes:
        valeurs = {champ: valeur for champ, valeur in ligne.items() if champ != "id"}
        pk = ligne.get("id")
        if pk in supprimees:
            continue
        if pk and cle in valeurs:
            nouvelle = getattr(valeurs[cle], "pk", valeurs[cle])
            if getattr(gardees[pk], f"{cle}_id") != nouvelle:
                supprimees.add(pk)
                del gardees[pk]
                pk = None
        objet = gardees[pk] if pk else modele(convention=convention)
        for champ, valeur in valeurs.items():
            setattr(objet, champ, valeur)
        objet.full_clean(exclude=["convention"], validate_unique=False, validate_constraints=False)
        a_enregistrer.append(objet)
    nouvelles = [o for o in a_enregistrer if o.pk is None]
    return _Lignes([*gardees.values(), *nouvelles], a_enregistrer, supprimees)


@transaction.atomic
def enregistrer_convention(
    *,
    auteur,
    convention: Convention,
    postes: Iterable[Poste],
    parties: Iterable[dict],
    sites: Iterable[dict],
    financements: Iterable[dict],
    supprimees: dict[str, Iterable[int]] | None = None,
    version: int | None = None,
) -> Convention:
    """Create or update a convention with its lines (parties, sites, funding).

    Lines are dicts of field values; one with an ``id`` updates that row in place. A row is
    deleted only when named in ``supprimees`` (``{"financements": [ids], ...}``): a row not
    mentioned is kept, so that a caller that leaves unchanged lines out never loses them.

    An update needs the ``version`` its form was opened with: a save over a convention
    changed since is refused (optimistic locking, as on the confidential records)."""
    creation = convention.pk is None
    if not creation and version is None:
        raise ValueError("Modifier une convention demande la version ouverte.")
    supprimees = supprimees or {}
    if convention.date_debut and not convention.date_fin:
        convention.date_fin = date_fin_par_defaut(convention.date_debut)
    convention.full_clean()
    lignes = {
        "parties": _lignes_finales(
            convention, "parties", list(parties), supprimees.get("parties", ())
        ),
        "sites_couverts": _lignes_finales(
            convention, "sites_couverts", list(sites), supprimees.get("sites", ()), cle="site"
        ),
        "financements": _lignes_finales(
            convention, "financements", list(financements), supprimees.get("financements", ())
        ),
    }
    financements = lignes["financements"].finales
    erreurs = verifier_financements(
        financements=[{"annee": f.annee, "montant": f.montant} for f in financements],
        date_debut=convention.date_debut,
        date_fin=convention.date_fin,
        cout_annuel=convention.cout_annuel,
    )
    if erreurs:
        raise ValidationError({"financements": list(erreurs.values())})
    sites_finaux = [s.site_id for s in lignes["sites_couverts"].finales]
    if len(sites_finaux) != len(set(sites_finaux)):
        raise ValidationError({"sites": "Ce site figure déjà dans la convention."})
    postes = list(postes)
    etrangers = [p for p in postes if p.employeur_id != convention.employeur_id]
    if etrangers:
        raise ValidationError(
            {"postes": f"Le poste « {etrangers[0]} » ne relève pas de cet employeur."}
        )

    if creation:
        convention.save()
    else:
        enregistrer_version(convention, version, _champs(convention))
    convention.postes.set(postes)
    # Every site of a covered post is covered, even when the form did not list it.
    for poste in postes:
        for site in poste.sites.all():
            if site.pk not in sites_finaux:
                lignes["sites_couverts"].a_enregistrer.append(SiteConvention(site=site))
                sites_finaux.append(site.pk)
    # Deletions first: a replaced site row frees its site before its successor is created.
    for relation, ensemble in lignes.items():
        getattr(convention, relation).filter(pk__in=ensemble.a_supprimer).delete()
    for ensemble in lignes.values():
        for objet in ensemble.a_enregistrer:
            objet.convention = convention
            objet.save()
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.CREATION if creation else ActionJournal.MODIFICATION,
        objet=convention,
        details={
            "lignes_financement": len(financements),
            "lignes_supprimees": sum(len(e.a_supprimer) for e in lignes.values()),
            "postes": [p.pk for p in postes],
        },
    )
    return convention


@transaction.atomic
def enregistrer_avenant(
    *,
    auteur,
    convention: Convention,
    date_signature: datetime.date,
    objet: str,
    modifications: str,
    nouvelle_date_fin: datetime.date | None = None,
) -> Avenant:
    """Record an amendment; one that moves the end date moves the convention's, keeping the old."""
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if nouvelle_date_fin is not None and nouvelle_date_fin < convention.date_debut:
        raise ValidationError(
            {"nouvelle_date_fin": "La nouvelle date de fin précède le début de la convention."}
        )
    dernier = convention.avenants.order_by("-numero").values_list("numero", flat=True).first()
    avenant = Avenant(
        convention=convention,
        numero=(dernier or 0) + 1,
        date_signature=date_signature,
        objet=objet,
        modifications=modifications,
        nouvelle_date_fin=nouvelle_date_fin,
        ancienne_date_fin=convention.date_fin if nouvelle_date_fin else None,
    )
    avenant.full_clean()
    avenant.save()
    if nouvelle_date_fin:
        convention.date_fin = nouvelle_date_fin
        convention.full_clean()
        # A new version: an edit form opened before cannot put the old end date back.
        convention.version += 1
        convention.save(update_fields=["date_fin", "version", "updated_at"])
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.CREATION,
        objet=avenant,
        details={"convention": convention.pk, "numero": avenant.numero},
    )
    return avenant


@transaction.atomic
def deposer_document(
    *,
    auteur,
    convention: Convention,
    fichier: UploadedFile,
    type: str,
    titre: str,
    avenant: Avenant | None = None,
) -> DocumentConvention:
    valider_pdf(fichier)
    if avenant is not None and avenant.convention_id != convention.pk:
        raise ValidationError({"avenant": "Cet avenant n'appartient pas à la convention."})
    fichier.seek(0)
    contenu = fichier.read()
    document = DocumentConvention(
        convention=convention,
        avenant=avenant,
        type=type,
        titre=titre,
        nom_original=(fichier.name or "")[:255],
        taille=len(contenu),
        contenu=contenu,
        depose_par=auteur,
    )
    document.full_clean(exclude=["contenu"])
    # In the database with its row: saved with the transaction, or not at all.
    document.save()
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.CREATION,
        objet=document,
        details={"convention": convention.pk, "taille": document.taille},
    )
    return document


@transaction.atomic
def enregistrer_reunion_comite(
    *,
    auteur,
    convention: Convention,
    date: datetime.date,
    participants: str = "",
    releve_decisions: str = "",
) -> ReunionComite:
    reunion = ReunionComite(
        convention=convention,
        date=date,
        participants=participants,
        releve_decisions=releve_decisions,
    )
    reunion.full_clean()
    reunion.save()
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.CREATION,
        objet=reunion,
        details={"convention": convention.pk},
    )
    return reunion


def journaliser_export(*, auteur, format: str, objet=None, nombre: int | None = None) -> None:
    """Exports are journaled (DESIGN.md): who took which file, never its content."""
    details = {"format": format}
    if nombre is not None:
        details["lignes"] = nombre
    journaliser(utilisateur=auteur, action=ActionJournal.EXPORT, objet=objet, details=details)
