"""User administration: list, invite, change role, disable, require two-step."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker.auth.blueprints import users_bp as bp
from matchmaker.auth.user_forms import (
    EditUserForm,
    InviteForm,
    SecurityForm,
    StatusForm,
)
from matchmaker.extensions import db
from matchmaker.models import Role, User
from matchmaker.passwords import PasswordRejected
from matchmaker.policy import allow, deny, role_in
from matchmaker.policy.accounts import can_invite, can_manage_user
from matchmaker.services import accounts, two_factor, user_queries
from matchmaker.services.users import UserError

logger = logging.getLogger(__name__)

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
ADMIN = role_in(Role.ADMIN)
STATUS_FILTERS = {"active": True, "disabled": False}


@bp.get("")
@allow(STAFF)
def index() -> str:
    """All users, filtered by role and status (unknown filter values are ignored)."""
    role_value = request.args.get("role", "")
    role = Role(role_value) if role_value in {r.value for r in Role} else None
    status = request.args.get("status", "")
    users = user_queries.list_users(role, STATUS_FILTERS.get(status))
    return render_template(
        "users/index.html",
        users=users,
        roles=list(Role),
        role=role,
        status=status if status in STATUS_FILTERS else "",
        can_manage=lambda user: can_manage_user(current_user, user),
        can_invite=any(can_invite(current_user, r) for r in Role),
    )


@bp.route("/invite", methods=["GET", "POST"])
@allow(STAFF)
def invite() -> Response | str:
    """Invite someone by email to a role the actor may give."""
    actor = current_user._get_current_object()
    form = InviteForm(actor)
    if form.validate_on_submit():
        try:
            user = accounts.invite(
                actor,
                email=form.email.data or "",
                role=Role(form.role.data),
                country=form.country.data or None,
                organisation=form.organisation.data or None,
                full_name=form.full_name.data or "",
            )
        except (accounts.AccountError, UserError, PasswordRejected) as error:
            form.email.errors.append(str(error))
        except OSError:
            logger.exception("Invitation email could not be sent")
            flash(
                "The account exists but the email could not be sent. Invite the "
                "same address again to resend it.",
                "error",
            )
            return redirect(url_for("users.index"))
        else:
            flash(f"Invitation sent to {user.email}.", "success")
            return redirect(url_for("users.index"))
    return render_template("users/invite.html", form=form)


def _managed_user(user_id: int) -> User | Response:
    user = db.session.get(User, user_id)
    if user is None or not can_manage_user(current_user, user):
        return deny(user)
    return user


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@allow(ADMIN)
def edit(user_id: int) -> Response | str:
    """Change a user's role with the country or organisation it needs."""
    user = _managed_user(user_id)
    if not isinstance(user, User):
        return user
    form = EditUserForm(
        data={
            "role": user.role.value,
            "country": user.country_alpha3 or "",
            "organisation": user.organisation.name if user.organisation else "",
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            accounts.change_role(
                current_user._get_current_object(),
                user,
                role=Role(form.role.data),
                country=form.country.data or None,
                organisation=form.organisation.data or None,
            )
        except accounts.AccountError as error:
            form.role.errors.append(str(error))
        else:
            flash("The role is saved.", "success")
            return redirect(url_for("users.index"))
    return render_template(
        "users/edit.html", form=form, user=user, status_form=StatusForm()
    )


@bp.post("/<int:user_id>/status")
@allow(ADMIN)
def set_status(user_id: int) -> Response:
    """Disable (every session ends at once) or enable an account."""
    user = _managed_user(user_id)
    if not isinstance(user, User):
        return user
    form = StatusForm()
    if form.validate_on_submit():
        active = form.action.data == "enable"
        accounts.set_active(current_user._get_current_object(), user, active)
        flash(f"{user.email} is {'enabled' if active else 'disabled'}.", "success")
    else:
        flash("Nothing was changed.", "error")
    return redirect(url_for("users.edit", user_id=user_id))


@bp.route("/security", methods=["GET", "POST"])
@allow(ADMIN)
def security() -> Response | str:
    """Require two-step sign-in for facilitators or admins."""
    form = SecurityForm.build(two_factor.required_roles())
    if form.validate_on_submit():
        actor = current_user._get_current_object()
        for role, required in form.requirements().items():
            accounts.set_totp_required(actor, role, required)
        flash("Security settings saved.", "success")
        return redirect(url_for("users.security"))
    return render_template("users/security.html", form=form)
