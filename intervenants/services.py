"""Writes on the organisation: affectations and the object permissions they grant."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import devices_for_user
from guardian.models import UserObjectPermission

from intervenants.dates import AFFECTATION
from intervenants.models import ActionJournal, Affectation, Intervenant, Journal, Poste, Role
from intervenants.permissions import oublier_les_portees
from intervenants.roles import PERMISSIONS_PAR_ROLE
from intervenants.versions import enregistrer_version

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
    if en_trop or manquantes:
        oublier_les_portees()
    UserObjectPermission.objects.filter(pk__in=en_trop).delete()
    # Two first requests of the day of one session (DroitsDuJourMiddleware), or a login
    # during the nightly run, may add the same rows at once: the second one skips them.
    UserObjectPermission.objects.bulk_create(
        (
            UserObjectPermission(
                user=utilisateur, permission_id=perm, content_type_id=ct, object_pk=object_pk
            )
            for perm, ct, object_pk in manquantes
        ),
        ignore_conflicts=True,
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
    suppleance: bool = False,
) -> Affectation:
    champ, _ = PERMISSIONS_PAR_ROLE[role]
    affectation = Affectation(
        utilisateur=utilisateur,
        role=role,
        date_debut=date_debut or timezone.localdate(),
        date_fin=date_fin,
        suppleance=suppleance,
    )
    if champ is not None:
        modele = Affectation._meta.get_field(champ).related_model
        if not isinstance(perimetre, modele):
            raise ValidationError("Le périmètre ne correspond pas au rôle choisi.")
        setattr(affectation, champ, perimetre)
    affectation.full_clean()
    affectation.save()
    synchroniser_permissions(utilisateur=utilisateur)
    details = {"compte": utilisateur.get_username(), "role": role}
    if suppleance:
        details |= {
            "suppleance": True,
            "du": affectation.date_debut.isoformat(),
            "dernier_jour": affectation.dernier_jour.isoformat(),
        }
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.AFFECTATION_CREEE,
        objet=affectation,
        poste=affectation.poste,
        details=details,
    )
    return affectation


@transaction.atomic
def terminer_affectation(
    *, affectation: Affectation, date_fin: datetime.date | None = None, auteur=None
) -> Affectation:
    """End an affectation: from ``date_fin`` on (default today: at once) its rights are gone."""
    jour = timezone.localdate()
    date_fin = date_fin or jour
    verifier_date_plausible("date_fin", date_fin)
    if affectation.date_fin is not None and affectation.date_fin <= jour:
        fin = f"{affectation.date_fin:%d/%m/%Y}"
        raise ValidationError({"date_fin": f"Cette affectation est déjà terminée (le {fin})."})
    if date_fin < affectation.date_debut:
        raise ValidationError(
            {
                "date_fin": "La fin ne peut pas précéder le début de l'affectation "
                f"({affectation.date_debut:%d/%m/%Y})."
            }
        )
    affectation.date_fin = date_fin
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


# --- Naming workers, resetting their access (issue 12, item 3) ------------------------------


def verifier_date_plausible(champ: str, valeur: datetime.date | None) -> None:
    """The forms' range (intervenants/dates.py), for callers without a form (commands)."""
    try:
        AFFECTATION(valeur)
    except ValidationError as erreur:
        raise ValidationError({champ: erreur.messages}) from None


class JetonAcces(PasswordResetTokenGenerator):
    """One-time token of the access-reset link; its own salt, so no other link passes."""

    key_salt = "intervenants.services.JetonAcces"


jeton_acces = JetonAcces()


def jours_de_validite_du_lien() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


@dataclass(frozen=True)
class Nomination:
    affectation: Affectation
    # The address the first-access link went to, when this naming sent one.
    lien_envoye_a: str | None = None


# The roles of the police or gendarmerie side (the chief of a unit, an officer).
ROLES_DE_POLICE = (Role.AUTORITE, Role.AGENT)


def _sans_autre_role(compte, jour: datetime.date) -> None:
    # A worker has an account of her own: an employer's, a chief's or an administrator's
    # account named intervenant would mix rights that must stay apart.
    if compte.is_staff or compte.is_superuser:
        raise ValidationError(
            {"compte": "Un compte d'administration ne peut pas être nommé intervenant."}
        )
    # The police or gendarmerie side, even long ago: an officer's or a chief's account never
    # reads a file (review of issue 17: a former chief with a profile named substitute).
    police = (
        Affectation.objects.filter(utilisateur=compte, role__in=ROLES_DE_POLICE)
        .order_by("-date_debut")
        .first()
    )
    if police is not None:
        temps = "a eu" if police.date_fin is not None and police.date_fin <= jour else "a déjà"
        raise ValidationError(
            {
                "compte": f"Ce compte {temps} le rôle « {police.get_role_display()} » : un compte "
                "de la police ou de la gendarmerie ne devient jamais intervenant·e."
            }
        )
    autre = (
        Affectation.objects.filter(utilisateur=compte)
        .exclude(role=Role.INTERVENANT)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gt=jour))
        .first()
    )
    if autre is not None:
        raise ValidationError(
            {
                "compte": f"Ce compte a déjà le rôle « {autre.get_role_display()} » : "
                "une intervenante a un compte à elle."
            }
        )


