"""Turning database rows into the matching engine's plain records, and back.

The engine knows nothing of the ORM; this module is the translation table between
the two, so that neither side needs to know the other's shapes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.matching import NeedRecord, OfferRecord, Taxonomy
from matchmaker.matching.types import PRIORITY_LEVELS
from matchmaker.models import (
    Category,
    Country,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    SupportType,
)

# Needs still looking for support; the engine suggests offers for these.
MATCHABLE_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.IN_DISCUSSION)


def taxonomy_from_database() -> Taxonomy:
    """The taxonomy as admins left it: active categories and their relations."""
    categories = list(
        db.session.scalars(
            select(Category)
            .where(Category.active.is_(True))
            .options(selectinload(Category.related))
        )
    )
    related: dict[str, set[str]] = {c.slug: set() for c in categories}
    for category in categories:
        for other in category.related:
            if other.slug in related:
                related[category.slug].add(other.slug)
                related[other.slug].add(category.slug)
    countries = db.session.execute(
        select(Country.alpha3, Country.sub_region_slug, Country.ldc, Country.lldc,
               Country.sids)
    ).all()  # fmt: skip
    return Taxonomy(
        categories=frozenset(related),
        related={slug: frozenset(others) for slug, others in related.items()},
        support_types=frozenset(
            db.session.scalars(
                select(SupportType.slug).where(SupportType.active.is_(True))
            )
        ),
        sub_region_of={c.alpha3: c.sub_region_slug for c in countries if c[1]},
        ldc=frozenset(c.alpha3 for c in countries if c.ldc),
        lldc=frozenset(c.alpha3 for c in countries if c.lldc),
        sids=frozenset(c.alpha3 for c in countries if c.sids),
    )


def need_record(need: Need) -> NeedRecord:
    """A need as the engine reads it; ids are the database ids as text."""
    return NeedRecord(
        id=str(need.id),
        country=need.country_alpha3,
        title=need.title,
        description=need.description or "",
        category=need.category.slug if need.category else None,
        support_types=tuple(s.slug for s in need.support_types),
        budget_usd=float(need.budget_usd) if need.budget_usd is not None else None,
        deadline=need.deadline,
        priority=PRIORITY_LEVELS[need.priority.value],
    )


def offer_record(offer: Offer, capacity: int | None = None) -> OfferRecord:
    """An offer as the engine reads it; ``capacity`` overrides what is left."""
    return OfferRecord(
        id=str(offer.id),
        partner=offer.organisation.name,
        partner_country=offer.organisation.country_alpha3,
        title=offer.title,
        description=offer.description or "",
        categories=tuple(c.slug for c in offer.categories),
        support_types=tuple(s.slug for s in offer.support_types),
        eligible=()
        if "any" in offer.eligibility_codes
        else tuple(offer.eligibility_codes),
        capacity=offer.capacity if capacity is None else capacity,
        modality=offer.modality.value,
        budget_usd=float(offer.budget_usd) if offer.budget_usd is not None else None,
        valid_until=offer.valid_until,
        status=offer.status.value,
    )


def matchable_needs() -> list[NeedRecord]:
    """Every need still looking for support, as records."""
    needs = db.session.scalars(
        select(Need)
        .where(Need.status.in_(MATCHABLE_NEED_STATUSES))
        .options(selectinload(Need.category), selectinload(Need.support_types))
        .order_by(Need.id)
    )
    return [need_record(n) for n in needs]


def open_offers() -> list[OfferRecord]:
    """Every open offer with capacity left, as records carrying what is left.

    The engine itself drops expired ones. An offer whose active pairings fill its
    capacity is left out, so it is no longer suggested.
    """
    from matchmaker.services.exclusions import active_pairing_counts

    taken = active_pairing_counts()
    offers = db.session.scalars(
        select(Offer)
        .where(Offer.status == OfferStatus.OPEN)
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.categories),
            selectinload(Offer.support_types),
            selectinload(Offer.eligible_countries),
            selectinload(Offer.eligible_sub_regions),
        )
        .order_by(Offer.id)
    )
    return [
        offer_record(o, o.capacity - taken.get(o.id, 0))
        for o in offers
        if o.capacity > taken.get(o.id, 0)
    ]
