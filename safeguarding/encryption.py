"""Encryption at rest for restricted safeguarding text.

Text is encrypted with Fernet (AES-128-CBC with an HMAC, from the
``cryptography`` package) under the keys in ``settings.SAFEGUARDING_KEYS``: the
first key encrypts, every key decrypts (a ``MultiFernet``), so a new key can be
put first and old rows re-encrypted with ``manage.py rotate_safeguarding_keys``
before the old key is dropped. See docs/operations.md.

Only content is encrypted (note text, link details); names and UPNs stay in
clear so that they can be searched.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class UndecryptableError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("SAFEGUARDING_KEYS must hold at least one key.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "Each SAFEGUARDING_KEYS entry must be a Fernet key: 32 url-safe "
            "base64-encoded bytes (Fernet.generate_key())."
        ) from None


def keyring() -> MultiFernet:
    """The configured keys; the first encrypts."""
    return _multi_fernet(tuple(settings.SAFEGUARDING_KEYS))


def encrypt(plaintext: str) -> str:
    return keyring().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return keyring().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        # Never include the token or any text in the message.
        raise UndecryptableError(
            "A restricted safeguarding value could not be decrypted with the "
            "configured SAFEGUARDING_KEYS."
        ) from None


def reencrypt(token: str) -> str:
    """The same plaintext under the first (newest) key."""
    try:
        return keyring().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise UndecryptableError(
            "A restricted safeguarding value could not be decrypted with the "
            "configured SAFEGUARDING_KEYS."
        ) from None


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; read back as plain text.

    An empty value is stored empty, so "no URL given" needs no key. The
    column cannot be searched or ordered meaningfully, by design.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
