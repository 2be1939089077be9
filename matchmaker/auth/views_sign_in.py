"""Signing in (password, then a code when two-step sign-in is on) and out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker.auth import session as auth_session
from matchmaker.auth.blueprints import bp
from matchmaker.auth.forms import CodeForm, SignInForm
from matchmaker.auth.redirects import safe_next
from matchmaker.policy import ANYONE, SIGNED_IN, allow
from matchmaker.services import accounts
from matchmaker.services import sign_in as sign_in_service
from matchmaker.services.throttle import Refusal

# One message for unknown email, wrong password and disabled account alike.
BAD_CREDENTIALS = "The email or password is not correct."
BAD_CODE = "That code is not correct."


def _too_many(refusal: Refusal) -> str:
    return (
        "Too many sign-in attempts. Wait "
        f"{refusal.retry_after} seconds before trying again."
    )


def _next_target() -> str | None:
    target = request.args.get("next")
    return safe_next(target) if target else None


@bp.route("/sign-in", methods=["GET", "POST"])
@allow(ANYONE)
def sign_in() -> Response | tuple[str, int, dict[str, str]]:
    """Email and password; a second-factor code follows when enabled."""
    next_target = _next_target()
    if current_user.is_authenticated:
        return redirect(next_target or url_for("main.home"))
    form = SignInForm()
    error, status, headers = None, 200, {}
    if form.validate_on_submit():
        result = sign_in_service.check_password(
            form.email.data or "", form.password.data or "", request.remote_addr or ""
        )
        if result.refusal is not None:
            error, status = _too_many(result.refusal), 429
            headers["Retry-After"] = str(result.refusal.retry_after)
        elif result.needs_code and result.user is not None:
            auth_session.remember_pending_code(result.user)
            return redirect(url_for("auth.sign_in_code", next=next_target))
        elif result.ok and result.user is not None:
            auth_session.start_session(result.user)
            return redirect(next_target or url_for("main.home"))
        else:
            error = BAD_CREDENTIALS
    html = render_template(
        "auth/sign_in.html", form=form, error=error, next_target=next_target
    )
    return html, status, headers


@bp.route("/sign-in/code", methods=["GET", "POST"])
@allow(ANYONE)
def sign_in_code() -> Response | tuple[str, int, dict[str, str]]:
    """The second step: a code from the authenticator app."""
    user = auth_session.pending_code_user()
    if user is None:
        flash("Please sign in again.", "info")
        return redirect(url_for("auth.sign_in"))
    next_target = _next_target()
    form = CodeForm()
    error, status, headers = None, 200, {}
    if form.validate_on_submit():
        result = sign_in_service.check_code(
            user, form.code.data or "", request.remote_addr or ""
        )
        if result.refusal is not None:
            error, status = _too_many(result.refusal), 429
            headers["Retry-After"] = str(result.refusal.retry_after)
        elif result.ok and result.user is not None:
            auth_session.start_session(result.user)
            return redirect(next_target or url_for("main.home"))
        else:
            error = BAD_CODE
    html = render_template(
        "auth/sign_in_code.html", form=form, error=error, next_target=next_target
    )
    return html, status, headers


@bp.post("/sign-out")
@allow(SIGNED_IN)
def sign_out() -> Response:
    """End this session and every copy of its cookie (POST with CSRF)."""
    accounts.sign_out(current_user._get_current_object())
    auth_session.end_session()
    flash("You are signed out.", "success")
    return redirect(url_for("auth.sign_in"))
