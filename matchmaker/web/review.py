"""The review queue and the review of one pair: accept, decline or defer.

For facilitators and admins. A decision names the pair's version; when somebody
decided first the page answers 409 with the current state and a plain message.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.forms.review import (
    AcceptForm,
    DeclineForm,
    DeferForm,
    QueueFilterForm,
    RegionalAcceptForm,
)
from matchmaker.models import Need, Offer, Role, User
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import (
    needs,
    offers,
    pairings,
    regional_cooperation,
    review,
    review_queue,
    taxonomy,
)
from matchmaker.services.listing import clamp_page
from matchmaker.services.pairings import (
    PairingConflict,
    StepRefused,
    decide,
)
from matchmaker.web.matching import page_section

bp = Blueprint("review", __name__, url_prefix="/review")

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
CONFLICT = (
    "Someone else decided this pair while you were looking at it, so your decision "
    "was not recorded. The page now shows where it stands."
)
DECISION_FORMS: dict[str, type[AcceptForm | DeclineForm | DeferForm]] = {
    "accept": AcceptForm,
    "decline": DeclineForm,
    "defer": DeferForm,
}
DONE = {
    "accept": "Pairing accepted. Introduce the parties when you are ready.",
    "decline": "Suggestion declined. It will not be suggested again unless one of "
    "the listings changes.",
    "defer": "Suggestion put aside; it comes back to the queue on the date you chose.",
}


def _user() -> User:
    return current_user._get_current_object()


@bp.get("/")
@allow(STAFF)
def queue() -> str | Response:
    """Undecided suggestions, interest first, then best score, with filters."""
    if not policy.can_review(_user()):
        return deny()
    form = QueueFilterForm(formdata=request.args).set_choices()
    form.validate()
    filters = review_queue.QueueFilters(
        country=form.value("country"),
        sub_region=form.value("sub_region"),
        category=form.value("category"),
        support_type=form.value("support_type"),
        band=form.value("band"),
        interest=bool(form.value("interest")),
    )
    result = review_queue.queue_page(
        _user(), filters, clamp_page(request.args.get("page"))
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("review/queue.html", queue=result, form=form, args=args)


def _pair(need_id: int, offer_id: int) -> tuple[Need, Offer]:
    lock = request.method == "POST"
    need = needs.get(need_id, for_update=lock)
    offer = offers.get(offer_id, for_update=lock)
    if need is None or offer is None:
        abort(404)
    return need, offer


def _render(
    need: Need, offer: Offer, status: int = 200, message: str = "", **forms: Any
) -> tuple[str, int]:
    data = review.review_pair(_user(), need, offer)
    version = {"version": data.version}
    html = render_template(
        "review/pair.html",
        review=data,
        message=message,
        accept=forms.get("accept")
        or AcceptForm(data=version, prefix="accept").set_choices(),
        decline=forms.get("decline")
        or DeclineForm(data=version, prefix="decline").set_choices(),
        defer=forms.get("defer") or DeferForm(data=version, prefix="defer"),
    )
    return html, status


@bp.get("/<int:need_id>/<int:offer_id>")
@allow(STAFF)
def pair(need_id: int, offer_id: int) -> tuple | Response:
    """Both listings side by side, why they scored, and the decision buttons."""
    need, offer = _pair(need_id, offer_id)
    if not policy.can_review(_user()):
        return deny()
    return _render(need, offer)


@bp.post("/<int:need_id>/<int:offer_id>/<any(accept, decline, defer):action>")
@allow(STAFF)
def decision(need_id: int, offer_id: int, action: str) -> tuple | Response:
    """Record the decision, unless somebody decided first (409)."""
    need, offer = _pair(need_id, offer_id)
    if not policy.can_review(_user()):
        return deny()
    form = DECISION_FORMS[action](prefix=action).set_choices()
    if not form.validate_on_submit():
        db.session.rollback()
        return _render(need, offer, 422, **{action: form})
    score, suggestion_id = review.pair_score(_user(), need, offer)
    choice = replace(form.decision(), score=score, suggestion_id=suggestion_id)
    try:
        pairing = decide(_user(), need, offer, form.version.data, choice)
    except PairingConflict:
        need, offer = _pair(need_id, offer_id)
        return _render(need, offer, 409, CONFLICT)
    except StepRefused as refused:
        db.session.rollback()
        need, offer = _pair(need_id, offer_id)
        return _render(need, offer, 409, str(refused))
    flash(DONE[action], "success")
    if action == "accept":
        return redirect(url_for("pairings.detail", pairing_id=pairing.id))
    return redirect(url_for(".queue"))


@bp.post("/regional/<int:proposal_id>/accept")
@allow(STAFF)
def regional_accept(proposal_id: int) -> tuple | Response:
    """Accept a regional proposal as one cooperation whose pairings move together."""
    proposal = regional_cooperation.get_proposal(proposal_id)
    if proposal is None:
        abort(404)
    if not policy.can_review(_user()):
        return deny()
    form = RegionalAcceptForm().set_choices()
    if not form.validate_on_submit():
        abort(400, "The form could not be read. Go back, reload and try again.")
    try:
        cooperation = regional_cooperation.accept(
            _user(), proposal, form.cooperation_model.data, form.details.data or ""
        )
    except PairingConflict:
        abort(409, "This regional proposal has already been taken up, or too few "
              "of its needs are still open to a decision.")  # fmt: skip
    except StepRefused as refused:
        db.session.rollback()
        abort(409, str(refused))
    flash(
        f"Regional cooperation accepted: {len(cooperation.pairings)} pairings that "
        "move together. Introduce the parties from its page.",
        "success",
    )
    return redirect(url_for("pairings.regional", cooperation_id=cooperation.id))


@page_section
def _regional_choices(user: User) -> dict[str, Any]:
    """For the Matching page: how many needs each regional proposal can still take
    up together, the cooperation models to choose from, and each pair's pairing."""
    if not policy.can_review(user):
        return {"regional_open": {}, "cooperation_models": [], "pair_status": {}}
    return {
        "regional_open": regional_cooperation.open_counts(),
        "cooperation_models": taxonomy.cooperation_models(active_only=True),
        "pair_status": pairings.by_pair(),
    }
