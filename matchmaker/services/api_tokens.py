"""Personal API tokens: issued and revoked by their holder, checked on every API call.

The raw token is shown once and never stored: the database keeps its SHA-256 (a copy
of the database hands out no working token) and its first characters, so that people
can tell their tokens apart. ``authenticate`` asks the database on every call, with no
cache, so that revoking a token or disabling its user takes effect at once.
``count_use`` counts requests per token and minute in the database, so the rate limit
holds across gunicorn workers and hosts (counters in memory would multiply by the
number of workers).
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Insert, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import ApiRateWindow, ApiToken, TokenScope, User, utcnow
from matchmaker.services import audit

RAW_PREFIX = "mm_"
TOKEN_BYTES = 32
PREFIX_LENGTH = 12  # "mm_" and 9 random characters: the column's size
NAME_MAX_LENGTH = 80  # the column's size
OBJECT_TYPE = "api_token"

RATE_WINDOW = timedelta(minutes=1)
# Windows older than this count for nothing and are deleted as the token is used.
KEEP_WINDOWS = timedelta(minutes=2)
# ``last_used_at`` is written at most this often per token, to keep each call's
# write small; the page shows it to the day.
LAST_USED_RESOLUTION = timedelta(seconds=60)


class ApiTokenError(ValueError):
    """A token cannot be issued as asked; the message is safe to show."""


def digest(raw: str) -> str:
    """The SHA-256 kept in place of a raw token."""
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def issue(
    user: User, *, name: str, scope: TokenScope, days: int
) -> tuple[ApiToken, str]:
    """A new token for ``user`` in its own write transaction (audited).

    Returns the row and the raw token, which exists nowhere else afterwards: show it
    once. Refuses a lifetime outside 1 to ``API_TOKEN_MAX_DAYS`` days, an empty or
    over-long name, and a disabled account, with an ``ApiTokenError``.
    """
    label = _checked_name(name)
    _check_days(days)
    scope = _checked_scope(scope)
    user_id = user.id  # read before the rollback expires it
    raw = RAW_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    db.session.rollback()
    with write_transaction(db.session):
        owner = db.session.get(User, user_id)
        if owner is None or not owner.active:
            raise ApiTokenError("This account is disabled: it cannot have API tokens.")
        now = utcnow()
        token = ApiToken(
            user_id=owner.id,
            name=label,
            token_hash=digest(raw),
            prefix=raw[:PREFIX_LENGTH],
            scope=scope,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        db.session.add(token)
        db.session.flush()
        audit.record(
            "api_token.created",
            obj=token,
            object_type=OBJECT_TYPE,
            details={
                "user": owner.email,
                "name": label,
                "prefix": token.prefix,
                "scope": scope.value,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return token, raw


def revoke(user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens (audited).

    False, and nothing written, when the token is missing, someone else's or
    revoked already. Nobody revokes another person's token: disabling the person
    makes all of theirs useless (``authenticate`` checks the account).
    """
    user_id = user.id
    db.session.rollback()
    with write_transaction(db.session):
        token = db.session.scalar(
            select(ApiToken)
            .where(ApiToken.id == token_id, ApiToken.user_id == user_id)
            .where(ApiToken.revoked_at.is_(None))
            .with_for_update()
        )
        if token is None:
            return False
        token.revoked_at = utcnow()
        audit.record(
            "api_token.revoked",
            obj=token,
            object_type=OBJECT_TYPE,
            details={"name": token.name, "prefix": token.prefix},
        )
    return True


def own_token(user: User, token_id: int) -> ApiToken | None:
    """``user``'s token of that id, revoked or not; None for anyone else's."""
    return db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )


def tokens_of(user: User) -> list[ApiToken]:
    """Every token of ``user``, newest first, revoked and expired ones included."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def authenticate(raw: str) -> ApiToken | None:
    """The usable token for this raw value, with its user loaded, else None.

    One query by hash whatever the value (no early answer for a malformed one);
    None when the token is unknown, revoked, expired or its user disabled. Nothing
    is cached: the row is read afresh on every call, in the caller's transaction,
    so a request (which begins its own) sees every change committed before it.
    """
    value = raw if isinstance(raw, str) else ""
    return db.session.scalar(
        select(ApiToken)
        .join(ApiToken.user)
        .options(contains_eager(ApiToken.user))
        .where(ApiToken.token_hash == digest(value))
        .where(ApiToken.revoked_at.is_(None))
        .where(ApiToken.expires_at > utcnow())
        .where(User.active.is_(True))
        .execution_options(populate_existing=True)
    )


def count_use(token: ApiToken) -> int | None:
    """Count one request of ``token``; None within the limit, else the seconds
    until its minute ends (for ``Retry-After``).

    One write transaction of its own (the caller's open transaction is ended first,
    so nothing may be pending): this minute's count goes up by one in a single
    upsert; on the first request of a window the token's windows past
    ``KEEP_WINDOWS`` go; ``last_used_at`` moves when it is older than
    ``LAST_USED_RESOLUTION`` (a guard in the statement too, for racing requests).
    The count lives only in the database, so every worker and host sees the same one.
    """
    token_id, last_used = token.id, token.last_used_at  # before the rollback
    limit = current_app.config["API_RATE_LIMIT_PER_MINUTE"]
    db.session.rollback()
    now = utcnow()
    window = now.replace(second=0, microsecond=0)
    with write_transaction(db.session):
        count = db.session.scalar(_increment(token_id, window))
        if count == 1:  # a new window: the token's old ones can go
            db.session.execute(
                delete(ApiRateWindow).where(
                    ApiRateWindow.token_id == token_id,
                    ApiRateWindow.window_start < now - KEEP_WINDOWS,
                )
            )
        if last_used is None or last_used < now - LAST_USED_RESOLUTION:
            db.session.execute(
                update(ApiToken)
                .where(ApiToken.id == token_id)
                .where(
                    or_(
                        ApiToken.last_used_at.is_(None),
                        ApiToken.last_used_at < now - LAST_USED_RESOLUTION,
                    )
                )
                .values(last_used_at=now)
                .execution_options(synchronize_session=False)
            )
    if count is None or count <= limit:
        return None
    return max(1, math.ceil((window + RATE_WINDOW - now).total_seconds()))


def _increment(token_id: int, window: datetime) -> Insert:
    """``INSERT … ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count``."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ApiRateWindow).values(
        token_id=token_id, window_start=window, count=1
    )
    return statement.on_conflict_do_update(
        index_elements=[ApiRateWindow.token_id, ApiRateWindow.window_start],
        set_={"count": ApiRateWindow.count + 1},
    ).returning(ApiRateWindow.count)


def _checked_name(name: str) -> str:
    label = (name or "").strip()
    if not label:
        raise ApiTokenError("Give the token a name, so you can recognise it later.")
    if len(label) > NAME_MAX_LENGTH:
        raise ApiTokenError(
            f"Keep the token's name to {NAME_MAX_LENGTH} characters or fewer."
        )
    if "\x00" in label:
        raise ApiTokenError("Remove the control characters from the name.")
    return label


def _checked_scope(scope: TokenScope | str) -> TokenScope:
    try:
        return TokenScope(scope)
    except ValueError:
        raise ApiTokenError(
            "Choose what the token may do: read only, or read and write."
        ) from None


def _check_days(days: int) -> None:
    longest = current_app.config["API_TOKEN_MAX_DAYS"]
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= longest:
        raise ApiTokenError(
            f"A token may stay valid from 1 to {longest} days; choose a number "
            "of days in that range."
        )
