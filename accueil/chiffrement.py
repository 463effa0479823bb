"""Encryption at rest of confidential free text (interview notes, transmission summaries).

Fernet tokens under the keys of ``settings.CHIFFREMENT_CLES`` (newest first): MultiFernet
decrypts with any key and encrypts with the first, so keys rotate without downtime
(``manage.py rechiffrer``). A database dump or a DBA reads only tokens.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _multifernet(cles: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(cle.encode()) for cle in cles])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "CHIFFREMENT_CLES contient une clé Fernet invalide (32 octets en base64 urlsafe)."
        ) from exc


def chiffreur() -> MultiFernet:
    return _multifernet(tuple(settings.CHIFFREMENT_CLES))


def chiffrer(texte: str) -> str:
    return chiffreur().encrypt(texte.encode()).decode()


def dechiffrer(jeton: str) -> str:
    try:
        return chiffreur().decrypt(jeton.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Impossible de déchiffrer une note : la clé qui l'a chiffrée n'est plus dans "
            "CHIFFREMENT_CLES."
        ) from exc


def rechiffrer_jeton(jeton: str) -> str:
    return chiffreur().rotate(jeton.encode()).decode()


class TexteChiffre(models.TextField):
    """A TextField stored as a Fernet token; Python code only ever sees the clear text.

    Not searchable nor sortable in SQL, by design.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return dechiffrer(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return chiffrer(value)
