"""API: Offers: list, read, post, edit, publish and close.

The rules are the offers pages' (``web/listing_views.py`` with ``web/offers.py``):
whoever is signed in lists and reads the offers they may see
(``policy.offers_visible_to`` and ``can_view_offer``); only partners post offers,
for their own organisation, and only the organisation's partners edit an offer
(while it is a draft or open) or publish and close it. Staff read every offer but
change none, as on the pages.

Order of the checks on one offer, as for needs: 404 for an offer the caller may not
see, 403 for one they see but may not change, 409 for a change its status does not
allow, then ``If-Match`` (428, 412), then the body's terms (422).
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from matchmaker import policy
from matchmaker.api import etags, pagination
from matchmaker.api.blueprint import Blueprint
from matchmaker.api.listing_schemas import (
    CREATED_HEADERS,
    ETAG_HEADERS,
    OfferChangeSchema,
    OfferCreateSchema,
    OfferPage,
    OfferQuerySchema,
    OfferSchema,
    check_filters,
    country_errors,
    either,
    eligible_any,
    refuse_fields,
    require_json,
    status_words,
    sub_region_errors,
    term_errors,
)
from matchmaker.models import Category, Offer, OfferStatus, Role, SupportType, User
from matchmaker.policy import SIGNED_IN, allow, deny, role_in
from matchmaker.policy.listings import (
    EDITABLE_OFFER_STATUSES,
    OWNER_OFFER_TRANSITIONS,
)
from matchmaker.services import offers
from matchmaker.services.listing import ListingConflict
from matchmaker.services.offers import OFFER_ACTIONS, OfferData

bp = Blueprint(
    "api_offers",
    __name__,
    url_prefix="/api/v1",
    description="Offers: list, read, post, edit, publish and close.",
)

# The pages' rule for posting and changing offers: partners only.
OWNER = role_in(Role.PARTNER)
# Each action of OFFER_ACTIONS, as the answer to a refused one says it.
DONE = {"publish": "published", "close": "closed"}
CONFLICT = (
    "The offer changed while your request was handled, so nothing was saved. "
    "Read it again, then retry."
)

Answer = tuple[Offer, int, dict[str, str]]


def _user() -> User:
    return current_user._get_current_object()


def _tag(offer: Offer) -> str:
    return etags.etag_of("offer", offer.id, offer.version)


def _answer(offer: Offer, status: int = 200, **headers: str) -> Answer:
    """The offer with its current ETag (and any other headers)."""
    return offer, status, {**etags.headers(_tag(offer)), **headers}


def _visible(offer_id: int, *, for_update: bool = False) -> Offer:
    """The offer, if the caller may see it; 404 otherwise, as for an unknown id."""
    offer = offers.get(offer_id, for_update=for_update)
    if offer is None:
        raise NotFound()  # the very answer ``deny`` gives for a hidden offer
    if not policy.can_view_offer(_user(), offer):
        deny(offer, conceal=True)
    return offer


@bp.route("/offers", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(OfferQuerySchema, location="query")
@bp.response(200, OfferPage)
def list_offers(args: dict[str, Any]) -> dict[str, Any]:
    """The offers you may see, most recently changed first.

    Partners see every offer of their own organisation, drafts included; focal
    points see the open offers their country is eligible for; facilitators and
    admins see every offer. `country` keeps the offers that country is eligible for
    (422 for a country outside the region), `category` those with that category;
    `q` keeps the offers in which every word appears, in any case, in the title, the
    description or the organisation's name.
    """
    check_filters(args)
    filters = offers.OfferFilters(
        country=args.get("country"),
        category=args.get("category"),
        status=args.get("status"),
        text=args.get("q") or None,
    )
    query = offers.filtered(_user(), filters).options(
        selectinload(Offer.organisation),
        selectinload(Offer.categories),
        selectinload(Offer.support_types),
        selectinload(Offer.eligible_countries),
        selectinload(Offer.eligible_sub_regions),
    )
    return pagination.body(pagination.page_of(query, args))


@bp.route("/offers/<int:offer_id>", methods=["GET"])
@allow(SIGNED_IN)
@bp.response(200, OfferSchema, headers=ETAG_HEADERS)
def get_offer(offer_id: int) -> Answer:
    """One offer, with the ETag to send in If-Match when changing it."""
    return _answer(_visible(offer_id))


@bp.route("/offers", methods=["POST"])
@allow(OWNER)
@bp.arguments(OfferCreateSchema, location="json")
@bp.response(201, OfferSchema, headers=CREATED_HEADERS)
def create_offer(body: dict[str, Any]) -> Answer:
    """Post an offer of your organisation (partners); it is saved as a draft.

    The organisation, the owner and the status are never taken from the body: the
    offer belongs to your organisation and starts as a draft that only your
    organisation and staff see, as on the pages. Publish it with
    POST /api/v1/offers/{offer_id}/publish. Say who may benefit: `eligible_any`
    true, or countries and sub-regions listed (not both). `capacity` defaults to 1,
    `modality` to either, `budget_usd` and `valid_until` to none.
    """
    user = _user()
    if not policy.can_create_offer(user):
        deny()
    offer = offers.create(user, _offer_data(body))
    return _answer(offer, 201, Location=url_for(".get_offer", offer_id=offer.id))


@bp.route("/offers/<int:offer_id>", methods=["PATCH"])
@allow(OWNER)
@bp.arguments(OfferChangeSchema, location="json")
@bp.response(200, OfferSchema, headers=ETAG_HEADERS)
@bp.doc(**etags.IF_MATCH_DOC)
def update_offer(changes: dict[str, Any], offer_id: int) -> Answer:
    """Change some fields of an offer of your organisation (a draft or open offer).

    Only the fields sent change; the others keep their values (send null to clear
    `budget_usd` or `valid_until`). The result must be a valid offer, as the edit
    form checks it: to open a listed offer to any country, send `eligible_any` true
    with both lists empty. An empty object changes nothing.
    """
    require_json()
    offer = _visible(offer_id, for_update=True)
    if not policy.can_edit_offer(_user(), offer):
        if offer.status in EDITABLE_OFFER_STATUSES:
            deny(offer)
        abort(
            409,
            message=f"This offer is {status_words(offer.status)}, so it can no "
            "longer be changed. An offer can be changed while it is a draft or open.",
        )
    checked = offer.version
    etags.require_if_match(_tag(offer))
    if not changes:
        return _answer(offer)
    data = _offer_data({**_current_values(offer), **changes}, offer)
    try:
        offers.update(offer, checked, data)
    except ListingConflict:
        abort(412, message=CONFLICT)
    return _answer(offer)


@bp.route("/offers/<int:offer_id>/publish", methods=["POST"])
@allow(OWNER)
@bp.response(200, OfferSchema, headers=ETAG_HEADERS)
@bp.doc(**etags.IF_MATCH_DOC)
def publish_offer(offer_id: int) -> Answer:
    """Publish a draft offer of your organisation, so that eligible countries see
    it."""
    return _change_status(offer_id, "publish")


@bp.route("/offers/<int:offer_id>/close", methods=["POST"])
@allow(OWNER)
@bp.response(200, OfferSchema, headers=ETAG_HEADERS)
@bp.doc(**etags.IF_MATCH_DOC)
def close_offer(offer_id: int) -> Answer:
    """Close an offer of your organisation; its open pairings end with it.

    An offer can be closed while it is a draft or open.
    """
    return _change_status(offer_id, "close")


def _change_status(offer_id: int, action: str) -> Answer:
    """Take ``action`` on the offer, as the pages' status buttons do."""
    offer = _visible(offer_id, for_update=True)
    target = OFFER_ACTIONS[action]
    if not policy.can_change_offer_status(_user(), offer, target):
        if target in OWNER_OFFER_TRANSITIONS.get(offer.status, frozenset()):
            deny(offer)
        abort(409, message=_refused_move(offer, action))
    checked = offer.version
    etags.require_if_match(_tag(offer))
    try:
        offers.change_status(offer, checked, action, _user())
    except ListingConflict:
        abort(412, message=CONFLICT)
    return _answer(offer)


