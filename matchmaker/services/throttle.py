"""Sign-in throttling counted in the database, so it holds across gunicorn workers.

An attempt is *reserved* (a ``pending`` row) inside a write transaction before the
password is verified, then settled as failed or succeeded. Pending rows count as
failures, so however many requests race in, at most
``SIGNIN_MAX_FAILURES_PER_ACCOUNT`` of them reach argon2 in the window. The count and
the reservation run under a lock: ``BEGIN IMMEDIATE`` on SQLite, a transaction-level
advisory lock on PostgreSQL (READ COMMITTED alone would let racing transactions miss
each other's rows; in-memory counters multiply by the number of workers).

A pending row older than ``PENDING_GRACE`` no longer counts: its process died between
reservation and settlement, and counting it would lock the owner out for the window.

Password-reset requests are limited the same way, in their own table: the ones let
through are counted per address asked about and per client address, so the reset page
can neither flood an inbox nor mail every address from one client.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, delete, func, or_, select, text

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import AttemptState, SignInAttempt, utcnow
from matchmaker.models.auth import ResetRequest

logger = logging.getLogger(__name__)

# Arbitrary constants naming the PostgreSQL advisory locks of the two counters.
_ADVISORY_LOCK_KEY = 4_807_221
_RESET_LOCK_KEY = 4_807_222

PENDING_GRACE = timedelta(seconds=60)
"""How long a reserved attempt counts as a failure while it waits to be settled.

Far longer than any verification takes (one argon2 hash and a short write, a few
seconds at most even on a loaded host), so a live attempt always counts and concurrent
guesses stay bounded. A row still pending after that was left by a killed worker; it
must not keep its owner locked out for the rest of the window.
"""


@dataclass(frozen=True)
class Refusal:
    """An attempt refused before verification, and when to come back."""

    retry_after: int
    reason: str  # "slow-down" or "locked"


@dataclass(frozen=True)
class Limits:
    """The throttle settings in force (see ``config.SETTINGS``)."""

    window: timedelta
    per_account: int
    per_address: int
    delay_after: int
    delay: timedelta

    @classmethod
    def from_config(cls) -> Limits:
        config = current_app.config
        return cls(
            window=timedelta(seconds=config["SIGNIN_WINDOW_SECONDS"]),
            per_account=config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"],
            per_address=config["SIGNIN_MAX_FAILURES_PER_ADDRESS"],
            delay_after=config["SIGNIN_DELAY_AFTER_FAILURES"],
            delay=timedelta(seconds=config["SIGNIN_DELAY_SECONDS"]),
        )


def reserve(email: str, remote_addr: str) -> int | Refusal:
    """Reserve one attempt for ``email`` from ``remote_addr``, or refuse it.

    Runs in its own committed write transaction; returns the attempt id to settle.
    """
    limits = Limits.from_config()
    now = utcnow()
    db.session.rollback()
    with write_transaction(db.session):
        _lock()
        # Attempts past the window count for nothing (the audit log keeps history).
        db.session.execute(
            delete(SignInAttempt).where(SignInAttempt.at < now - limits.window)
        )
        refusal = _refusal(email, remote_addr, now, limits)
        if refusal is not None:
            return refusal
        attempt = SignInAttempt(email=email, remote_addr=remote_addr, at=now)
        db.session.add(attempt)
        db.session.flush()
        return attempt.id


def settle(attempt_id: int, succeeded: bool) -> None:
    """Mark an attempt failed or succeeded (caller's transaction).

    Success forgets the account's earlier failures: the owner proved the password.
    """
    attempt = db.session.get(SignInAttempt, attempt_id)
    if attempt is None:
        return
    if not succeeded:
        attempt.state = AttemptState.FAILED
        return
    attempt.state = AttemptState.SUCCEEDED
    db.session.execute(
        delete(SignInAttempt).where(
            SignInAttempt.email == attempt.email,
            SignInAttempt.state == AttemptState.FAILED,
        )
    )


@dataclass(frozen=True)
class ResetLimits:
    """The reset-request settings in force (see ``config.SETTINGS``)."""

    window: timedelta
    per_account: int
    per_address: int

    @classmethod
    def from_config(cls) -> ResetLimits:
        config = current_app.config
        return cls(
            window=timedelta(seconds=config["RESET_WINDOW_SECONDS"]),
            per_account=config["RESET_MAX_PER_ACCOUNT"],
            per_address=config["RESET_MAX_PER_ADDRESS"],
        )


def admit_reset_request(email: str, remote_addr: str) -> bool:
    """Count one reset request for ``email`` from ``remote_addr`` if under the limits.

    Runs in the caller's write transaction (taken with the write lock up front), so
    the count and the new row are atomic across workers. Requests refused are not
    recorded: the limits bound the emails sent, not the page views.
    """
    limits = ResetLimits.from_config()
    now = utcnow()
    since = now - limits.window
    _lock(_RESET_LOCK_KEY)
    db.session.execute(delete(ResetRequest).where(ResetRequest.at < since))
    for condition, limit in (
        (ResetRequest.email == email, limits.per_account),
        (ResetRequest.remote_addr == remote_addr, limits.per_address),
    ):
        count = db.session.scalar(
            select(func.count())
            .select_from(ResetRequest)
            .where(condition, ResetRequest.at >= since)
        )
        if (count or 0) >= limit:
            return False
    db.session.add(ResetRequest(email=email, remote_addr=remote_addr, at=now))
    db.session.flush()
    return True


def _lock(key: int = _ADVISORY_LOCK_KEY) -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _refusal(
    email: str, remote_addr: str, now: datetime, limits: Limits
) -> Refusal | None:
    since = now - limits.window
    count, oldest, latest = _failures(SignInAttempt.email == email, since, now)
    if count >= limits.per_account:
        return Refusal(_seconds_until(oldest + limits.window, now), "locked")
    address_count, address_oldest, _ = _failures(
        SignInAttempt.remote_addr == remote_addr, since, now
    )
    if address_count >= limits.per_address:
        return Refusal(_seconds_until(address_oldest + limits.window, now), "locked")
    if count >= limits.delay_after and latest + limits.delay > now:
        return Refusal(_seconds_until(latest + limits.delay, now), "slow-down")
    return None


def _failures(
    condition: ColumnElement[bool], since: datetime, now: datetime
) -> tuple[int, datetime, datetime]:
    """Failed attempts in the window, plus pending ones still within their grace."""
    counted = or_(
        SignInAttempt.state == AttemptState.FAILED,
        and_(
            SignInAttempt.state == AttemptState.PENDING,
            SignInAttempt.at >= now - PENDING_GRACE,
        ),
    )
    count, oldest, latest = db.session.execute(
        select(func.count(), func.min(SignInAttempt.at), func.max(SignInAttempt.at))
        .where(condition)
        .where(SignInAttempt.at >= since)
        .where(counted)
    ).one()
    return count, _aware(oldest) or since, _aware(latest) or since


def _aware(value: datetime | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite; restore the UTC zone."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))
