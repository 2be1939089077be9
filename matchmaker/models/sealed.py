"""A column type that keeps a secret encrypted at rest.

TOTP secrets must be readable by the service (to check codes), so they cannot be
hashed like passwords; sealing them with a key derived from ``SECRET_KEY`` means a
copy of the database alone (a backup, a dump) does not give away anyone's second
factor. Rotating ``SECRET_KEY`` makes sealed values unreadable: they read back as
None and the people concerned enrol their authenticator again.
"""

from __future__ import annotations

import base64
import logging

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import Dialect, String, TypeDecorator

logger = logging.getLogger(__name__)

_INFO = b"matchmaker sealed columns v1"


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value: str, secret_key: str | None = None) -> str:
    """Encrypt and authenticate ``value`` with the app's key."""
    key = secret_key or current_app.config["SECRET_KEY"]
    return _fernet(key).encrypt(value.encode("utf-8")).decode("ascii")


def unseal(token: str, secret_key: str | None = None) -> str | None:
    """The sealed value, or None when it was sealed with another key."""
    key = secret_key or current_app.config["SECRET_KEY"]
    try:
        return _fernet(key).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        logger.warning("a sealed value cannot be opened with the current key")
        return None


class SealedString(TypeDecorator[str]):
    """A string stored encrypted; reads and writes stay plain text in Python."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else seal(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else unseal(value)
