"""Pairings: the list, one pairing's page and timeline, and the steps after a yes.

Facilitators and admins see every pairing, introduce the parties and close a
pairing. The parties (the need's focal points and the offer's partner users) see
their pairings from the introduction on, with each other's contacts, and report
progress. A pairing a user may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.forms.review import CloseForm, IntroduceForm, ReportForm
from matchmaker.models import Pairing, PairingStatus, Role, User
from matchmaker.policy import SIGNED_IN, allow, deny, role_in
from matchmaker.services import pairing_pages, pairings, regional_cooperation
from matchmaker.services.listing import clamp_page
from matchmaker.services.pairings import PairingConflict, StepRefused

bp = Blueprint("pairings", __name__, url_prefix="/pairings")

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
CONFLICT = (
    "Someone else changed this pairing while you were looking at it, so your "
    "change was not recorded. The page now shows where it stands."
)


def _user() -> User:
    return current_user._get_current_object()


@bp.get("/")
@allow(SIGNED_IN)
def index() -> str:
    """The pairings the user may see, newest change first, by status."""
    status = request.args.get("status", "")
    chosen = (
        PairingStatus(status) if status in PairingStatus._value2member_map_ else None
    )
    page = pairing_pages.list_page(
        _user(), chosen, clamp_page(request.args.get("page"))
    )
    return render_template(
        "pairings/index.html", page=page, status=chosen, statuses=list(PairingStatus)
    )


def _load(pairing_id: int) -> Pairing:
    pairing = pairings.get(pairing_id, for_update=request.method == "POST")
    if pairing is None:
        abort(404)
    return pairing


def _render(
    pairing: Pairing, status: int = 200, message: str = "", **forms: object
) -> tuple[str, int]:
    user = _user()
    version = {"version": pairing.version}
    allowed = policy.reports_allowed(user, pairing)
    if "introduce" not in forms and policy.can_introduce(user, pairing):
        forms["introduce"] = IntroduceForm(data=version, prefix="introduce")
    if "report" not in forms and allowed:
        forms["report"] = ReportForm(data=version, prefix="report").set_choices(allowed)
    if "close" not in forms and policy.can_close(user, pairing):
        forms["close"] = CloseForm(data=version, prefix="close").set_choices()
    html = render_template(
        "pairings/detail.html",
        pairing=pairing,
        page=pairing_pages.detail(user, pairing),
        message=message,
        introduce=forms.get("introduce"),
        report=forms.get("report"),
        close=forms.get("close"),
    )
    return html, status


@bp.get("/<int:pairing_id>")
@allow(SIGNED_IN)
def detail(pairing_id: int) -> tuple | Response:
    """The pairing, its timeline, both parties and what may be done next."""
    pairing = _load(pairing_id)
    if not policy.can_view_pairing(_user(), pairing):
        return deny(pairing, conceal=True)
    return _render(pairing)


def _after(pairing_id: int, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for(".detail", pairing_id=pairing_id))


def _refused(pairing_id: int, message: str) -> tuple[str, int]:
    db.session.rollback()
    return _render(_load(pairing_id), 409, message)


@bp.post("/<int:pairing_id>/introduce")
@allow(STAFF)
def introduce(pairing_id: int) -> tuple | Response:
    """Introduce the parties: both get each other's contacts by email."""
    pairing = _load(pairing_id)
    if not policy.can_introduce(_user(), pairing):
        return _refuse(pairing)
    form = IntroduceForm(prefix="introduce")
    if not form.validate_on_submit():
        db.session.rollback()
        return _render(pairing, 422, introduce=form)
    try:
        pairings.introduce(_user(), pairing, form.version.data, form.details.data)
    except PairingConflict:
        return _refused(pairing_id, CONFLICT)
    except StepRefused as refused:
        return _refused(pairing_id, str(refused))
    return _after(pairing_id, "Introduced: both parties have been sent each "
                  "other's contact details.")  # fmt: skip


@bp.post("/<int:pairing_id>/report")
@allow(SIGNED_IN)
def report(pairing_id: int) -> tuple | Response:
    """A party or a facilitator reports how the cooperation is going."""
    pairing = _load(pairing_id)
    allowed = policy.reports_allowed(_user(), pairing)
    if not allowed:
        return _refuse(pairing)
    # Every step is a valid answer here: a step that no longer follows (somebody
    # reported first) is a conflict, told by the service, not a form error.
    form = ReportForm(prefix="report")
    if not form.validate_on_submit():
        db.session.rollback()
        return _render(pairing, 422, report=form)
    to = PairingStatus(form.status.data)
    try:
        pairings.report(_user(), pairing, form.version.data, to, form.details.data)
    except PairingConflict:
        return _refused(pairing_id, CONFLICT)
    except StepRefused as refused:
        return _refused(pairing_id, str(refused))
    return _after(pairing_id, f"Progress recorded: {to.label.lower()}.")


@bp.post("/<int:pairing_id>/close")
@allow(STAFF)
def close(pairing_id: int) -> tuple | Response:
    """End a pairing under way, with a reason; the parties are told."""
    pairing = _load(pairing_id)
    if not policy.can_close(_user(), pairing):
        return _refuse(pairing)
    form = CloseForm(prefix="close").set_choices()
    if not form.validate_on_submit():
        db.session.rollback()
        return _render(pairing, 422, close=form)
    try:
        pairings.close(
            _user(), pairing, form.version.data, form.reason.data, form.details.data
        )
    except PairingConflict:
        return _refused(pairing_id, CONFLICT)
    except StepRefused as refused:
        return _refused(pairing_id, str(refused))
    return _after(pairing_id, "Pairing closed.")


def _refuse(pairing: Pairing) -> Response | tuple[str, int]:
    """Not this user's step: 404 when they may not even see it, else 403 — or 409
    for staff when the step no longer follows (somebody moved it on)."""
    user = _user()
    if not policy.can_view_pairing(user, pairing):
        return deny(pairing, conceal=True)
    if policy.is_staff(user):
        db.session.rollback()
        return _render(pairing, 409, CONFLICT)
    return deny(pairing)


@bp.get("/regional/<int:cooperation_id>")
@allow(STAFF)
def regional(cooperation_id: int) -> str | Response:
    """A regional cooperation: one offer, its pairings in several countries."""
    cooperation = regional_cooperation.get(cooperation_id)
    if cooperation is None:
        abort(404)
    if not policy.is_staff(_user()):
        return deny()
    return render_template("pairings/regional.html", cooperation=cooperation)
