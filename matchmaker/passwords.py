"""Password hashing with argon2id and the rules a new password must meet."""

from __future__ import annotations

import functools
import gzip
import unicodedata
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2id with the library's current recommended costs

# A dummy hash verified when no account matches, so unknown emails cost the same time.
_DUMMY_HASH = _hasher.hash("matchmaker-timing-equaliser")


class PasswordRejected(ValueError):
    """A new password does not meet the rules; the message says which."""


def validate_new_password(password: str, email: str | None = None) -> None:
    """Raise ``PasswordRejected`` unless the password may be set.

    Any characters are allowed (NIST SP 800-63B, ASVS 6.2): length, not composition,
    makes a password strong; what is refused is what attackers try first.
    """
    length = len(unicodedata.normalize("NFC", password))
    if length < MIN_LENGTH:
        raise PasswordRejected(f"Use at least {MIN_LENGTH} characters.")
    if length > MAX_LENGTH:
        raise PasswordRejected(f"Use at most {MAX_LENGTH} characters.")
    if is_common(password):
        raise PasswordRejected(
            "This password is among the most commonly used ones; choose another."
        )
    if email and _same_as_email(password, email):
        raise PasswordRejected("Do not use your email address as your password.")


def is_common(password: str) -> bool:
    """True when the password (ignoring case) is in the shipped common-password list."""
    return password.strip().lower() in _common_passwords()


@functools.cache
def _common_passwords() -> frozenset[str]:
    """The 8+ character entries of Django's 20,000 most common passwords.

    Shipped inside the package (``data/common-passwords.txt.gz``, BSD licence, see
    ``data/COMMON-PASSWORDS-LICENSE.txt``) so the check works offline and never sends
    a password anywhere.
    """
    source = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def _same_as_email(password: str, email: str) -> bool:
    candidate = password.strip().lower()
    address = email.strip().lower()
    return candidate in {address, address.partition("@")[0]}


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; spends the same effort when there is no hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(
            password_hash
        )
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)
