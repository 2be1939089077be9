"""Session identity for Flask-Login.

The id kept in the session cookie is ``"<user id>:<session generation>"`` (see
``User.get_id``). Logging out, changing the password or disabling the account bumps
the generation, so any cookie captured before no longer loads a user (Flask-Login
alone would accept it).
"""

from __future__ import annotations

from flask import Flask

from matchmaker.extensions import db, login_manager
from matchmaker.models import User


def load_user(login_id: str) -> User | None:
    """The active user whose current generation matches the cookie, else nobody."""
    user_id, _, generation = login_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def end_all_sessions(user: User) -> None:
    """Make every existing session of this user useless."""
    user.session_generation += 1


def init_app(app: Flask) -> None:
    """Bind Flask-Login to the app."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
