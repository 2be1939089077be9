"""Expressions of interest: "Ask for an introduction" and "Offer support".

An interest puts the pair in front of facilitators (a pairing under review, lifted
in the review queue) and tells the other side that interest was expressed — which
country or which organisation, never who or how to reach them: contact details
wait for the introduction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Interest,
    InterestSide,
    Need,
    NotificationKind,
    Offer,
    OfferStatus,
    Pairing,
    PairingEvent,
    PairingStatus,
    Role,
    User,
    utcnow,
)
from matchmaker.policy.listings import PUBLISHED_NEED_STATUSES, is_staff
from matchmaker.services import audit, parties
from matchmaker.services.notifications import notify


class AlreadyExpressed(Exception):
    """This user has already expressed interest in this pair."""


def express(
    user: User, need: Need, offer: Offer, side: InterestSide, message: str
) -> Interest:
    """Record ``user``'s interest in pairing ``need`` with ``offer``."""
    taken = db.session.scalar(
        select(Interest.id).where(
            Interest.need_id == need.id,
            Interest.offer_id == offer.id,
            Interest.user_id == user.id,
        )
    )
    if taken is not None:
        raise AlreadyExpressed()
    interest = Interest(
        need=need, offer=offer, user_id=user.id, side=side, message=message
    )
    db.session.add(interest)
    _ensure_under_review(need, offer, user, side)
    db.session.flush()
    audit.record(
        "interest.create",
        obj=interest,
        actor=user,
        details={"need": need.id, "offer": offer.id, "side": side.value},
    )
    _tell(need, offer, side, message)
    try:
        db.session.commit()
    except IntegrityError as error:  # the same person, twice at once
        db.session.rollback()
        raise AlreadyExpressed() from error
    return interest


def _ensure_under_review(
    need: Need, offer: Offer, user: User, side: InterestSide
) -> None:
    """A pair without a pairing gets one under review, so facilitators see it."""
    pairing = db.session.scalar(
        select(Pairing).where(Pairing.need_id == need.id, Pairing.offer_id == offer.id)
    )
    if pairing is not None:
        return
    asked = "asked for an introduction" if side is InterestSide.NEED else (
        "offered support")  # fmt: skip
    pairing = Pairing(need=need, offer=offer, status=PairingStatus.PROPOSED)
    pairing.events.append(
        PairingEvent(
            action="interest",
            from_status=None,
            to_status=PairingStatus.PROPOSED,
            actor_id=user.id,
            note=f"{user.full_name or user.email} {asked}.",
            at=utcnow(),
        )
    )
    db.session.add(pairing)


def _tell(need: Need, offer: Offer, side: InterestSide, message: str) -> None:
    if side is InterestSide.NEED:
        subject = f"{need.country.name} asks for an introduction to “{offer.title}”"
        other = parties.offer_people(offer)
        other_text = (
            f"{need.country.name} is interested in your offer “{offer.title}” for its "
            f"need “{need.title}”. A facilitator will review the pairing."
        )
    else:
        subject = f"{offer.organisation.name} offers support for “{need.title}”"
        other = parties.need_people(need)
        other_text = (
            f"{offer.organisation.name} offers to support your need “{need.title}” "
            f"with “{offer.title}”. A facilitator will review the pairing."
        )
    staff_text = subject + (f".\n\nTheir message:\n{message}" if message else ".")
    notify(parties.staff(), NotificationKind.INTEREST, subject, staff_text,
           f"/review/{need.id}/{offer.id}")  # fmt: skip
    link = f"/offers/{offer.id}" if side is InterestSide.NEED else f"/needs/{need.id}"
    notify(other, NotificationKind.INTEREST, subject, other_text, link)


def own_needs(user: User) -> list[Need]:
    """The needs a focal point may name when asking: their country's, published."""
    return list(
        db.session.scalars(
            select(Need)
            .where(
                Need.country_alpha3 == user.country_alpha3,
                Need.status.in_(list(PUBLISHED_NEED_STATUSES)),
            )
            .order_by(Need.title, Need.id)
        )
    )


def own_offers(user: User) -> list[Offer]:
    """The offers a partner may name when offering support: their open ones."""
    return list(
        db.session.scalars(
            select(Offer)
            .where(
                Offer.organisation_id == user.organisation_id,
                Offer.status == OfferStatus.OPEN,
            )
            .order_by(Offer.title, Offer.id)
        )
    )


def for_pair(need_id: int, offer_id: int) -> list[Interest]:
    """Interests in one pair, oldest first (facilitators' review page)."""
    return list(
        db.session.scalars(
            select(Interest)
            .where(Interest.need_id == need_id, Interest.offer_id == offer_id)
            .options(selectinload(Interest.user))
            .order_by(Interest.created_at, Interest.id)
        )
    )


def on_listing(listing: Need | Offer) -> list[Interest]:
    """Interests expressed in a listing, for its page (names are not shown there)."""
    column = Interest.need_id if isinstance(listing, Need) else Interest.offer_id
    return list(
        db.session.scalars(
            select(Interest)
            .where(column == listing.id)
            .options(
                selectinload(Interest.need).selectinload(Need.country),
                selectinload(Interest.offer).selectinload(Offer.organisation),
            )
            .order_by(Interest.created_at.desc(), Interest.id.desc())
        )
    )


def counts(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """How many interests each (need id, offer id) pair has."""
    if not pairs:
        return {}
    needs = {need for need, _ in pairs}
    rows = db.session.execute(
        select(Interest.need_id, Interest.offer_id).where(Interest.need_id.in_(needs))
    ).all()
    result: dict[tuple[int, int], int] = {}
    for need_id, offer_id in rows:
        result[(need_id, offer_id)] = result.get((need_id, offer_id), 0) + 1
    return result


def visible_on(user: User, listing: Need | Offer) -> list[Interest]:
    """Staff and the listing's own side see interest in it; others their own."""
    found = on_listing(listing)
    if is_staff(user):
        return found
    own = (
        user.role is Role.FOCAL_POINT and isinstance(listing, Need)
        and listing.country_alpha3 == user.country_alpha3
    ) or (
        user.role is Role.PARTNER and isinstance(listing, Offer)
        and listing.organisation_id == user.organisation_id
    )  # fmt: skip
    return found if own else [i for i in found if i.user_id == user.id]
