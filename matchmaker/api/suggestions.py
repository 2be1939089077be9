"""API: Suggestions for a need or an offer, with their explanations.

The same suggestions the listing's page shows (``web/needs.py`` and
``web/offers.py`` call the same two services), for the same viewers: a listing the
caller may not see answers 404, and only listings the caller may see are suggested.
The page shows the best five; the API lets a client page through the best
``SUGGESTION_LIMIT``, of which the first five are the page's. Each suggestion
carries its explanation as data and the pair's pairing when the caller may see it
(the pairings the listing's page lists).
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from webargs.flaskparser import abort  # flask_smorest.abort itself, typed NoReturn

from matchmaker import policy
from matchmaker.api.blueprint import Blueprint
from matchmaker.api.facilitation_schemas import (
    SuggestedNeedPage,
    SuggestedOfferPage,
    band_of,
    present_explanation,
    present_pairing_ref,
)
from matchmaker.api.pagination import MAX_PER_PAGE, PageArgs, of_list
from matchmaker.models import Need, Offer, Pairing, User
from matchmaker.policy import SIGNED_IN, allow, deny
from matchmaker.services import needs, offers, pairing_pages, suggestions
from matchmaker.services.suggestions import Explained

bp = Blueprint(
    "api_suggestions",
    __name__,
    url_prefix="/api/v1",
    description="Suggestions for a need or an offer, with their explanations.",
)

# The most suggestions computed for one listing: one full page of the API.
SUGGESTION_LIMIT = MAX_PER_PAGE
# What the listing pages say when nothing fits (and no status explains why).
NO_OFFER = "No open offer that you can see fits this need yet."
NO_NEED = (
    "No need that you can see and that is still looking for support fits this "
    "offer yet."
)


def _user() -> User:
    return current_user._get_current_object()


@bp.route("/needs/<int:need_id>/suggestions", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PageArgs, location="query")
@bp.response(200, SuggestedOfferPage)
def list_need_suggestions(args: dict[str, Any], need_id: int) -> Any:
    """Offers suggested for a need, best first, each with why it scored."""
    user = _user()
    need = needs.get(need_id)
    if need is None:
        abort(404)
    if not policy.can_view_need(user, need):
        return deny(need, conceal=True)
    found = suggestions.suggested_offers(user, need, shown=SUGGESTION_LIMIT)
    pairings = {p.offer_id: p for p in pairing_pages.of_listing(user, need)}
    items = [
        {
            **_scored(rank, item, pairings.get(item.listing.id)),
            "offer_id": item.listing.id,
            "title": item.listing.title,
            "organisation_id": item.listing.organisation_id,
            "organisation": item.listing.organisation.name,
        }
        for rank, item in enumerate(found.items, start=1)
    ]
    return _page(items, found.reason or ("" if items else NO_OFFER), args)


@bp.route("/offers/<int:offer_id>/suggestions", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(PageArgs, location="query")
@bp.response(200, SuggestedNeedPage)
def list_offer_suggestions(args: dict[str, Any], offer_id: int) -> Any:
    """Needs that fit an offer, best first, each with why it scored."""
    user = _user()
    offer = offers.get(offer_id)
    if offer is None:
        abort(404)
    if not policy.can_view_offer(user, offer):
        return deny(offer, conceal=True)
    found = suggestions.fitting_needs(user, offer, shown=SUGGESTION_LIMIT)
    pairings = {p.need_id: p for p in pairing_pages.of_listing(user, offer)}
    items = [
        {
            **_scored(rank, item, pairings.get(item.listing.id)),
            "need_id": item.listing.id,
            "title": item.listing.title,
            "country": item.listing.country_alpha3,
            "country_name": item.listing.country.name,
        }
        for rank, item in enumerate(found.items, start=1)
    ]
    return _page(items, found.reason or ("" if items else NO_NEED), args)


def _scored(
    rank: int, item: Explained[Offer] | Explained[Need], pairing: Pairing | None
) -> dict[str, Any]:
    """The fields both kinds of suggestion share."""
    band, band_label = band_of(item.score)
    return {
        "rank": rank,
        "score": item.score,
        "band": band,
        "band_label": band_label,
        "explanation": present_explanation(item.explanation),
        "explanation_total": item.total,
        "pairing": present_pairing_ref(pairing),
    }


def _page(items: list[dict[str, Any]], reason: str, args: dict[str, Any]) -> Any:
    return {**of_list(items, args), "reason": reason}
