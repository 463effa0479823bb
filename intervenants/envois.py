"""One submission of a form records once: a double click or a browser resend does not.

Every form that records something carries a single-use token (``{% jeton_d_envoi %}``,
``intervenants/templatetags/envois.py``), signed for the account that opened it. The view
is wrapped in ``envoi_unique``: the token is inserted, under a unique constraint, in the
same transaction as what the view records, and kept with the address the view redirected
to. A second submission of the same token finds it and is sent to that address with a
message, recording nothing. If it arrives while the first one still runs, its insert waits
on the unique index until the first commits (then it is sent to the first's result) or
rolls back (then it records, as if alone). No JavaScript involved.

A POST without a token, or with one that is forged, belongs to another account, or is
older than ``DUREE_DE_VIE``, is processed as before, without this protection: the token
guards the user against her own resends, it is not an access control (that is the CSRF
token and the permissions), and refusing would lose what she typed.

A decorated view answers a redirect when it has recorded (post/redirect/get, the rule of
every view here); any other answer means nothing was recorded and frees the token.
"""

import datetime
import secrets
from functools import wraps

from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from intervenants.models import EnvoiDeFormulaire

CHAMP = "jeton_envoi"
DUREE_DE_VIE = datetime.timedelta(hours=48)
MESSAGE_DEJA_ENREGISTRE = (
    "Ce formulaire avait déjà été envoyé et enregistré : il ne l'a pas été une seconde fois. "
    "Voici ce qui a été enregistré."
)


def _signataire(utilisateur) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"intervenants.envois:{utilisateur.pk}")


def nouveau_jeton(utilisateur) -> str:
    """A fresh token for one form shown to ``utilisateur``."""
    return _signataire(utilisateur).sign(secrets.token_urlsafe(24))


def _jeton_recu(request) -> str | None:
    """The random part of the request's token, or None when it has no valid one."""
    valeur = request.POST.get(CHAMP, "")
    if not valeur or len(valeur) > 200 or not request.user.is_authenticated:
        return None
    try:
        return _signataire(request.user).unsign(valeur, max_age=DUREE_DE_VIE)
    except signing.BadSignature:  # forged, another account's, or expired
        return None


def envoi_unique(vue):
    """Record a submission of the view's form once, whatever the number of resends."""

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        jeton = _jeton_recu(request) if request.method == "POST" else None
        if jeton is None:
            return vue(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    envoi = EnvoiDeFormulaire.objects.create(jeton=jeton, utilisateur=request.user)
            except IntegrityError:
                return _deja_enregistre(request, jeton)
            reponse = vue(request, *args, **kwargs)
            if reponse.status_code in (301, 302, 303) and reponse.get("Location"):
                envoi.resultat = reponse["Location"][:500]
                envoi.save(update_fields=["resultat"])
                _oublier_les_anciens(request.user)
            else:
                envoi.delete()  # nothing recorded: the form may be sent again, corrected
            return reponse

    enveloppe.envoi_unique = True
    return enveloppe


def _deja_enregistre(request, jeton):
    envoi = EnvoiDeFormulaire.objects.filter(jeton=jeton).first()
    messages.info(request, MESSAGE_DEJA_ENREGISTRE)
    return redirect(envoi.resultat if envoi and envoi.resultat else request.get_full_path())


def _oublier_les_anciens(utilisateur) -> None:
    """Tokens past their lifetime are refused anyway: their rows are of no more use."""
    EnvoiDeFormulaire.objects.filter(
        utilisateur=utilisateur, recu_le__lt=timezone.now() - DUREE_DE_VIE
    ).delete()
