"""Recording audit events; the one place that writes them."""

from __future__ import annotations

import logging
from typing import Any

from flask import g, has_request_context, request
from flask_login import current_user

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Outcome, User

logger = logging.getLogger(__name__)

# Keys that never reach the audit log, whatever a caller passes.
SECRET_KEYS = frozenset({"password", "password_hash", "token", "totp_secret", "code"})


def record(
    action: str,
    *,
    obj: object | None = None,
    object_type: str = "",
    object_id: str | int = "",
    outcome: Outcome = Outcome.SUCCESS,
    actor: User | None = None,
    actor_label: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session (the caller's transaction commits it)."""
    if obj is not None:
        object_type = object_type or type(obj).__name__.lower()
        object_id = object_id or getattr(obj, "id", "") or ""
    actor = actor or _current_actor()
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (actor.email if actor is not None else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        outcome=outcome,
        request_id=g.get("request_id", "") if has_request_context() else "",
        remote_addr=(request.remote_addr or "") if has_request_context() else "",
        details={k: v for k, v in (details or {}).items() if k not in SECRET_KEYS},
    )
    db.session.add(event)
    logger.info(
        "audit %s %s %s:%s by %s", action, outcome.value, object_type, object_id,
        event.actor_label or "-",
    )  # fmt: skip
    return event


def _current_actor() -> User | None:
    if not has_request_context():
        return None
    user = current_user._get_current_object() if current_user else None
    return user if isinstance(user, User) else None
