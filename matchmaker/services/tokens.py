"""Single-use, expiring links for invitations and password resets.

The link carries a random token; the database keeps only its SHA-256, so a leaked
backup holds no working link. Issuing a new link for the same purpose voids the
previous one. Opening a link (GET) never consumes it: mail scanners fetch links.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from matchmaker.extensions import db
from matchmaker.models import OneTimeToken, TokenPurpose, User, utcnow

TOKEN_BYTES = 32


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def lifetime(purpose: TokenPurpose) -> timedelta:
    """How long a link of this purpose stays valid (settings)."""
    if purpose is TokenPurpose.INVITE:
        return timedelta(hours=current_app.config["INVITE_LINK_HOURS"])
    return timedelta(minutes=current_app.config["RESET_LINK_MINUTES"])


def issue(user: User, purpose: TokenPurpose) -> str:
    """A new raw token for ``user`` (caller's write transaction); voids older ones."""
    now = utcnow()
    db.session.execute(
        update(OneTimeToken)
        .where(OneTimeToken.user_id == user.id)
        .where(OneTimeToken.used_at.is_(None))
        .values(used_at=now)
    )
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(
        OneTimeToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=_digest(raw),
            created_at=now,
            expires_at=now + lifetime(purpose),
        )
    )
    return raw


def find_valid(raw: str, *, for_update: bool = False) -> OneTimeToken | None:
    """The unused, unexpired token for this raw value, else None."""
    if not raw or len(raw) > 128:
        return None
    query = (
        select(OneTimeToken)
        .where(OneTimeToken.token_hash == _digest(raw))
        .where(OneTimeToken.used_at.is_(None))
        .where(OneTimeToken.expires_at > utcnow())
    )
    if for_update:
        query = query.with_for_update()
    token = db.session.scalar(query)
    if token is None or not token.user.active:
        return None
    return token


def link(raw: str) -> str:
    """The public address of the set-password page, from ``BASE_URL`` only."""
    return f"{current_app.config['BASE_URL']}/account/set-password/{raw}"
