"""API: Expressions of interest in a suggested pairing.

``POST /interests`` is the listing pages' two forms in one (``web/interests.py``):
a focal point asks for an introduction to an offer, naming one of their country's
published needs; a partner offers support for a need, naming one of their
organisation's open offers. The listing the form sits on (the offer for a focal
point, the need for a partner) is checked first, as on its page: one the caller may
not see answers 404. Naming a listing that is not one of the caller's choices is a
field error (422), and expressing interest twice in one pair is a conflict (409).

There is no service listing a user's own interests; the pages show interest on each
listing, so the API does too: ``GET /needs/{id}/interests`` and
``GET /offers/{id}/interests``, with the listing page's rule (staff and the
listing's own side see all of it, others only their own).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_login import current_user
from webargs.flaskparser import abort  # flask_smorest.abort itself, typed NoReturn

from matchmaker import policy
from matchmaker.api.blueprint import Blueprint
from matchmaker.api.facilitation_schemas import (
    InterestBody,
    InterestPage,
    InterestSchema,
    present_interest,
)
from matchmaker.api.pagination import PageArgs, of_list
from matchmaker.extensions import db
from matchmaker.models import InterestSide, Need, Offer, Role, User
from matchmaker.policy import SIGNED_IN, allow, deny, role_in
from matchmaker.services import interests, needs, offers
from matchmaker.services.interests import AlreadyExpressed

# The listing pages' own rule for whose interest a viewer sees.

bp = Blueprint(
    "api_interests",
    __name__,
    url_prefix="/api/v1",
    description="Expressions of interest in a suggested pairing.",
)


def _user() -> User:
    return current_user._get_current_object()


@dataclass(frozen=True)
class _Way:
    """One way of expressing interest (see ``web/interests.py``): the listing the
    page shows, and the caller's own listing the form names."""

    side: InterestSide
    listing_field: str  # the body field naming the page's listing
    own_field: str  # the body field naming the caller's own listing
    get_listing: Callable[..., Any]
    get_own: Callable[[int], Any]
    choices: Callable[[User], list[Any]]
    allowed: Callable[[User, Any, Any], bool]  # (user, listing, own | None)
    can_view: Callable[[User, Any], bool]
    not_a_choice: str
    collection: str  # endpoint of the interests on the page's listing

    def pair(self, listing: Any, own: Any) -> tuple[Need, Offer]:
        return (own, listing) if self.side is InterestSide.NEED else (listing, own)


ASK = _Way(
    InterestSide.NEED,
    "offer_id",
    "need_id",
    offers.get,
    needs.get,
    interests.own_needs,
    lambda user, offer, need: policy.can_ask_for_introduction(user, offer, need),
    policy.can_view_offer,
    "Name one of your country's published needs.",
    ".list_offer_interests",
)
SUPPORT = _Way(
    InterestSide.OFFER,
    "need_id",
    "offer_id",
    needs.get,
    offers.get,
    interests.own_offers,
    lambda user, need, offer: policy.can_offer_support(user, need, offer),
    policy.can_view_need,
    "Name one of your organisation's open offers.",
    ".list_need_interests",
)


@bp.route("/interests", methods=["POST"])
@allow(role_in(Role.FOCAL_POINT, Role.PARTNER))
@bp.arguments(InterestBody)
@bp.response(201, InterestSchema)
@bp.alt_response(
    404,
    response="NotFound",
    description="The listing asked about (the offer for a focal point, the need "
    "for a partner) does not exist or is not one the caller may see.",
)
def create_interest(body: dict[str, Any]) -> Any:
    """Ask for an introduction (focal point) or offer support (partner)."""
    user = _user()
    way = ASK if user.role is Role.FOCAL_POINT else SUPPORT
    listing = way.get_listing(body[way.listing_field], for_update=True)
    if listing is None:
        abort(404)
    if not way.allowed(user, listing, None):
        return deny(listing, conceal=not way.can_view(user, listing))
    own = _chosen(way, user, body[way.own_field])
    if own is None or not way.allowed(user, listing, own):
        db.session.rollback()
        abort(422, errors={way.own_field: [way.not_a_choice]})
    need, offer = way.pair(listing, own)
    try:
        interest = interests.express(user, need, offer, way.side, body["message"])
    except AlreadyExpressed:
        db.session.rollback()
        abort(409, message="You have already expressed interest in this pairing.")
    values = {way.listing_field: listing.id}
    return (
        present_interest(interest),
        201,
        {"Location": url_for(way.collection, **values)},
    )


def _chosen(way: _Way, user: User, listing_id: int) -> Any:
    """The caller's own listing named in the body, when it is one of their
    choices (the form's list), else None."""
    if listing_id not in {choice.id for choice in way.choices(user)}:
        return None
    return way.get_own(listing_id)


@bp.route("/needs/<int:need_id>/interests", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PageArgs, location="query")
@bp.response(200, InterestPage)
def list_need_interests(args: dict[str, Any], need_id: int) -> Any:
    """Interest expressed in a need, newest first, as its page shows it."""
    need = needs.get(need_id)
    if need is None:
        abort(404)
    return _interests_on(need, policy.can_view_need, args)


@bp.route("/offers/<int:offer_id>/interests", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PageArgs, location="query")
@bp.response(200, InterestPage)
def list_offer_interests(args: dict[str, Any], offer_id: int) -> Any:
    """Interest expressed in an offer, newest first, as its page shows it."""
    offer = offers.get(offer_id)
    if offer is None:
        abort(404)
    return _interests_on(offer, policy.can_view_offer, args)


def _interests_on(
    listing: Need | Offer,
    can_view: Callable[[User, Any], bool],
    args: dict[str, Any],
) -> Any:
    user = _user()
    if not can_view(user, listing):
        return deny(listing, conceal=True)
    shown = [present_interest(i) for i in interests.visible_on(user, listing)]
    return of_list(shown, args)
