"""Reading the audit trail: filters and pages for the admin's viewer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Outcome
from matchmaker.services.listing import Page, paginate

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilters:
    """Viewer filters; empty means no filter. ``actor`` matches the start of a
    label (an email address), case-insensitively."""

    action: str | None = None
    actor: str | None = None
    outcome: Outcome | None = None


def actions() -> list[str]:
    """Every action recorded so far, for the filter's choices."""
    query = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return list(db.session.scalars(query))


def search(filters: AuditFilters, number: int) -> Page[AuditEvent]:
    """One page of events, newest first."""
    query = select(AuditEvent)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor:
        pattern = _escape_like(filters.actor.lower()) + "%"
        query = query.where(AuditEvent.actor_label.ilike(pattern, escape="\\"))
    if filters.outcome:
        query = query.where(AuditEvent.outcome == filters.outcome)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return paginate(query, number, PER_PAGE)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
