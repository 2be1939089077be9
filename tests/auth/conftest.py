"""Fixtures for account tests: mail kept in memory, helpers to sign in for real."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from matchmaker.extensions import db
from matchmaker.models import AuditEvent


@pytest.fixture
def app_config() -> dict:
    """Mail in memory; throttle slow-down off unless a test turns it on."""
    return {
        "MAIL_BACKEND": "locmem",
        "BASE_URL": "https://matchmaker.example.org",
        "SIGNIN_DELAY_SECONDS": 0,
    }


@pytest.fixture
def outbox(app):
    """Messages 'sent' during the test (Flask-Mailman's locmem backend)."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


def post_sign_in(client: FlaskClient, email: str, password: str, **kwargs):
    """Submit the sign-in form."""
    return client.post(
        "/sign-in", data={"email": email, "password": password}, **kwargs
    )


def link_in(body: str) -> str:
    """The one-time link in an email body."""
    match = re.search(r"https://\S+/account/set-password/\S+", body)
    assert match, body
    return match.group(0)


def audit_events(action: str) -> list[AuditEvent]:
    """Audit events of one action, oldest first."""
    db.session.rollback()
    return list(
        db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        )
    )
