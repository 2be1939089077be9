"""Read-only queries behind the user-admin pages."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import Country, Role, User


def list_users(role: Role | None = None, active: bool | None = None) -> list[User]:
    """Users, optionally of one role or status, by email."""
    query = select(User).options(
        selectinload(User.country), selectinload(User.organisation)
    )
    if role is not None:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active.is_(active))
    return list(db.session.scalars(query.order_by(User.email)))


def country_choices() -> list[tuple[str, str]]:
    """(alpha-3, name) of the ESCAP members and associates, by name."""
    rows = db.session.execute(
        select(Country.alpha3, Country.name)
        .where(or_(Country.escap_member, Country.escap_associate))
        .order_by(Country.name)
    )
    return [(alpha3, name) for alpha3, name in rows]


def count_in_email_domain(domain: str) -> int:
    """How many accounts have an email address at ``domain`` (e.g. the demo's)."""
    from sqlalchemy import func

    pattern = "%@" + domain.lower().replace("%", r"\%").replace("_", r"\_")
    query = select(func.count()).where(
        func.lower(User.email).like(pattern, escape="\\")
    )
    return int(db.session.scalar(query.select_from(User)) or 0)
