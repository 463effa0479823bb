"""Second factor: TOTP enrolment and verification, single-use backup codes (django-otp).

Who may set up a second factor: anyone whose account has none yet; replacing one takes a
session already verified with the current one. Otherwise a password alone would be enough to
swap the worker's phone for the attacker's.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intervenants.models import ActionJournal, Journal
from intervenants.services import journaliser

NOM_APPAREIL = "Application d'authentification"
NOM_SECOURS = "Codes de secours"
NB_CODES_SECOURS = 10

# Journal details of a change of second factor, shown to the user at her next login.
ACTIVE = "activee"
REMPLACE = "remplacee"


def a_un_second_facteur(user) -> bool:
    return user_has_device(user, confirmed=True)


def peut_configurer(request) -> bool:
    """A first set-up needs the password only; a replacement needs the current factor too."""
    return request.user.is_verified() or not a_un_second_facteur(request.user)


def appareil_en_attente(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled, created on first call."""
    appareil = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=user, name=NOM_APPAREIL, confirmed=False)
    return appareil


@dataclass(frozen=True)
class Verification:
    reussie: bool
    # When too many wrong codes were typed: the moment the next try will be looked at.
    attendre_jusqu_a: datetime.datetime | None = None

    @property
    def secondes_a_attendre(self) -> int:
        if self.attendre_jusqu_a is None:
            return 0
        return max(1, int((self.attendre_jusqu_a - timezone.now()).total_seconds() + 0.999))


def _bloque_jusqu_a(appareils) -> datetime.datetime | None:
    fins = []
    for appareil in appareils:
        permis, donnees = appareil.verify_is_allowed()
        if not permis and donnees and donnees.get("locked_until"):
            fins.append(donnees["locked_until"])
    return max(fins) if fins else None


@transaction.atomic
def confirmer_enrolement(*, request, code: str) -> Verification | list[str]:
    """Confirm the pending device with a first code; return the new backup codes."""
    if not peut_configurer(request):
        raise PermissionDenied("Le second facteur en place doit d'abord être vérifié.")
    user = request.user
    appareil = TOTPDevice.objects.select_for_update().get(pk=appareil_en_attente(user).pk)
    bloque = _bloque_jusqu_a([appareil])
    if bloque is not None:
        return Verification(reussie=False, attendre_jusqu_a=bloque)
    if not appareil.verify_token(code.replace(" ", "")):
        return Verification(reussie=False, attendre_jusqu_a=_bloque_jusqu_a([appareil]))
    remplace = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    appareil.confirmed = True
    appareil.save(update_fields=["confirmed"])
    otp_login(request, appareil)
    journaliser(
        utilisateur=user,
        action=ActionJournal.MODIFICATION,
        objet=appareil,
        details={"double_authentification": REMPLACE if remplace else ACTIVE},
    )
    return regenerer_codes_secours(user=user)


@transaction.atomic
def regenerer_codes_secours(*, user) -> list[str]:
    appareil, _ = StaticDevice.objects.get_or_create(
        user=user, name=NOM_SECOURS, defaults={"confirmed": True}
    )
    appareil.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(NB_CODES_SECOURS)]
    StaticToken.objects.bulk_create(StaticToken(device=appareil, token=c) for c in codes)
    return codes


@transaction.atomic
def verifier(*, request, code: str) -> Verification:
    """Check a code against the user's devices, under django-otp's throttling.

    Every wrong code doubles the wait before the next one is looked at (1, 2, 4… s), for the
    app and the backup codes alike, so guessing a 6-digit code takes years.
    """
    appareils = list(devices_for_user(request.user, for_verify=True))
    bloque = _bloque_jusqu_a(appareils)
    if bloque is not None:
        return Verification(reussie=False, attendre_jusqu_a=bloque)
    code = code.replace(" ", "")
    for appareil in appareils:
        if appareil.verify_token(code):
            otp_login(request, appareil)
            return Verification(reussie=True)
    return Verification(reussie=False, attendre_jusqu_a=_bloque_jusqu_a(appareils))


def changements_depuis(user, depuis: datetime.datetime | None) -> list[Journal]:
    """Second-factor set-ups and replacements since the previous login, newest first."""
    entrees = Journal.objects.filter(
        utilisateur=user,
        action=ActionJournal.MODIFICATION,
        details__double_authentification__in=[ACTIVE, REMPLACE],
    )
    if depuis is not None:
        entrees = entrees.filter(horodatage__gt=depuis)
    return list(entrees.order_by("-horodatage")[:5])
