"""Second factor: TOTP enrolment and verification, single-use backup codes (django-otp)."""

from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intervenants.models import ActionJournal
from intervenants.services import journaliser

NOM_APPAREIL = "Application d'authentification"
NOM_SECOURS = "Codes de secours"
NB_CODES_SECOURS = 10


def appareil_en_attente(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled, created on first call."""
    appareil = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=user, name=NOM_APPAREIL, confirmed=False)
    return appareil


@transaction.atomic
def confirmer_enrolement(*, request, code: str) -> list[str] | None:
    """Confirm the pending device with a first code; return the new backup codes."""
    appareil = appareil_en_attente(request.user)
    if not appareil.verify_token(code.replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
    appareil.confirmed = True
    appareil.save(update_fields=["confirmed"])
    otp_login(request, appareil)
    journaliser(
        utilisateur=request.user,
        action=ActionJournal.MODIFICATION,
        objet=appareil,
        details={"double_authentification": "activee"},
    )
    return regenerer_codes_secours(user=request.user)


@transaction.atomic
def regenerer_codes_secours(*, user) -> list[str]:
    appareil, _ = StaticDevice.objects.get_or_create(
        user=user, name=NOM_SECOURS, defaults={"confirmed": True}
    )
    appareil.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(NB_CODES_SECOURS)]
    StaticToken.objects.bulk_create(StaticToken(device=appareil, token=c) for c in codes)
    return codes


def verifier(*, request, code: str) -> bool:
    appareil = match_token(request.user, code.replace(" ", ""))
    if appareil is None:
        return False
    otp_login(request, appareil)
    return True
