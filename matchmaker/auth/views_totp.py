"""Two-step sign-in (TOTP) for facilitators and admins: enrol, enable, turn off."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from matchmaker.auth.blueprints import bp
from matchmaker.auth.forms import CodeForm, PostOnlyForm, TotpDisableForm
from matchmaker.models import Role
from matchmaker.policy import allow, role_in
from matchmaker.services import accounts, two_factor

TOTP_RULE = role_in(Role.FACILITATOR, Role.ADMIN)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@allow(TOTP_RULE)
def totp_enrol() -> Response | str:
    """Show the state; while enrolling, the secret and a code field to enable."""
    user = current_user._get_current_object()
    form = CodeForm()
    if user.totp_secret and not user.totp_enabled and form.validate_on_submit():
        try:
            accounts.enable_totp(user, form.code.data or "")
        except accounts.AccountError as error:
            form.code.errors.append(str(error))
        else:
            flash("Two-step sign-in is on.", "success")
            return redirect(url_for("auth.account"))
    context = {
        "user": user,
        "form": form,
        "start_form": PostOnlyForm(),
        "disable_form": TotpDisableForm(),
        "required": two_factor.must_enrol(user),
    }
    if user.totp_secret and not user.totp_enabled:
        uri = two_factor.provisioning_uri(user, user.totp_secret)
        context.update(secret=user.totp_secret, uri=uri)
        context["qr"] = Markup(two_factor.qr_svg(uri))  # generated here, not input
    return render_template("auth/totp.html", **context)


@bp.post("/account/two-factor/start")
@allow(TOTP_RULE)
def totp_start() -> Response:
    """Create a new secret to enrol (POST: it changes the account)."""
    if PostOnlyForm().validate_on_submit():
        try:
            accounts.start_totp_enrolment(current_user._get_current_object())
        except accounts.AccountError as error:
            flash(str(error), "error")
    return redirect(url_for("auth.totp_enrol"))


@bp.post("/account/two-factor/disable")
@allow(TOTP_RULE)
def totp_disable() -> Response | str:
    """Turn two-step sign-in off, unless the role requires it."""
    user = current_user._get_current_object()
    form = TotpDisableForm()
    if user.role in two_factor.required_roles():
        flash("Two-step sign-in is required for your role.", "error")
    elif form.validate_on_submit():
        try:
            accounts.disable_totp(user, form.password.data or "")
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            flash("Two-step sign-in is off.", "success")
    return redirect(url_for("auth.totp_enrol"))
