"""What the engine must leave out: pairs already decided, and offers at capacity.

A declined (or closed) pair stays out of every suggestion, live or in a run, for as
long as both listings read as they did at the decision: each pairing keeps a content
fingerprint of both sides, and an edit to either listing's content (not its status)
changes the fingerprint, so the pair may be suggested again. Pairs under way or
completed are never suggested again. An offer's remaining capacity is its capacity
minus its active pairings; at zero it is not suggested at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    ACTIVE_STATUSES,
    Need,
    Offer,
    Pairing,
    PairingStatus,
)

# Pairings whose pair stays out while both listings are unchanged.
DECIDED_AGAINST = (PairingStatus.DECLINED, PairingStatus.CLOSED)
# Pairings whose pair is out for good: cooperation under way or done.
TAKEN_UP = tuple(ACTIVE_STATUSES | {PairingStatus.COMPLETED})


def _digest(values: dict) -> str:
    values = {k: v for k, v in values.items() if k != "status"}
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def need_fingerprint(need: Need) -> str:
    """A digest of the need's content (everything its focal point edits)."""
    from matchmaker.services.needs import snapshot

    return _digest(snapshot(need))


def offer_fingerprint(offer: Offer) -> str:
    """A digest of the offer's content (everything its partner edits)."""
    from matchmaker.services.offers import snapshot

    return _digest(snapshot(offer))


def still_declined(pairing: Pairing) -> bool:
    """True while neither listing changed since the pair was declined or closed."""
    return (
        pairing.status in DECIDED_AGAINST
        and pairing.need_fingerprint == need_fingerprint(pairing.need)
        and pairing.offer_fingerprint == offer_fingerprint(pairing.offer)
    )


def excluded_pairs(need_ids: Iterable[int] | None = None) -> frozenset[tuple[str, str]]:
    """(need id, offer id) pairs, as the engine spells ids, never to suggest.

    ``need_ids`` narrows the look-up to some needs (a need's own page).
    """
    query = select(Pairing).where(Pairing.status.in_(DECIDED_AGAINST + TAKEN_UP))
    if need_ids is not None:
        query = query.where(Pairing.need_id.in_(list(need_ids)))
    pairings = db.session.scalars(
        query.options(
            selectinload(Pairing.need).selectinload(Need.category),
            selectinload(Pairing.need).selectinload(Need.support_types),
            selectinload(Pairing.offer).selectinload(Offer.categories),
            selectinload(Pairing.offer).selectinload(Offer.support_types),
            selectinload(Pairing.offer).selectinload(Offer.eligible_countries),
            selectinload(Pairing.offer).selectinload(Offer.eligible_sub_regions),
        )
    )
    return frozenset(
        (str(p.need_id), str(p.offer_id))
        for p in pairings
        if p.status in TAKEN_UP or still_declined(p)
    )


def active_pairing_counts(offer_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Active pairings per offer id (offers with none are left out)."""
    query = (
        select(Pairing.offer_id, func.count(Pairing.id))
        .where(Pairing.status.in_(list(ACTIVE_STATUSES)))
        .group_by(Pairing.offer_id)
    )
    if offer_ids is not None:
        query = query.where(Pairing.offer_id.in_(list(offer_ids)))
    return {offer_id: count for offer_id, count in db.session.execute(query).all()}


def remaining_capacity(offer: Offer) -> int:
    """How many more needs the offer can take on now (never below zero)."""
    taken = active_pairing_counts([offer.id]).get(offer.id, 0)
    return max(offer.capacity - taken, 0)
