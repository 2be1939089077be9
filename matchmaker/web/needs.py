"""Needs pages: the scoped list, one need, create, edit and status changes.

Thin views: the route rule admits a role, the policy decides on the object, the form
validates, and a service writes. Object checks come before form validation, so a
refused user learns nothing from error messages.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.forms.common import VersionedActionForm
from matchmaker.forms.filters import ListingFilterForm
from matchmaker.forms.needs import NeedEditForm, NeedForm, initial_data
from matchmaker.models import Need, NeedStatus, Role, User
from matchmaker.policy import SIGNED_IN, allow, deny, role_in
from matchmaker.services import needs, suggestions
from matchmaker.services.listing import ListingConflict, clamp_page

bp = Blueprint("needs", __name__, url_prefix="/needs")

CONFLICT_MESSAGE = (
    "Someone else changed this need after you opened it, so your changes were not "
    "saved. Open the need again to see the current version, then make your change."
)


def _user() -> User:
    return current_user._get_current_object()


def _refuse(need: Need) -> Response:
    """Refuse; a need the user may not even see is answered as if it did not exist."""
    return deny(need, conceal=not policy.can_view_need(_user(), need))


def _load(need_id: int) -> Need:
    """The need, locked for the request's transaction when the request writes."""
    need = needs.get(need_id, for_update=request.method == "POST")
    if need is None:
        abort(404)
    return need


@bp.get("/")
@allow(SIGNED_IN)
def index() -> str:
    """The needs the user may see, filtered and paged."""
    form = ListingFilterForm(formdata=request.args)
    form.set_choices(NeedStatus)
    form.validate()
    status = form.value("status")
    filters = needs.NeedFilters(
        country=form.value("country"),
        category=form.value("category"),
        status=NeedStatus(status) if status else None,
    )
    page = needs.list_page(_user(), filters, clamp_page(request.args.get("page")))
    return render_template(
        "needs/index.html",
        page=page,
        form=form,
        filters={k: v for k, v in vars(filters).items() if v},
        can_create=policy.can_create_need(_user()),
    )


def _render_detail(
    need: Need,
    status: int = 200,
    message: str = "",
    suggested: suggestions.Suggestions | None = None,
) -> tuple:
    user = _user()
    actions = [
        action
        for action, new_status in needs.NEED_ACTIONS.items()
        if policy.can_change_need_status(user, need, new_status)
    ]
    html = render_template(
        "needs/detail.html",
        need=need,
        can_edit=policy.can_edit_need(user, need),
        actions=actions,
        message=message,
        suggestions=suggested,
    )
    return html, status


@bp.get("/<int:need_id>")
@allow(SIGNED_IN)
def detail(need_id: int) -> tuple | Response:
    """One need, the actions the user may take on it, and the offers suggested."""
    need = _load(need_id)
    if not policy.can_view_need(_user(), need):
        return _refuse(need)
    return _render_detail(need, suggested=suggestions.suggested_offers(_user(), need))


@bp.route("/new", methods=["GET", "POST"])
@allow(role_in(Role.FOCAL_POINT))
def create() -> tuple | Response:
    """A new draft need for the focal point's country."""
    user = _user()
    if not policy.can_create_need(user):
        return deny()
    form = NeedForm().set_choices()
    if form.validate_on_submit():
        need = needs.create(user, form.to_data())
        flash("Need saved as a draft. Publish it when it is ready.", "success")
        return redirect(url_for(".detail", need_id=need.id))
    status = 422 if form.is_submitted() else 200
    return render_template("needs/form.html", form=form, need=None), status


@bp.route("/<int:need_id>/edit", methods=["GET", "POST"])
@allow(role_in(Role.FOCAL_POINT))
def edit(need_id: int) -> tuple | Response:
    """Change a need, refusing a save made on an older version."""
    need = _load(need_id)
    if not policy.can_edit_need(_user(), need):
        return _refuse(need)
    initial = initial_data(need) if request.method == "GET" else None
    form = NeedEditForm(data=initial).set_choices(need)
    if form.validate_on_submit():
        try:
            needs.update(need, form.version.data, form.to_data())
        except ListingConflict:
            need = _load(need_id)
            html = render_template(
                "needs/form.html", form=form, need=need, conflict=CONFLICT_MESSAGE
            )
            return html, 409
        flash("Need saved.", "success")
        return redirect(url_for(".detail", need_id=need_id))
    status = 422 if form.is_submitted() else 200
    return render_template("needs/form.html", form=form, need=need), status


@bp.post("/<int:need_id>/<any(publish, withdraw):action>")
@allow(role_in(Role.FOCAL_POINT))
def change_status(need_id: int, action: str) -> tuple | Response:
    """Publish a draft, or withdraw a need, as its country's focal point."""
    need = _load(need_id)
    if not policy.can_change_need_status(_user(), need, needs.NEED_ACTIONS[action]):
        return _refuse(need)
    form = VersionedActionForm()
    if not form.validate_on_submit():
        abort(400, "This form has lost its version. Reload the page.")
    try:
        needs.change_status(need, form.version.data, action)
    except ListingConflict:
        return _render_detail(_load(need_id), 409, CONFLICT_MESSAGE)
    flash(f"Need {'published' if action == 'publish' else 'withdrawn'}.", "success")
    return redirect(url_for(".detail", need_id=need_id))