def _sans_chevauchement(compte, poste, date_debut, date_fin) -> None:
    existantes = Affectation.objects.filter(
        utilisateur=compte, role=Role.INTERVENANT, poste=poste
    ).filter(Q(date_fin__isnull=True) | Q(date_fin__gt=date_debut))
    if date_fin is not None:
        existantes = existantes.filter(date_debut__lt=date_fin)
    existante = existantes.order_by("date_debut").first()
    if existante is not None:
        fin = f"au {existante.date_fin:%d/%m/%Y}" if existante.date_fin else "sans date de fin"
        raise ValidationError(
            {
                "date_debut": f"Ce compte est déjà nommé sur ce poste du "
                f"{existante.date_debut:%d/%m/%Y} {fin} : les périodes se chevauchent."
            }
        )


def nommer_intervenant(
    *,
    compte,
    poste: Poste,
    date_debut: datetime.date,
    date_fin: datetime.date | None = None,
    auteur,
    adresse_site: str,
    suppleance: bool = False,
) -> Nomination:
    """Name ``compte`` intervenant on ``poste`` for a period (a successor, a substitute...).

    The caller has checked that ``auteur`` answers for ``poste``. An account that never had
    any role gets its access reset at once, and a link to choose its password at its own
    address: whatever password or second factor it had before (set by whoever created it)
    never opens the post.
    """
    jour = timezone.localdate()
    verifier_date_plausible("date_debut", date_debut)
    verifier_date_plausible("date_fin", date_fin)
    if date_fin is not None and date_fin < date_debut:
        raise ValidationError({"date_fin": "La fin ne peut pas précéder le début."})
    with transaction.atomic():
        # One naming of an account at a time: two at once could both pass the overlap check.
        compte = get_user_model().objects.select_for_update().get(pk=compte.pk)
        if not compte.is_active:
            raise ValidationError({"compte": "Ce compte est désactivé."})
        _sans_autre_role(compte, jour)
        _sans_chevauchement(compte, poste, date_debut, date_fin)
        premiere = not Affectation.objects.filter(utilisateur=compte).exists()
        if premiere and not compte.email:
            raise ValidationError({"compte": SANS_ADRESSE})
        affectation = creer_affectation(
            utilisateur=compte,
            role=Role.INTERVENANT,
            perimetre=poste,
            date_debut=date_debut,
            date_fin=date_fin,
            auteur=auteur,
            suppleance=suppleance,
        )
        if premiere:
            _bloquer_acces(compte=compte, auteur=auteur, poste=poste)
        # Every worker named has a profile (issue 17): her home page asks for what is
        # missing, and she may then substitute on another post.
        Intervenant.objects.get_or_create(utilisateur=compte)
    if not premiere:
        return Nomination(affectation)
    _envoyer_lien(compte=compte, adresse_site=adresse_site)
    return Nomination(affectation, lien_envoye_a=compte.email)


SANS_ADRESSE = (
    "Ce compte n'a pas d'adresse électronique : aucun lien ne peut lui être envoyé. "
    "Demandez à l'administrateur de renseigner l'adresse professionnelle de l'intervenante."
)


def _bloquer_acces(*, compte, auteur, poste: Poste) -> None:
    # Every second factor and backup code goes; the password can no longer be used, which
    # also ends every open session (Django checks each session against the password hash).
    for appareil in list(devices_for_user(compte, confirmed=None)):
        appareil.delete()
    compte.set_unusable_password()
    compte.save(update_fields=["password"])
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.ACCES_REINITIALISE,
        objet=compte,
        poste=poste,
        details={"compte": compte.get_username()},
    )


def _envoyer_lien(*, compte, adresse_site: str) -> None:
    lien = adresse_site.rstrip("/") + reverse(
        "intervenants:acces_choisir",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(compte.pk)),
            "token": jeton_acces.make_token(compte),
        },
    )
    contexte = {"compte": compte, "lien": lien, "jours": jours_de_validite_du_lien()}
    send_mail(
        subject=render_to_string("intervenants/acces_courriel_objet.txt", contexte).strip(),
        message=render_to_string("intervenants/acces_courriel.txt", contexte),
        from_email=None,
        recipient_list=[compte.email],
    )


def reinitialiser_acces(*, compte, poste: Poste, auteur, adresse_site: str) -> str:
    """Reset a worker's access at her employer's request; return the address written to.

    Her second factors, backup codes and password are gone at once (and so are her open
    sessions); a one-time link to choose a new password goes to her own address, never to
    the employer. At her next login she sets up a fresh second factor.
    """
    if not compte.email:
        raise ValidationError(SANS_ADRESSE)
    with transaction.atomic():
        _bloquer_acces(compte=compte, auteur=auteur, poste=poste)
    _envoyer_lien(compte=compte, adresse_site=adresse_site)
    return compte.email


