"""Who may see and change needs and offers.

Decisions (the architecture's role table, made precise):

* **Focal point** — sees every need of their own country, drafts included, and no
  other country's needs (governments' needs are not public, even to peers). Sees
  offers that are *open* and eligible for their country (``eligible_any``, nothing
  listed, their country listed or their sub-region listed). Creates needs for their
  country; edits them while ``draft`` or ``open``; publishes and withdraws them.
* **Partner** — sees every offer of their own organisation, drafts included, and the
  *published* needs of any country (``open`` or ``in_discussion``: still seeking
  support), so that they can find ones their offers could fit; never a draft,
  withdrawn or settled need. Creates offers for their organisation; edits them while
  ``draft`` or ``open``; publishes and closes them.
* **Facilitator** and **admin** — read every need and offer, drafts included. They
  do not edit or change the status of someone else's listing: facilitators act
  through pairing decisions, admins through users, organisations and the taxonomy.

``can_view_need`` and ``needs_visible_to`` (and their offer twins) state the same rule
twice, once for one object and once as a query; a test holds them equal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, exists, false, or_, select, true

from matchmaker.models import (
    Country,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Role,
)
from matchmaker.models.offer import offer_eligible_countries, offer_eligible_sub_regions

# Needs a partner may see: published and still looking for support.
PUBLISHED_NEED_STATUSES = frozenset({NeedStatus.OPEN, NeedStatus.IN_DISCUSSION})
# An owner may change a listing's content only before cooperation is under way.
EDITABLE_NEED_STATUSES = frozenset({NeedStatus.DRAFT, NeedStatus.OPEN})
EDITABLE_OFFER_STATUSES = frozenset({OfferStatus.DRAFT, OfferStatus.OPEN})

# Status changes an owner may make; the others belong to pairings and the system.
OWNER_NEED_TRANSITIONS: dict[NeedStatus, frozenset[NeedStatus]] = {
    NeedStatus.DRAFT: frozenset({NeedStatus.OPEN, NeedStatus.WITHDRAWN}),
    NeedStatus.OPEN: frozenset({NeedStatus.WITHDRAWN}),
    NeedStatus.IN_DISCUSSION: frozenset({NeedStatus.WITHDRAWN}),
}
OWNER_OFFER_TRANSITIONS: dict[OfferStatus, frozenset[OfferStatus]] = {
    OfferStatus.DRAFT: frozenset({OfferStatus.OPEN, OfferStatus.CLOSED}),
    OfferStatus.OPEN: frozenset({OfferStatus.CLOSED}),
}

STAFF_ROLES = frozenset({Role.FACILITATOR, Role.ADMIN})


def role_of(user: Any) -> Role | None:
    """The role of a signed-in, active user; None for anybody else."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def is_staff(user: Any) -> bool:
    """Facilitators and admins read every listing."""
    return role_of(user) in STAFF_ROLES


def _is_focal_point_of(user: Any, country_alpha3: str | None) -> bool:
    return (
        role_of(user) is Role.FOCAL_POINT
        and user.country_alpha3 is not None
        and user.country_alpha3 == country_alpha3
    )


def _is_partner_of(user: Any, organisation_id: int | None) -> bool:
    return (
        role_of(user) is Role.PARTNER
        and user.organisation_id is not None
        and user.organisation_id == organisation_id
    )


# Needs -------------------------------------------------------------------------


def can_view_need(user: Any, need: Need) -> bool:
    """Owner country, staff, or a partner looking at a published need."""
    if is_staff(user) or _is_focal_point_of(user, need.country_alpha3):
        return True
    return role_of(user) is Role.PARTNER and need.status in PUBLISHED_NEED_STATUSES


def can_create_need(user: Any) -> bool:
    """Only a focal point posts needs, and only for their own country."""
    return role_of(user) is Role.FOCAL_POINT and user.country_alpha3 is not None


def can_edit_need(user: Any, need: Need) -> bool:
    """The country's focal point, while the need is a draft or open."""
    return (
        _is_focal_point_of(user, need.country_alpha3)
        and need.status in EDITABLE_NEED_STATUSES
    )


