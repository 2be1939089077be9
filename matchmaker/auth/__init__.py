"""Authentication and accounts: sign-in, sessions, invitations, second factor."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind Flask-Login and register the account pages."""
    from matchmaker.auth import session

    session.init_app(app)
