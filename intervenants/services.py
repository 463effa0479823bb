"""Writes on the organisation: affectations and the object permissions they grant."""

import datetime

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.models import UserObjectPermission

from intervenants.models import ActionJournal, Affectation, Journal, Poste, Role
from intervenants.roles import PERMISSIONS_PAR_ROLE

CODENAMES_GERES = frozenset(
    codename for _, codenames in PERMISSIONS_PAR_ROLE.values() for codename in codenames
)


def journaliser(
    *,
    utilisateur,
    action: str,
    objet=None,
    poste: Poste | None = None,
    details: dict | None = None,
) -> Journal:
    """Append one entry to the access journal. Never pass confidential content in details."""
    return Journal.objects.create(
        utilisateur=utilisateur if utilisateur and utilisateur.is_authenticated else None,
        action=action,
        objet_type=objet._meta.label if objet is not None else "",
        objet_id=str(objet.pk) if objet is not None else "",
        poste=poste,
        details=details or {},
    )


def _permissions_voulues(utilisateur, jour: datetime.date) -> set[tuple[int, int, str]]:
    voulues = set()
    affectations = Affectation.objects.actives(jour).filter(utilisateur=utilisateur)
    for affectation in affectations:
        champ, codenames = PERMISSIONS_PAR_ROLE[affectation.role]
        if champ is None:
            continue
        objet = getattr(affectation, champ)
        content_type = ContentType.objects.get_for_model(objet)
        for codename in codenames:
            permission = Permission.objects.get(content_type=content_type, codename=codename)
            voulues.add((permission.pk, content_type.pk, str(objet.pk)))
    return voulues


@transaction.atomic
def synchroniser_permissions(*, utilisateur, jour: datetime.date | None = None) -> bool:
    """Make the user's object permissions exactly those of their active affectations.

    Idempotent; returns True when something changed. Run on every affectation change,
    at login, and daily (``manage.py synchroniser_permissions``) so that an affectation
    reaching its end date loses its rights.
    """
    jour = jour or timezone.localdate()
    voulues = _permissions_voulues(utilisateur, jour)
    actuelles = {
        (p.permission_id, p.content_type_id, p.object_pk): p.pk
        for p in UserObjectPermission.objects.filter(
            user=utilisateur, permission__codename__in=CODENAMES_GERES
        )
    }
    en_trop = [pk for cle, pk in actuelles.items() if cle not in voulues]
    manquantes = voulues - actuelles.keys()
    UserObjectPermission.objects.filter(pk__in=en_trop).delete()
    UserObjectPermission.objects.bulk_create(
        UserObjectPermission(
            user=utilisateur, permission_id=perm, content_type_id=ct, object_pk=object_pk
        )
        for perm, ct, object_pk in manquantes
    )

    est_admin = (
        Affectation.objects.actives(jour)
        .filter(utilisateur=utilisateur, role=Role.ADMINISTRATEUR)
        .exists()
    )
    staff_voulu = est_admin or utilisateur.is_superuser
    staff_change = utilisateur.is_staff != staff_voulu
    if staff_change:
        utilisateur.is_staff = staff_voulu
        utilisateur.save(update_fields=["is_staff"])
    return bool(en_trop or manquantes or staff_change)


@transaction.atomic
def creer_affectation(
    *,
    utilisateur,
    role: str,
    perimetre=None,
    date_debut: datetime.date | None = None,
    date_fin: datetime.date | None = None,
    auteur=None,
) -> Affectation:
    champ, _ = PERMISSIONS_PAR_ROLE[role]
    affectation = Affectation(
        utilisateur=utilisateur,
        role=role,
        date_debut=date_debut or timezone.localdate(),
        date_fin=date_fin,
    )
    if champ is not None:
        modele = Affectation._meta.get_field(champ).related_model
        if not isinstance(perimetre, modele):
            raise ValidationError("Le périmètre ne correspond pas au rôle choisi.")
        setattr(affectation, champ, perimetre)
    affectation.full_clean()
    affectation.save()
    synchroniser_permissions(utilisateur=utilisateur)
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.AFFECTATION_CREEE,
        objet=affectation,
        poste=affectation.poste,
        details={"compte": utilisateur.get_username(), "role": role},
    )
    return affectation


@transaction.atomic
def terminer_affectation(
    *, affectation: Affectation, date_fin: datetime.date | None = None, auteur=None
) -> Affectation:
    """End an affectation: from ``date_fin`` on (default today: at once) its rights are gone."""
    affectation.date_fin = date_fin or timezone.localdate()
    affectation.full_clean()
    affectation.save(update_fields=["date_fin"])
    synchroniser_permissions(utilisateur=affectation.utilisateur)
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.AFFECTATION_TERMINEE,
        objet=affectation,
        poste=affectation.poste,
        details={"compte": affectation.utilisateur.get_username(), "role": affectation.role},
    )
    return affectation
