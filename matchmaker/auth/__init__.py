"""Authentication and accounts: sign-in, sessions, invitations, second factor."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind Flask-Login and the session rules, and register the account pages."""
    # Importing the view modules attaches their routes to the blueprints.
    from matchmaker.auth import (  # noqa: F401
        session,
        views_account,
        views_api_tokens,
        views_sign_in,
        views_totp,
        views_users,
    )
    from matchmaker.auth.blueprints import bp, users_bp
    from matchmaker.policy import accounts as account_policy

    session.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(users_bp)
    app.jinja_env.globals["can_list_users"] = account_policy.can_list_users
