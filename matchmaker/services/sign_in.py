"""Checking credentials: password first, then the second factor when enabled.

Order matters: the throttle reserves the attempt *before* argon2 runs, and no
transaction is open while hashing (on SQLite a POST request's transaction holds the
write lock, which would serialise every sign-in behind one hash). Unknown emails go
through the same steps, including a dummy hash, so they look and time the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import Outcome, User, utcnow
from matchmaker.passwords import hash_password, needs_rehash, verify_password
from matchmaker.services import audit, throttle, two_factor
from matchmaker.services.throttle import Refusal
from matchmaker.services.users import find_by_email

logger = logging.getLogger(__name__)

MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True)
class Result:
    """What a sign-in step decided."""

    user: User | None = None
    refusal: Refusal | None = None
    needs_code: bool = False

    @property
    def ok(self) -> bool:
        return self.user is not None and not self.needs_code


def email_key(email: str) -> str:
    """The spelling attempts are counted under: trimmed, lower case, bounded."""
    return email.strip().lower()[:MAX_EMAIL_LENGTH]


def check_password(email: str, password: str, remote_addr: str) -> Result:
    """Verify email and password, throttled per account and address."""
    key = email_key(email)
    reservation = throttle.reserve(key, remote_addr)
    if isinstance(reservation, Refusal):
        _record_refusal(key, reservation)
        return Result(refusal=reservation)
    user = find_by_email(key) if key else None
    stored_hash = user.password_hash if user is not None else None
    user_id = user.id if user is not None else None
    db.session.rollback()  # no lock or snapshot held while hashing
    verified = verify_password(stored_hash, password)
    with write_transaction(db.session):
        user = db.session.get(User, user_id) if user_id is not None else None
        ok = verified and user is not None and user.active
        throttle.settle(reservation, ok)
        if not ok:
            reason = "inactive" if verified else "bad-credentials"
            _record_failure(key, reason, user)
            return Result()
        assert user is not None  # ``ok`` holds only for a user
        if needs_rehash(user.password_hash or ""):
            user.password_hash = hash_password(password)
        if user.totp_enabled:
            audit.record("auth.password_ok", obj=user, actor=user)
            return Result(user=user, needs_code=True)
        _record_success(user, method="password")
    return Result(user=user)


def check_code(user: User, code: str, remote_addr: str) -> Result:
    """Verify the second factor of a user whose password was already accepted."""
    key = email_key(user.email)
    user_id = user.id
    reservation = throttle.reserve(key, remote_addr)
    if isinstance(reservation, Refusal):
        _record_refusal(key, reservation)
        return Result(refusal=reservation)
    with write_transaction(db.session):
        current = db.session.get(User, user_id)
        ok = (
            current is not None
            and current.active
            and current.totp_enabled
            and two_factor.use_code(current, current.totp_secret or "", code)
        )
        throttle.settle(reservation, ok)
        if not ok:
            _record_failure(key, "bad-code", current)
            return Result()
        assert current is not None  # ``ok`` holds only for a user
        _record_success(current, method="password+totp")
    return Result(user=current)


def _record_success(user: User, method: str) -> None:
    user.last_sign_in_at = utcnow()
    audit.record("auth.sign_in", obj=user, actor=user, details={"method": method})


def _record_failure(key: str, reason: str, user: User | None) -> None:
    audit.record(
        "auth.sign_in",
        obj=user,
        object_type="user",
        outcome=Outcome.FAILURE,
        actor_label=key,
        details={"email": key, "reason": reason},
    )


def _record_refusal(key: str, refusal: Refusal) -> None:
    with write_transaction(db.session):
        audit.record(
            "auth.sign_in",
            object_type="user",
            outcome=Outcome.DENIED,
            actor_label=key,
            details={"email": key, "reason": refusal.reason},
        )