def _refused_move(offer: Offer, action: str) -> str:
    """Why ``action`` cannot be taken now, and when it could be."""
    target = OFFER_ACTIONS[action]
    sources = [s for s in OfferStatus if target in OWNER_OFFER_TRANSITIONS.get(s, ())]
    when = either([status_words(s) for s in sources]) or "never"
    return (
        f"This offer is {status_words(offer.status)}, so it cannot be "
        f"{DONE[action]}. An offer can be {DONE[action]} while it is {when}."
    )


def _current_values(offer: Offer) -> dict[str, Any]:
    """The offer's fields as the body names them, for a partial change."""
    return {
        "title": offer.title,
        "description": offer.description,
        "categories": [c.slug for c in offer.categories],
        "support_types": [s.slug for s in offer.support_types],
        "eligible_any": eligible_any(offer),
        "eligible_countries": [c.alpha3 for c in offer.eligible_countries],
        "eligible_sub_regions": [s.slug for s in offer.eligible_sub_regions],
        "capacity": offer.capacity,
        "modality": offer.modality,
        "budget_usd": offer.budget_usd,
        "valid_until": offer.valid_until,
    }


def _offer_data(values: dict[str, Any], offer: Offer | None = None) -> OfferData:
    """The service's data from complete values; 422 for terms, countries or
    sub-regions that cannot be chosen, or eligibility that says nothing or too much."""
    categories, types = (
        values.get("categories") or [],
        values.get("support_types") or [],
    )
    countries, regions = values["eligible_countries"], values["eligible_sub_regions"]
    errors = {
        "categories": term_errors(
            Category, categories, offer.categories if offer else []
        )
        if categories
        else ["Choose at least one category."],
        "support_types": term_errors(
            SupportType, types, offer.support_types if offer else []
        )
        if types
        else ["Choose at least one kind of support."],
        "eligible_countries": country_errors(
            countries, [c.alpha3 for c in offer.eligible_countries] if offer else []
        ),
        "eligible_sub_regions": sub_region_errors(regions),
        "eligible_any": _eligibility_errors(values["eligible_any"], countries, regions),
    }
    refuse_fields({field: messages for field, messages in errors.items() if messages})
    return OfferData(
        title=values["title"],
        description=values["description"],
        category_slugs=tuple(dict.fromkeys(categories)),
        support_type_slugs=tuple(dict.fromkeys(types)),
        eligible_any=values["eligible_any"],
        eligible_countries=tuple(dict.fromkeys(countries)),
        eligible_sub_regions=tuple(dict.fromkeys(regions)),
        capacity=values["capacity"],
        modality=values["modality"],
        budget_usd=values["budget_usd"],
        valid_until=values["valid_until"],
    )


def _eligibility_errors(
    any_country: bool, countries: list[str], regions: list[str]
) -> list[str]:
    """The form's rule: any country, or a list of countries and sub-regions."""
    listed = bool(countries or regions)
    if any_country and listed:
        return [
            "Either set eligible_any or list eligible countries and sub-regions, "
            "not both."
        ]
    if not any_country and not listed:
        return [
            "Say who may benefit: set eligible_any, or list eligible countries or "
            "sub-regions."
        ]
    return []
