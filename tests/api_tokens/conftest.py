"""Fixtures for the API token tests: a token holder and reads on a fresh transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from matchmaker.extensions import db
from matchmaker.models import ApiToken, AuditEvent, Role, User
from tests.factories import writing


@pytest.fixture
def holder(make) -> User:
    """A focal point who makes tokens."""
    return make.user(Role.FOCAL_POINT, country="NPL", email="holder@example.org")


def stored_tokens() -> list[ApiToken]:
    """Every token row, read afresh."""
    db.session.rollback()
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.id)))


def audit_actions() -> list[str]:
    """The actions of the audit log, oldest first."""
    db.session.rollback()
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def change_token(token_id: int, **values) -> None:
    """Change a token's row behind the service's back (as another process would)."""
    with writing():
        db.session.execute(
            update(ApiToken).where(ApiToken.id == token_id).values(**values)
        )
        db.session.commit()


def change_user(user_id: int, **values) -> None:
    """Change a user's row behind the service's back."""
    with writing():
        db.session.execute(update(User).where(User.id == user_id).values(**values))
        db.session.commit()
