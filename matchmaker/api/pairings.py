"""API: Pairings: facilitators' decisions and each pairing's stages.

Mirrors the review page's decision (``web/review.py``) and the pairing page
(``web/pairings.py``): the same services, the same policy, the same refusals.
Staff see every pairing; the parties (the need's country's focal points, the
offer's organisation's partners) see theirs from the introduction on, with each
other's contact details; any other pairing answers 404 as if it did not exist.

A step on one pairing (``/pairings/{id}/introduce``, ``report``, ``close``) needs
``If-Match`` with the pairing's ETag, which follows its version. A step that no
longer follows from where the pairing is answers 409 for staff (somebody moved it
on) and 403 for a party, as the page does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload
from webargs.flaskparser import abort  # flask_smorest.abort itself, typed NoReturn
from werkzeug.exceptions import HTTPException

from matchmaker import policy
from matchmaker.api import etags
from matchmaker.api.blueprint import Blueprint
from matchmaker.api.facilitation_schemas import (
    CloseBody,
    DecisionBody,
    IntroduceBody,
    PairingFilterFields,
    PairingPage,
    PairingSchema,
    ReportBody,
    present_pairing,
    present_summary,
)
from matchmaker.api.pagination import PageArgs, body, page_of
from matchmaker.extensions import db
from matchmaker.models import (
    CooperationModel,
    DeclineReason,
    Need,
    Offer,
    Pairing,
    PairingStatus,
    Role,
    User,
)
from matchmaker.policy import SIGNED_IN, allow, deny, role_in
from matchmaker.services import (
    needs,
    offers,
    pairing_pages,
    pairings,
    review,
    taxonomy,
)
from matchmaker.services.pairings import Decision, PairingConflict, StepRefused

bp = Blueprint(
    "api_pairings",
    __name__,
    url_prefix="/api/v1",
    description="Pairings: facilitators' decisions and each pairing's stages.",
)

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
# The pages' words for a step somebody else took first.
DECIDED_FIRST = (
    "Someone else decided this pair while you were looking at it, so your decision "
    "was not recorded. Read the pair's pairing to see where it stands."
)
CHANGED_FIRST = (
    "Someone else changed this pairing while you were looking at it, so your "
    "change was not recorded. Read it again to see where it stands."
)
ETAG_HEADER = {"ETag": {"description": "The pairing's entity tag.",
                        "schema": {"type": "string"}}}  # fmt: skip


def _user() -> User:
    return current_user._get_current_object()


def _tag(pairing: Pairing) -> str:
    return etags.etag_of("pairing", pairing.id, pairing.version)


class PairingArgs(PageArgs, PairingFilterFields):
    """The page asked for and the filters."""


# Reading -----------------------------------------------------------------------------


@bp.route("/pairings", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PairingArgs, location="query")
@bp.response(200, PairingPage)
def list_pairings(args: dict[str, Any]) -> Any:
    """The pairings the caller may see, newest change first."""
    query = pairing_pages.visible_to(_user())
    if "status" in args:
        query = query.where(Pairing.status == PairingStatus(args["status"]))
    if "need_id" in args:
        query = query.where(Pairing.need_id == args["need_id"])
    if "offer_id" in args:
        query = query.where(Pairing.offer_id == args["offer_id"])
    query = query.options(
        selectinload(Pairing.need).selectinload(Need.country),
        selectinload(Pairing.offer).selectinload(Offer.organisation),
        selectinload(Pairing.cooperation_model),
    ).order_by(Pairing.updated_at.desc(), Pairing.id.desc())
    page = page_of(query, args)
    return body(page, [present_summary(p) for p in page.items])


@bp.route("/pairings/<int:pairing_id>", methods=["GET"])
@allow(SIGNED_IN)
@bp.response(200, PairingSchema, headers=ETAG_HEADER)
def get_pairing(pairing_id: int) -> Any:
    """One pairing: its timeline, both parties and the steps the caller may take."""
    pairing = _load(pairing_id)
    if not policy.can_view_pairing(_user(), pairing):
        return deny(pairing, conceal=True)
    return _answer(pairing)


def _load(pairing_id: int, *, lock: bool = False) -> Pairing:
    pairing = pairings.get(pairing_id, for_update=lock)
    if pairing is None:
        abort(404)
    return pairing


def _answer(pairing: Pairing, status: int = 200, **headers: str) -> Any:
    """The pairing as the caller sees it on its page, with its ETag."""
    user = _user()
    shown = present_pairing(
        pairing,
        pairing_pages.detail(user, pairing),
        introduce=policy.can_introduce(user, pairing),
        report=policy.reports_allowed(user, pairing),
        close=policy.can_close(user, pairing),
    )
    return shown, status, {**etags.headers(_tag(pairing)), **headers}


# Deciding a suggested pair ---------------------------------------------------------


@bp.route("/pairings", methods=["POST"])
@allow(STAFF)
@bp.arguments(DecisionBody)
@bp.response(201, PairingSchema, headers=ETAG_HEADER)
@bp.alt_response(
    200,
    schema=PairingSchema,
    headers=ETAG_HEADER,
    success=True,
    description="The pair already had a pairing (interest, a deferral): decided.",
)
@bp.alt_response(404, response="NotFound", description="No such need or offer.")
def decide_pair(data: dict[str, Any]) -> Any:
    """Accept, decline or defer a suggested pair, as on the review page."""
    user = _user()
    need = needs.get(data["need_id"], for_update=True)
    offer = offers.get(data["offer_id"], for_update=True)
    if need is None or offer is None:
        abort(404)
    if not policy.can_review(user):
        return deny()
    _check_terms(data)
    existing = pairings.for_pair(need.id, offer.id)
    version = data.get("version", existing.version if existing else 0)
    score, suggestion_id = review.pair_score(user, need, offer)
    decision = Decision(
        data["decision"],
        cooperation_model=data.get("cooperation_model", ""),
        reason=data.get("reason", ""),
        details=data["note"],
        defer_until=data.get("defer_until"),
        score=score,
        suggestion_id=suggestion_id,
    )
    try:
        pairing = pairings.decide(user, need, offer, version, decision)
    except PairingConflict:
        abort(409, message=_conflict_message(need, offer))
    except StepRefused as refused:
        db.session.rollback()
        abort(409, message=str(refused))
    pairing = _load(pairing.id)
    if existing is not None:
        return _answer(pairing)
    location = url_for(".get_pairing", pairing_id=pairing.id)
    return _answer(pairing, 201, Location=location)


def _check_terms(data: dict[str, Any]) -> None:
    """The decision's model or reason is one the form offers, the deferral's date
    one the service takes: anything else is refused on its field (422)."""
    errors: dict[str, list[str]] = {}
    if "cooperation_model" in data and not _active(
        CooperationModel, data["cooperation_model"]
    ):
        errors["cooperation_model"] = ["Not one of the active cooperation models."]
    if "reason" in data and not _active(DeclineReason, data["reason"]):
        errors["reason"] = ["Not one of the active decline reasons."]
    if "defer_until" in data and data["defer_until"] <= date.today():
        errors["defer_until"] = ["Choose a date after today."]
    if errors:
        db.session.rollback()
        abort(422, errors=errors)


def _active(model: type, slug: str) -> bool:
    return slug in {value for value, _label in taxonomy.term_choices(model)}


def _conflict_message(need: Need, offer: Offer) -> str:
    """Why the decision was refused: the pair is decided, or it changed meanwhile."""
    current = pairings.for_pair(need.id, offer.id)
    if current is not None and not pairings.decidable(current):
        return (
            f"This pair has been decided already (its pairing is "
            f"{current.status.label.lower()}), so your decision was not recorded."
        )
    return DECIDED_FIRST


# Following a pairing ---------------------------------------------------------------


@bp.route("/pairings/<int:pairing_id>/introduce", methods=["POST"])
@allow(STAFF)
@bp.doc(**etags.IF_MATCH_DOC)
@bp.arguments(IntroduceBody, required=False)
@bp.response(200, PairingSchema, headers=ETAG_HEADER)
def introduce_pairing(data: dict[str, Any], pairing_id: int) -> Any:
    """Introduce the parties: both are sent each other's contact details."""

    def step(user: User, pairing: Pairing) -> None:
        pairings.introduce(user, pairing, pairing.version, data.get("note", ""))

    return _step(pairing_id, policy.can_introduce, step)


