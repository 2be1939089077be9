"""Open calls: hub candidates a facilitator raised with partners.

Staff raise a hub candidate from the Matching page (one call per hub) and close
calls; partners read the open calls and answer one by posting an offer, which
opens prefilled from the call. Who sees what is decided in ``policy/calls.py``;
focal points do not see calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.forms.calls import NOTE_MAX, RaiseCallForm
from matchmaker.forms.common import ActionForm
from matchmaker.models import HubCall, HubCallStatus, Need, Role, User
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import hub_calls
from matchmaker.web.matching import page_section

bp = Blueprint("calls", __name__, url_prefix="/calls")

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
READERS = role_in(Role.PARTNER, Role.FACILITATOR, Role.ADMIN)
UNVERIFIED = "The form could not be verified. Reload the page and try again."


@dataclass(frozen=True)
class CallView:
    """A call as one user may read it: need titles only where they may see them."""

    call: HubCall
    countries: list[str]
    needs: list[Need]
    hidden_needs: int
    why: str


def _user() -> User:
    return current_user._get_current_object()


def _view(user: User, call: HubCall) -> CallView:
    visible = [need for need in call.needs if policy.can_view_need(user, need)]
    return CallView(
        call=call,
        countries=hub_calls.countries_of(call),
        needs=visible,
        hidden_needs=len(call.needs) - len(visible),
        why=hub_calls.readable_why(call.why),
    )


def _link(call_id: int) -> str:
    return url_for("calls.detail", call_id=call_id)


@bp.get("/")
@allow(READERS)
def index() -> str | Response:
    """The open calls; staff also see the latest closed ones."""
    user = _user()
    if not policy.can_view_calls(user):
        return deny()
    closed = hub_calls.closed_calls() if policy.is_staff(user) else []
    return render_template(
        "calls/index.html",
        open_calls=[_view(user, call) for call in hub_calls.open_calls()],
        closed_calls=[_view(user, call) for call in closed],
        can_answer=policy.can_create_offer(user),
        is_staff=policy.is_staff(user),
    )


def _render_detail(
    call: HubCall, status: int = 200, message: str = ""
) -> tuple[str, int]:
    user = _user()
    html = render_template(
        "calls/detail.html",
        view=_view(user, call),
        can_answer=policy.can_answer_call(user, call),
        can_close=policy.can_close_call(user, call),
        show_raiser=policy.is_staff(user),
        message=message,
    )
    return html, status


@bp.get("/<int:call_id>")
@allow(READERS)
def detail(call_id: int) -> tuple[str, int] | Response:
    """One call: what several countries need, the note, and how to answer."""
    call = hub_calls.get(call_id)
    if call is None:
        abort(404)
    if not policy.can_view_call(_user(), call):
        return deny(call, conceal=True)
    return _render_detail(call)


def _already_raised(call: HubCall | None) -> tuple[str, int]:
    if call is None:  # raised and gone again in the same instant: say so plainly
        abort(409, "This hub candidate was raised with partners already.")
    day = f"{call.raised_at.day} {call.raised_at:%B %Y}"
    message = (
        f"This hub candidate was raised with partners already, on {day}, so "
        "nothing was changed. This is its call."
    )
    return _render_detail(call, 409, message)


@bp.post("/raise/<int:proposal_id>")
@allow(STAFF)
def raise_hub(proposal_id: int) -> tuple[str, int] | Response:
    """Make a run's hub candidate an open call and tell every partner."""
    user = _user()
    if not policy.can_raise_call(user):
        return deny()
    proposal = hub_calls.hub_proposal(proposal_id)
    if proposal is None:
        abort(404)
    existing = hub_calls.call_for_hub(proposal)
    if existing is not None:
        return _already_raised(existing)
    form = RaiseCallForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400, UNVERIFIED)
        html = render_template(
            "calls/raise.html",
            form=form,
            hub=hub_calls.describe_hub(proposal),
            proposal_id=proposal.id,
        )
        return html, 422
    try:
        call = hub_calls.raise_call(user, proposal.id, form.note.data, _link)
    except hub_calls.AlreadyRaised as error:
        return _already_raised(error.call)
    if call is None:  # the run was replaced and its hub deleted meanwhile
        abort(404)
    flash(
        "Raised with partners: every partner has been told, and the call is listed "
        "under Open calls.",
        "success",
    )
    return redirect(_link(call.id))


@bp.post("/<int:call_id>/close")
@allow(STAFF)
def close(call_id: int) -> tuple[str, int] | Response:
    """Close an open call: partners no longer find it among the open calls."""
    user = _user()
    call = hub_calls.get(call_id, for_update=True)
    if call is None:
        abort(404)
    if not policy.can_close_call(user, call):
        if call.status is HubCallStatus.CLOSED and policy.is_staff(user):
            message = "This call was closed already, so nothing was changed."
            return _render_detail(call, 409, message)
        return deny(call)
    if not ActionForm().validate_on_submit():
        abort(400, UNVERIFIED)
    hub_calls.close_call(user, call)
    flash("Call closed. Partners no longer find it among the open calls.", "success")
    return redirect(_link(call.id))


@page_section
def matching_page_calls(user: User) -> dict[str, Any]:
    """For the Matching page's hub candidates: which are calls already, whether
    this user may raise the others, and their reasons with countries by name."""
    if not policy.can_raise_call(user):
        return {"raised_calls": {}, "can_raise_calls": False}
    return {
        "raised_calls": hub_calls.raised_marks(),
        "can_raise_calls": True,
        "call_note_max": NOTE_MAX,
        "hub_why": hub_calls.readable_why,
    }