def can_change_need_status(user: Any, need: Need, new_status: NeedStatus) -> bool:
    """The country's focal point, along the owner's transitions only."""
    allowed = OWNER_NEED_TRANSITIONS.get(need.status, frozenset())
    return _is_focal_point_of(user, need.country_alpha3) and new_status in allowed


def needs_visible_to(user: Any) -> Select[Need]:
    """A query of every need ``user`` may see (same rule as ``can_view_need``)."""
    query = select(Need)
    role = role_of(user)
    if role in STAFF_ROLES:
        return query.where(true())
    if role is Role.FOCAL_POINT and user.country_alpha3:
        return query.where(Need.country_alpha3 == user.country_alpha3)
    if role is Role.PARTNER:
        return query.where(Need.status.in_(PUBLISHED_NEED_STATUSES))
    return query.where(false())


# Offers ------------------------------------------------------------------------


def offer_is_eligible_for(offer: Offer, country: Country | None) -> bool:
    """Eligibility as the model defines it: any, nothing listed, country or region."""
    if offer.eligible_any or not (
        offer.eligible_countries or offer.eligible_sub_regions
    ):
        return True
    if country is None:
        return False
    if country.alpha3 in {c.alpha3 for c in offer.eligible_countries}:
        return True
    slugs = {s.slug for s in offer.eligible_sub_regions}
    return country.sub_region_slug is not None and country.sub_region_slug in slugs


def can_view_offer(user: Any, offer: Offer) -> bool:
    """Owner organisation, staff, or a focal point of an eligible country."""
    if is_staff(user) or _is_partner_of(user, offer.organisation_id):
        return True
    return (
        role_of(user) is Role.FOCAL_POINT
        and offer.status is OfferStatus.OPEN
        and offer_is_eligible_for(offer, user.country)
    )


def can_create_offer(user: Any) -> bool:
    """Only a partner posts offers, and only for their own organisation."""
    return role_of(user) is Role.PARTNER and user.organisation_id is not None


def can_edit_offer(user: Any, offer: Offer) -> bool:
    """The organisation's partner, while the offer is a draft or open."""
    return (
        _is_partner_of(user, offer.organisation_id)
        and offer.status in EDITABLE_OFFER_STATUSES
    )


def can_change_offer_status(user: Any, offer: Offer, new_status: OfferStatus) -> bool:
    """The organisation's partner, along the owner's transitions only."""
    allowed = OWNER_OFFER_TRANSITIONS.get(offer.status, frozenset())
    return _is_partner_of(user, offer.organisation_id) and new_status in allowed


def eligible_for_country(alpha3: str, sub_region_slug: str | None) -> Any:
    """SQL condition: the offer is eligible for this country (see the model)."""
    listed_country = exists().where(
        offer_eligible_countries.c.offer_id == Offer.id,
        offer_eligible_countries.c.country_alpha3 == alpha3,
    )
    any_country = exists().where(offer_eligible_countries.c.offer_id == Offer.id)
    any_region = exists().where(offer_eligible_sub_regions.c.offer_id == Offer.id)
    conditions = [
        Offer.eligible_any.is_(True),
        and_(~any_country, ~any_region),
        listed_country,
    ]
    if sub_region_slug:
        conditions.append(
            exists().where(
                offer_eligible_sub_regions.c.offer_id == Offer.id,
                offer_eligible_sub_regions.c.sub_region_slug == sub_region_slug,
            )
        )
    return or_(*conditions)


def offers_visible_to(user: Any) -> Select[Offer]:
    """A query of every offer ``user`` may see (same rule as ``can_view_offer``)."""
    query = select(Offer)
    role = role_of(user)
    if role in STAFF_ROLES:
        return query.where(true())
    if role is Role.PARTNER and user.organisation_id is not None:
        return query.where(Offer.organisation_id == user.organisation_id)
    if role is Role.FOCAL_POINT and user.country_alpha3:
        country = user.country
        region = country.sub_region_slug if country is not None else None
        return query.where(
            Offer.status == OfferStatus.OPEN,
            eligible_for_country(user.country_alpha3, region),
        )
    return query.where(false())
