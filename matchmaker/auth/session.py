"""Session identity for Flask-Login, and the rules that end sessions.

The id kept in the session cookie is ``"<user id>:<session generation>"`` (see
``User.get_id``). Logging out, changing the password or disabling the account bumps
the generation, so any cookie captured before no longer loads a user (Flask-Login
alone would accept it). Flask-Login stays because it is small and lets the loader do
exactly this; the timeouts below ride on timestamps in the signed session cookie.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from matchmaker.extensions import db, login_manager
from matchmaker.models import User

logger = logging.getLogger(__name__)

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
PENDING_CODE = "pending_code"  # "id:generation" awaiting a second-factor code
PENDING_CODE_SINCE = "pending_code_since"
PENDING_CODE_SECONDS = 300
# Rewrite the cookie for "last seen" at most this often, not on every request.
LAST_SEEN_RESOLUTION = 30

# Pages a user who must enrol a second factor may still reach.
ENROLMENT_ENDPOINTS = frozenset(
    {"auth.totp_enrol", "auth.totp_start", "auth.sign_out", "static"}
)


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


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session: nothing from before survives.

    Clearing the session drops any pre-sign-in state (a fixated cookie's contents,
    the old CSRF token); the next form gets a new CSRF token.
    """
    session.clear()
    g.pop("csrf_token", None)
    login_user(user)
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now


def end_session() -> None:
    """Forget the signed-in user in this browser."""
    logout_user()
    session.clear()
    g.pop("csrf_token", None)


def remember_pending_code(user: User) -> None:
    """Password accepted; keep who is waiting for the second factor, briefly."""
    session.clear()
    session[PENDING_CODE] = user.get_id()
    session[PENDING_CODE_SINCE] = int(time.time())


def pending_code_user() -> User | None:
    """The user whose code is awaited, while the wait is fresh and still valid."""
    login_id = session.get(PENDING_CODE)
    since = session.get(PENDING_CODE_SINCE)
    if not isinstance(login_id, str) or not isinstance(since, int):
        return None
    if time.time() - since > PENDING_CODE_SECONDS:
        return None
    return load_user(login_id)


def _session_expired(now: float) -> bool:
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if not isinstance(signed_in_at, int) or not isinstance(last_seen, int):
        return True
    config = current_app.config
    idle = config["SESSION_IDLE_MINUTES"] * 60
    absolute = config["SESSION_ABSOLUTE_HOURS"] * 3600
    return now - last_seen > idle or now - signed_in_at > absolute


def enforce_session_rules() -> Response | None:
    """Before each request: end stale sessions; hold back users who must enrol."""
    # ``g`` outlives a request when an app context was pushed around it (tests,
    # scripts); a user cached there by an earlier request must not carry over.
    g.pop("_login_user", None)
    if "_user_id" not in session:
        return None
    now = time.time()
    if _session_expired(now):
        logger.info("Session ended by timeout")
        end_session()
        flash("Your session has ended. Please sign in again.", "info")
        return None
    if now - session[LAST_SEEN] >= LAST_SEEN_RESOLUTION:
        session[LAST_SEEN] = int(now)
    if not current_user.is_authenticated or request.endpoint in ENROLMENT_ENDPOINTS:
        return None
    from matchmaker.services import two_factor

    if two_factor.must_enrol(current_user):
        return redirect(url_for("auth.totp_enrol"))
    return None


def no_store_when_signed_in(response: Response) -> Response:
    """Pages for a signed-in user must not stay in shared or browser caches."""
    if "_user_id" in session or PENDING_CODE in session:
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def init_app(app: Flask) -> None:
    """Bind Flask-Login and the session rules to the app."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.sign_in"
    login_manager.session_protection = "basic"
    app.before_request(enforce_session_rules)
    app.after_request(no_store_when_signed_in)