# --- Substitutes (issue 17, item 1) ---------------------------------------------------------

# A substitute covers an absence: a year at most, planned a year ahead at most. Longer is a
# naming (« Nommer »), not a substitution.
DUREE_MAX_SUPPLEANCE = datetime.timedelta(days=366)
AVANCE_MAX_SUPPLEANCE = datetime.timedelta(days=366)


def _verifier_periode_de_suppleance(date_debut: datetime.date, dernier_jour: datetime.date):
    jour = timezone.localdate()
    erreurs = {}
    if date_debut < jour:
        erreurs["date_debut"] = "Une suppléance ne peut pas commencer dans le passé."
    elif date_debut > jour + AVANCE_MAX_SUPPLEANCE:
        erreurs["date_debut"] = "Une suppléance se désigne au plus un an à l'avance."
    if dernier_jour < date_debut:
        erreurs["dernier_jour"] = "Le dernier jour ne peut pas précéder le début."
    elif dernier_jour - date_debut >= DUREE_MAX_SUPPLEANCE:
        erreurs["dernier_jour"] = (
            "Une suppléance dure au plus un an. Au-delà, nommez l'intervenant·e sur le poste."
        )
    if erreurs:
        raise ValidationError(erreurs)


def designer_suppleant(
    *,
    compte,
    poste: Poste,
    date_debut: datetime.date,
    dernier_jour: datetime.date,
    auteur,
    adresse_site: str,
) -> Nomination:
    """Name ``compte`` substitute on ``poste`` from ``date_debut`` to ``dernier_jour``
    included: an intervenant affectation marked ``suppleance``, ending by itself the day
    after (``synchroniser_permissions``, nightly and at login, removes the rights).

    The caller has checked that ``auteur`` answers for ``poste``. ``compte`` must be a
    social worker's account (it has an ``Intervenant`` profile)."""
    _verifier_periode_de_suppleance(date_debut, dernier_jour)
    if not Intervenant.objects.filter(utilisateur=compte).exists():
        raise ValidationError(
            {
                "compte": "Ce compte n'est pas celui d'un intervenant social (il n'a pas de "
                "profil d'intervenant). Seul·e un·e intervenant·e peut en suppléer un·e autre."
            }
        )
    return nommer_intervenant(
        compte=compte,
        poste=poste,
        date_debut=date_debut,
        date_fin=dernier_jour + datetime.timedelta(days=1),
        auteur=auteur,
        adresse_site=adresse_site,
        suppleance=True,
    )


# --- The worker's profile (issue 17, item 7) --------------------------------------------------

CHAMPS_DU_PROFIL = (
    "diplome",
    "statut_secret",
    "date_prise_fonction",
    "formation_sur_site",
    "formation_debut",
    "formation_fin",
)


def _verifier_profil(donnees: dict) -> None:
    erreurs = {}
    debut, fin = donnees.get("formation_debut"), donnees.get("formation_fin")
    if fin and not debut:
        erreurs["formation_debut"] = "Indiquez le début de la formation sur site."
    elif debut and fin and fin < debut:
        erreurs["formation_fin"] = "La fin de la formation précède son début."
    if (debut or fin) and not donnees.get("formation_sur_site"):
        erreurs["formation_sur_site"] = (
            "Des dates de formation sont indiquées : cochez cette case, ou effacez les dates."
        )
    if erreurs:
        raise ValidationError(erreurs)


@transaction.atomic
def modifier_profil(*, compte, auteur, donnees: dict, version: int | None) -> Intervenant:
    """Save the profile of ``compte`` (created on its first save), over the version the
    form was opened with. Journaled with the names of the changed fields, on her post."""
    _verifier_profil(donnees)
    champs = {c: donnees[c] for c in CHAMPS_DU_PROFIL if c in donnees}
    # One writer of an account's profile at a time: two first saves would both create it.
    compte = get_user_model().objects.select_for_update().get(pk=compte.pk)
    profil = Intervenant.objects.filter(utilisateur=compte).first()
    if profil is None:
        profil = Intervenant(utilisateur=compte, **champs)
        profil.full_clean()
        profil.save()
        modifies = sorted(c for c, v in champs.items() if v not in ("", None, False))
    else:
        modifies = sorted(c for c, v in champs.items() if getattr(profil, c) != v)
        for champ, valeur in champs.items():
            setattr(profil, champ, valeur)
        profil.full_clean(exclude=["version"])
        enregistrer_version(profil, version or 0, champs)
    # Her post (today's, else the coming one): the journal her employer reads.
    poste = (
        Affectation.objects.filter(utilisateur=compte, role=Role.INTERVENANT)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gt=timezone.localdate()))
        .order_by("suppleance", "date_debut")
        .values_list("poste", flat=True)
        .first()
    )
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.MODIFICATION,
        objet=profil,
        poste=Poste(pk=poste) if poste else None,
        details={"profil": modifies, "compte": compte.get_username()},
    )
    return profil
