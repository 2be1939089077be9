"""What the pairing pages read: the pairings a user may see, and one in full.

The list follows the same rule as ``policy.can_view_pairing``, as a query: staff
see every pairing; a party sees their side's pairings from the introduction on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, false, select, true
from sqlalchemy.orm import selectinload

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.models import (
    Interest,
    Need,
    Offer,
    Pairing,
    PairingEvent,
    PairingStatus,
    Role,
    User,
)
from matchmaker.policy.listings import role_of
from matchmaker.services import interests, pairings, parties
from matchmaker.services.listing import Page, paginate


def visible_to(user: User) -> Select[Pairing]:
    """Every pairing ``user`` may see (same rule as ``can_view_pairing``)."""
    query = select(Pairing)
    role = role_of(user)
    if policy.is_staff(user):
        return query.where(true())
    introduced = Pairing.introduced_at.is_not(None)
    if role is Role.FOCAL_POINT and user.country_alpha3:
        return query.join(Need, Need.id == Pairing.need_id).where(
            introduced, Need.country_alpha3 == user.country_alpha3
        )
    if role is Role.PARTNER and user.organisation_id is not None:
        return query.join(Offer, Offer.id == Pairing.offer_id).where(
            introduced, Offer.organisation_id == user.organisation_id
        )
    return query.where(false())


def list_page(user: User, status: PairingStatus | None, number: int) -> Page[Pairing]:
    """One page of the pairings ``user`` may see, newest change first."""
    query = visible_to(user)
    if status is not None:
        query = query.where(Pairing.status == status)
    query = query.options(
        selectinload(Pairing.need).selectinload(Need.country),
        selectinload(Pairing.offer).selectinload(Offer.organisation),
        selectinload(Pairing.cooperation_model),
    ).order_by(Pairing.updated_at.desc(), Pairing.id.desc())
    return paginate(query, number)


@dataclass
class PairingPage:
    """One pairing in full, as ``user`` may see it."""

    timeline: list[PairingEvent]
    need_contacts: list[parties.Contact] = field(default_factory=list)
    offer_contacts: list[parties.Contact] = field(default_factory=list)
    show_contacts: bool = False
    interests: list[Interest] = field(default_factory=list)
    siblings: list[Pairing] = field(default_factory=list)


def detail(user: User, pairing: Pairing) -> PairingPage:
    """Timeline, contacts (only when the policy allows), interest and siblings."""
    show = policy.can_see_contacts(user, pairing)
    cooperation = pairing.regional_cooperation
    return PairingPage(
        timeline=pairings.timeline(pairing),
        need_contacts=parties.need_contacts(pairing.need) if show else [],
        offer_contacts=parties.offer_contacts(pairing.offer) if show else [],
        show_contacts=show,
        interests=interests.for_pair(pairing.need_id, pairing.offer_id)
        if policy.is_staff(user)
        else [],
        siblings=[p for p in cooperation.pairings if p.id != pairing.id]
        if cooperation is not None
        else [],
    )


def of_listing(user: User, listing: Need | Offer) -> list[Pairing]:
    """The pairings of one listing that ``user`` may see (its page shows them)."""
    column = Pairing.need_id if isinstance(listing, Need) else Pairing.offer_id
    return list(
        db.session.scalars(
            visible_to(user)
            .where(column == listing.id)
            .options(
                selectinload(Pairing.need).selectinload(Need.country),
                selectinload(Pairing.offer).selectinload(Offer.organisation),
            )
            .order_by(Pairing.id)
        )
    )
