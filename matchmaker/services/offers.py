"""Offers: the scoped list, creation, editing and status changes, each audited.

As for needs: views check the policy, these functions write. The organisation,
creator and status come from the acting partner and the explicit actions, never from
form input; edits carry the version they were made on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.models import (
    Category,
    Country,
    Modality,
    Offer,
    OfferStatus,
    Organisation,
    SubRegion,
    SupportType,
    User,
    utcnow,
)
from matchmaker.models.offer import offer_categories
from matchmaker.policy.listings import eligible_for_country
from matchmaker.services import audit, create_once, taxonomy
from matchmaker.services.create_once import save_once
from matchmaker.services.listing import (
    Page,
    jsonable,
    paginate,
    save_edit,
    save_status,
)
from matchmaker.services.needs import search_words

OFFER_ACTIONS: dict[str, OfferStatus] = {
    "publish": OfferStatus.OPEN,
    "close": OfferStatus.CLOSED,
}


@dataclass(frozen=True)
class OfferData:
    """The fields a partner sets on an offer (never organisation, owner or status)."""

    title: str
    description: str
    category_slugs: tuple[str, ...]
    support_type_slugs: tuple[str, ...]
    eligible_any: bool
    eligible_countries: tuple[str, ...]
    eligible_sub_regions: tuple[str, ...]
    capacity: int
    modality: Modality
    budget_usd: Decimal | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class OfferFilters:
    """List filters; ``country`` keeps offers eligible for that country.

    ``text`` keeps the offers in which every word of it appears (in any case) in the
    title, the description or the organisation's name.
    """

    country: str | None = None
    category: str | None = None
    status: OfferStatus | None = None
    text: str | None = None


def _mentions(word: str) -> ColumnElement[bool]:
    """SQL condition: ``word`` is in the offer's title, description or organisation
    name (``autoescape``: ``%`` and ``_`` match themselves, as in the needs' search).
    """
    organisations = select(Organisation.id).where(
        Organisation.name.icontains(word, autoescape=True)
    )
    return or_(
        Offer.title.icontains(word, autoescape=True),
        Offer.description.icontains(word, autoescape=True),
        Offer.organisation_id.in_(organisations),
    )


def filtered(user: User, filters: OfferFilters) -> Select[Offer]:
    """The offers ``user`` may see, narrowed by ``filters``, newest change first."""
    query = policy.offers_visible_to(user)
    if filters.country:
        country = db.session.get(Country, filters.country)
        region = country.sub_region_slug if country is not None else None
        query = query.where(eligible_for_country(filters.country, region))
    if filters.category:
        query = query.where(
            Offer.id.in_(
                select(offer_categories.c.offer_id)
                .join(Category, Category.id == offer_categories.c.category_id)
                .where(Category.slug == filters.category)
            )
        )
    if filters.status:
        query = query.where(Offer.status == filters.status)
    for word in search_words(filters.text):
        query = query.where(_mentions(word))
    return query.order_by(Offer.updated_at.desc(), Offer.id.desc())


def list_page(user: User, filters: OfferFilters, number: int) -> Page[Offer]:
    """One page of the offers ``user`` may see."""
    query = filtered(user, filters).options(
        selectinload(Offer.organisation), selectinload(Offer.categories)
    )
    return paginate(query, number)


def get(offer_id: int, *, for_update: bool = False) -> Offer | None:
    """One offer; ``for_update`` locks its row until the transaction ends."""
    query = select(Offer).where(Offer.id == offer_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def snapshot(offer: Offer) -> dict:
    """The offer's user-visible values, as the audit log records them."""
    return {
        "title": offer.title,
        "description": offer.description,
        "categories": [c.slug for c in offer.categories],
        "support_types": [s.slug for s in offer.support_types],
        "eligibility": offer.eligibility_codes,
        "capacity": offer.capacity,
        "modality": jsonable(offer.modality),
        "budget_usd": jsonable(offer.budget_usd),
        "valid_until": jsonable(offer.valid_until),
        "status": jsonable(offer.status),
    }


def _apply(offer: Offer, data: OfferData) -> None:
    with db.session.no_autoflush:  # one UPDATE, so one version step per save
        _assign(offer, data)


def _assign(offer: Offer, data: OfferData) -> None:
    offer.title = data.title
    offer.description = data.description
    offer.categories = taxonomy.by_slugs(Category, data.category_slugs)
    offer.support_types = taxonomy.by_slugs(SupportType, data.support_type_slugs)
    offer.eligible_any = data.eligible_any
    offer.eligible_countries = (
        []
        if data.eligible_any
        else list(
            db.session.scalars(
                select(Country).where(Country.alpha3.in_(data.eligible_countries))
            )
        )
    )
    offer.eligible_sub_regions = (
        []
        if data.eligible_any
        else list(
            db.session.scalars(
                select(SubRegion).where(SubRegion.slug.in_(data.eligible_sub_regions))
            )
        )
    )
    offer.capacity = data.capacity
    offer.modality = data.modality
    offer.budget_usd = data.budget_usd
    offer.valid_until = data.valid_until
    # Always update the row, so that its version moves even when only links change.
    offer.updated_at = utcnow()


def create(user: User, data: OfferData, create_token: str | None = None) -> Offer:
    """A new draft offer of the partner's own organisation.

    With the form's ``create_token``, a form sent again creates nothing: it raises
    ``AlreadyCreated`` with the offer the first sending made.
    """
    offer = Offer(
        organisation_id=user.organisation_id,
        created_by_id=user.id,
        status=OfferStatus.DRAFT,
        create_token=create_token,
    )
    _apply(offer, data)
    save_once(offer, snapshot)
    return offer


def created_with(create_token: str | None) -> Offer | None:
    """The offer a create form with this token made, if any."""
    return create_once.created_with(Offer, create_token)


def update(offer: Offer, expected_version: int, data: OfferData) -> Offer:
    """Save an edit made on version ``expected_version`` of the offer."""
    save_edit(offer, expected_version, snapshot, lambda: _apply(offer, data))
    return offer


def change_status(
    offer: Offer, expected_version: int, action: str, actor: User | None = None
) -> Offer:
    """Publish or close an offer (the view has checked the transition).

    Closing ends the offer's open pairings and tells the other side.
    """
    from matchmaker.services.pairings import close_for_listing

    ends = OFFER_ACTIONS[action] is OfferStatus.CLOSED
    also = (lambda: close_for_listing(offer, actor)) if ends else None
    save_status(offer, expected_version, action, OFFER_ACTIONS[action], also)
    return offer


def expire_past(as_of: date) -> list[int]:
    """Mark open offers whose validity ended before ``as_of`` as expired.

    Their open pairings end with them, as when a partner closes an offer.

    Runs at the start of every full match run (the scheduled job), inside its write
    transaction, so listings say what the engine already assumes.
    """
    from matchmaker.services.pairings import close_for_listing

    expired = list(
        db.session.scalars(
            select(Offer)
            .where(Offer.status == OfferStatus.OPEN, Offer.valid_until < as_of)
            .order_by(Offer.id)
            .with_for_update()
        )
    )
    for offer in expired:
        offer.status = OfferStatus.EXPIRED
        offer.updated_at = utcnow()
        assert offer.valid_until is not None  # the query compared it with as_of
        audit.record(
            "offer.expire",
            obj=offer,
            details={"valid_until": offer.valid_until.isoformat(), "as_of": str(as_of)},
        )
        close_for_listing(offer, None)
    return [offer.id for offer in expired]
