"""The Match settings page: weights and thresholds in force, their history, a form.

Facilitators and admins read it; admins save new values (a new version, audited)
or restore the engine's defaults. Nothing changes a setting by itself. Importing
this module also registers the Matching page's feedback and cooperation-model
sections (``matching_sections``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker.forms.match_settings import MatchSettingsForm, RestoreDefaultsForm
from matchmaker.matching import InputError
from matchmaker.models import Role, User
from matchmaker.policy import allow, deny, role_in
from matchmaker.policy.match_settings import (
    can_change_match_settings,
    can_view_match_settings,
)
from matchmaker.services import match_settings
from matchmaker.services.match_settings import NothingChanged, SettingsConflict
from matchmaker.services.setting_fields import editable_fields
from matchmaker.web import matching_sections  # noqa: F401  (registers sections)

bp = Blueprint("match_settings", __name__)

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
ADMIN = role_in(Role.ADMIN)

SAVED = (
    "Match settings saved. The next matching run uses them; suggestions on need "
    "and offer pages use them from now on."
)


def _user() -> User:
    return current_user._get_current_object()


def _based_on() -> int:
    latest = match_settings.current_version()
    return latest.id if latest else 0


@bp.route("/matching/settings", methods=["GET", "POST"])
@allow(STAFF)
def edit() -> tuple[str, int] | Response:
    """Show the settings in force and their history; admins may save new ones."""
    user = _user()
    if not can_view_match_settings(user):
        return deny()
    can_change = can_change_match_settings(user)
    if request.method == "POST" and not can_change:
        return deny()
    initial = None
    if request.method == "GET":
        initial = {
            **match_settings.editable_values(match_settings.current_settings()),
            "based_on": _based_on(),
        }
    form = MatchSettingsForm(data=initial)
    conflict = ""
    if can_change and form.validate_on_submit():
        try:
            match_settings.save(
                form.values(),
                note=form.note.data or "",
                user=user,
                based_on=form.based_on.data,
            )
        except SettingsConflict as error:
            conflict = str(error)
        except InputError as error:
            form.form_errors.append(match_settings.plain_error(error))
        except NothingChanged as error:
            form.form_errors.append(str(error))
        else:
            flash(SAVED, "success")
            return redirect(url_for(".edit"))
    if conflict:
        form.based_on.data = _based_on()
        form.based_on.raw_data = None
    status = 409 if conflict else 422 if form.is_submitted() else 200
    return _page(form, can_change, conflict), status


@bp.post("/matching/settings/defaults")
@allow(ADMIN)
def restore_defaults() -> Response:
    """Save the engine's defaults as a new version."""
    user = _user()
    if not can_change_match_settings(user):
        return deny()
    if not RestoreDefaultsForm().validate_on_submit():
        abort(400, "The form could not be verified. Reload the page and try again.")
    try:
        match_settings.restore_defaults(user=user)
    except NothingChanged:
        flash("The engine's defaults are in force already; nothing was saved.", "info")
    else:
        flash(SAVED, "success")
    return redirect(url_for(".edit"))


def _page(form: MatchSettingsForm, can_change: bool, conflict: str) -> str:
    settings = match_settings.current_settings()
    specs = editable_fields()
    defaults = match_settings.default_values()
    context: dict[str, Any] = {
        "form": form,
        "can_change": can_change,
        "conflict": conflict,
        "weights": [s for s in specs if s.kind == "weight"],
        "thresholds": [s for s in specs if s.kind == "threshold"],
        "values": match_settings.editable_values(settings),
        "shares": settings.weights(),
        "defaults": defaults,
        "at_defaults": match_settings.editable_values(settings) == defaults,
        "history": match_settings.history(),
        "restore_form": RestoreDefaultsForm(),
    }
    return render_template("matching/settings.html", **context)