@bp.route("/pairings/<int:pairing_id>/report", methods=["POST"])
@allow(SIGNED_IN)
@bp.doc(**etags.IF_MATCH_DOC)
@bp.arguments(ReportBody)
@bp.response(200, PairingSchema, headers=ETAG_HEADER)
def report_pairing(data: dict[str, Any], pairing_id: int) -> Any:
    """A party or a facilitator reports how the cooperation is going."""
    to = PairingStatus(data["status"])

    def step(user: User, pairing: Pairing) -> None:
        pairings.report(user, pairing, pairing.version, to, data["note"])

    def may(user: User, pairing: Pairing) -> bool:
        return bool(policy.reports_allowed(user, pairing))

    return _step(pairing_id, may, step)


@bp.route("/pairings/<int:pairing_id>/close", methods=["POST"])
@allow(STAFF)
@bp.doc(**etags.IF_MATCH_DOC)
@bp.arguments(CloseBody)
@bp.response(200, PairingSchema, headers=ETAG_HEADER)
def close_pairing(data: dict[str, Any], pairing_id: int) -> Any:
    """End a pairing under way, with a reason; the parties are told."""

    def step(user: User, pairing: Pairing) -> None:
        if not _active(DeclineReason, data["reason"]):
            db.session.rollback()
            abort(422, errors={"reason": ["Not one of the active decline reasons."]})
        pairings.close(user, pairing, pairing.version, data["reason"], data["note"])

    return _step(pairing_id, policy.can_close, step)


def _step(
    pairing_id: int,
    may: Callable[[User, Pairing], bool],
    step: Callable[[User, Pairing], None],
) -> Any:
    """Load and lock the pairing, check who may, then If-Match, then take the step."""
    user = _user()
    pairing = _load(pairing_id, lock=True)
    if not may(user, pairing):
        return _refuse(pairing)
    try:
        etags.require_if_match(_tag(pairing))
    except HTTPException:
        db.session.rollback()  # let go of the row lock before answering
        raise
    try:
        step(user, pairing)
    except PairingConflict:
        abort(409, message=CHANGED_FIRST)
    except StepRefused as refused:
        db.session.rollback()
        abort(409, message=str(refused))
    return _answer(_load(pairing_id))


def _refuse(pairing: Pairing) -> Any:
    """Not this caller's step: 404 when they may not even see the pairing, else
    403 — or 409 for staff when the step no longer follows (somebody moved it on)."""
    user = _user()
    if not policy.can_view_pairing(user, pairing):
        return deny(pairing, conceal=True)
    if policy.is_staff(user):
        label = pairing.status.label.lower()
        db.session.rollback()
        abort(
            409,
            message=f"This step does not follow from where the pairing is now "
            f"({label}): someone may have moved it on. Read it again.",
        )
    return deny(pairing)
