"""One's own account: overview, contact settings, password change and reset links."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker.auth import session as auth_session
from matchmaker.auth.blueprints import bp
from matchmaker.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    SetPasswordForm,
)
from matchmaker.extensions import db
from matchmaker.forms.contact import ContactSettingsForm
from matchmaker.models import EmailPreference
from matchmaker.passwords import PasswordRejected
from matchmaker.policy import ANYONE, SIGNED_IN, allow
from matchmaker.policy.accounts import can_use_totp
from matchmaker.services import accounts, tokens
from matchmaker.services.contact_settings import update_contact_settings

RESET_ANSWER = (
    "If an active account uses that address, a link to choose a new password is on "
    "its way. It works once and expires soon."
)


@bp.get("/account")
@allow(SIGNED_IN)
def account() -> str:
    """Who you are signed in as, security, contact details and email choice."""
    form = ContactSettingsForm(
        data={
            "phone": current_user.phone,
            "email_preference": current_user.email_preference.value,
        }
    )
    return _account_page(form)


def _account_page(contact_form: ContactSettingsForm) -> str:
    return render_template(
        "auth/account.html",
        user=current_user,
        can_use_totp=can_use_totp(current_user),
        contact_form=contact_form,
    )


@bp.post("/account/contact")
@allow(SIGNED_IN)
def contact_settings() -> Response | tuple[str, int]:
    """Save the phone number and how notifications come by email (audited)."""
    form = ContactSettingsForm()
    if not form.validate_on_submit():
        return _account_page(form), 422
    changed = update_contact_settings(
        current_user._get_current_object(),
        form.phone.data or "",
        EmailPreference(form.email_preference.data),
    )
    flash(
        "Your contact details and email choice are saved."
        if changed
        else "Nothing to save: your contact details and email choice are as before.",
        "success" if changed else "info",
    )
    return redirect(url_for("auth.account", _anchor="contact"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow(SIGNED_IN)
def change_password() -> Response | str:
    """Change the password; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.change_password(
                current_user._get_current_object(),
                form.current_password.data or "",
                form.new_password.data or "",
            )
        except accounts.AccountError as error:
            form.current_password.errors.append(str(error))
        except PasswordRejected as error:
            form.new_password.errors.append(str(error))
        else:
            auth_session.start_session(user)  # this browser stays signed in
            flash(
                "Your password is changed. Other sessions were signed out.", "success"
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/forgot-password", methods=["GET", "POST"])
@allow(ANYONE)
def forgot_password() -> Response | str:
    """Ask for a reset link; the answer is the same whether the address exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_reset(form.email.data or "", request.remote_addr or "")
        flash(RESET_ANSWER, "info")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/account/set-password/<token>", methods=["GET", "POST"])
@allow(ANYONE)
def set_password(token: str) -> Response | str | tuple[str, int]:
    """Choose a password through an invitation or reset link (used once)."""
    valid = tokens.find_valid(token)
    email = valid.user.email if valid is not None else None
    db.session.rollback()
    if email is None:
        return render_template("auth/link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password_with_token(token, form.new_password.data or "")
        except PasswordRejected as error:
            form.new_password.errors.append(str(error))
        except accounts.AccountError:
            abort(404)
        else:
            if current_user.is_authenticated:
                auth_session.end_session()
            flash("Your password is set. You can sign in now.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/set_password.html", form=form, email=email)
