"""The life of a pairing: decide a suggestion, introduce, report progress, close.

Every step is one transaction that writes the pairing, a ``PairingEvent``, an audit
event and the notifications it causes, so none of them exists without the others.
Each step names the pairing version it was taken on: when two people act on one
suggestion or pairing at once, exactly one wins and the other gets
``PairingConflict`` (on SQLite the write lock orders them; on PostgreSQL the row
lock, or the unique (need, offer) key for a suggestion that had no pairing yet).

Listing statuses follow the pairings (``sync_need_status``): a need is
``in_discussion`` once introduced, ``matched`` once agreed, ``fulfilled`` once
completed, and back to ``open`` when the pairing that held it there closes.
Pairings of one regional cooperation move together.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.extensions import db
from matchmaker.models import (
    ACTIVE_STATUSES,
    FINAL_STATUSES,
    PAIRING_TRANSITIONS,
    CooperationModel,
    DeclineReason,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Outcome,
    Pairing,
    PairingEvent,
    PairingStatus,
    User,
    utcnow,
)
from matchmaker.models.reference import TermMixin
from matchmaker.services import audit, pairing_notices
from matchmaker.services.engine_records import MATCHABLE_NEED_STATUSES
from matchmaker.services.exclusions import (
    need_fingerprint,
    offer_fingerprint,
    remaining_capacity,
    still_declined,
)

logger = logging.getLogger(__name__)

_TermT = TypeVar("_TermT", bound=TermMixin)

# The reason recorded when a listing's withdrawal or closing ends its pairings.
LISTING_ENDED = "listing-ended"
# Needs whose status pairings may move (never a draft, withdrawn or fulfilled one).
FOLLOWING_NEED_STATUSES = frozenset(
    {NeedStatus.OPEN, NeedStatus.IN_DISCUSSION, NeedStatus.MATCHED}
)
UNDER_WAY = frozenset(
    {PairingStatus.AGREED, PairingStatus.IN_PROGRESS, PairingStatus.STALLED}
)


class PairingConflict(Exception):
    """Somebody acted on this suggestion or pairing first; nothing was written."""


class StepRefused(Exception):
    """The step cannot be taken as asked (say why in plain words)."""


@dataclass(frozen=True)
class Decision:
    """A facilitator's decision on a suggested pair."""

    action: str  # accept, decline or defer
    cooperation_model: str = ""  # slug, for accept
    reason: str = ""  # decline reason slug, for decline
    details: str = ""
    defer_until: date | None = None
    score: float | None = None
    suggestion_id: int | None = None


# Reading -------------------------------------------------------------------------


def get(pairing_id: int, *, for_update: bool = False) -> Pairing | None:
    """One pairing; ``for_update`` locks its row until the transaction ends."""
    query = select(Pairing).where(Pairing.id == pairing_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def for_pair(
    need_id: int, offer_id: int, *, for_update: bool = False
) -> Pairing | None:
    """The pairing of a need and an offer, if anybody acted on the pair yet."""
    query = select(Pairing).where(
        Pairing.need_id == need_id, Pairing.offer_id == offer_id
    )
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def by_pair() -> dict[tuple[int, int], Pairing]:
    """Every pairing by (need id, offer id), for pages listing suggested pairs."""
    return {(p.need_id, p.offer_id): p for p in db.session.scalars(select(Pairing))}


def timeline(pairing: Pairing) -> list[PairingEvent]:
    """The pairing's events, oldest first, with their actors."""
    return list(
        db.session.scalars(
            select(PairingEvent)
            .where(PairingEvent.pairing_id == pairing.id)
            .options(selectinload(PairingEvent.actor))
            .order_by(PairingEvent.at, PairingEvent.id)
        )
    )


def decidable(pairing: Pairing | None) -> bool:
    """True while a suggested pair is still open to a decision."""
    if pairing is None:
        return True
    if pairing.status is PairingStatus.PROPOSED:
        return True
    return pairing.status is PairingStatus.DECLINED and not still_declined(pairing)


# Deciding a suggestion -------------------------------------------------------------


def decide(
    actor: User,
    need: Need,
    offer: Offer,
    expected_version: int,
    decision: Decision,
    *,
    commit: bool = True,
) -> Pairing:
    """Accept, decline or defer the pair ``need``–``offer`` as ``actor``.

    ``expected_version`` is the version of the pair's pairing the page showed, or 0
    when it had none. Raises ``PairingConflict`` when somebody decided first and
    ``StepRefused`` when the decision cannot stand (offer full, listing closed).
    With ``commit=False`` the caller commits (a regional cooperation's pairings).
    """
    pairing = for_pair(need.id, offer.id, for_update=True)
    current = pairing.version if pairing is not None else 0
    if current != expected_version or not decidable(pairing):
        _conflict(need.id, offer.id, expected_version, current)
    if pairing is None:
        pairing = Pairing(need=need, offer=offer, created_by_id=actor.id)
        db.session.add(pairing)
    pairing.score = decision.score if decision.score is not None else pairing.score
    pairing.suggestion_id = decision.suggestion_id or pairing.suggestion_id
    steps = {"accept": _accept, "decline": _decline, "defer": _defer}
    with _racing(need.id, offer.id, expected_version):
        steps[decision.action](actor, pairing, decision)
        if commit:
            db.session.commit()
    return pairing


def _accept(actor: User, pairing: Pairing, decision: Decision) -> None:
    need, offer = pairing.need, pairing.offer
    if need.status not in MATCHABLE_NEED_STATUSES:
        raise StepRefused("This need is no longer seeking support.")
    if offer.status is not OfferStatus.OPEN:
        raise StepRefused("This offer is no longer open.")
    if remaining_capacity(offer) < 1:
        raise StepRefused(
            "This offer has no capacity left: every place is taken by a pairing "
            "under way. Decline with the reason 'Offer at capacity', or defer."
        )
    pairing.cooperation_model = _term(CooperationModel, decision.cooperation_model)
    pairing.reason, pairing.reason_details, pairing.deferred_until = None, "", None
    pairing.created_by_id = actor.id
    model = pairing.cooperation_model.label if pairing.cooperation_model else ""
    _move(pairing, PairingStatus.ACCEPTED, "accept", actor, decision.details, model)
    pairing_notices.accepted(pairing)


def _decline(actor: User, pairing: Pairing, decision: Decision) -> None:
    reason = _term(DeclineReason, decision.reason)
    if reason is None:
        raise StepRefused("Choose a reason for declining.")
    pairing.reason, pairing.reason_details = reason, decision.details or ""
    pairing.deferred_until = None
    _remember_content(pairing)
    _move(pairing, PairingStatus.DECLINED, "decline", actor, decision.details,
          reason.label)  # fmt: skip
    pairing_notices.declined(pairing)


def _defer(actor: User, pairing: Pairing, decision: Decision) -> None:
    if decision.defer_until is None or decision.defer_until <= date.today():
        raise StepRefused("Choose a date after today to look at this pair again.")
    pairing.deferred_until = decision.defer_until
    label = f"until {decision.defer_until.isoformat()}"
    _move(pairing, PairingStatus.PROPOSED, "defer", actor, decision.details, label)


# Following a pairing ----------------------------------------------------------------


def introduce(
    actor: User, pairing: Pairing, expected_version: int, note: str = ""
) -> None:
    """Introduce the parties of an accepted pairing (and its regional siblings)."""
    _check_version(pairing, expected_version)
    if pairing.status is not PairingStatus.ACCEPTED:
        raise StepRefused("Only an accepted pairing can be introduced.")
    now = utcnow()
    with _racing(pairing.need_id, pairing.offer_id, expected_version):
        for member in moving_together(pairing):
            member.introduced_at = now
            _move(member, PairingStatus.INTRODUCED, "introduce", actor, note)
            sync_need_status(member.need, actor)
            pairing_notices.introduced(member, actor)
        db.session.commit()


def report(
    actor: User,
    pairing: Pairing,
    expected_version: int,
    to_status: PairingStatus,
    note: str = "",
) -> None:
    """Record progress reported by a party or a facilitator (the view checked who)."""
    _check_version(pairing, expected_version)
    if to_status not in PAIRING_TRANSITIONS[pairing.status] or to_status in (
        PairingStatus.CLOSED,
        PairingStatus.INTRODUCED,
    ):
        raise StepRefused("That step does not follow from where the pairing is now.")
    with _racing(pairing.need_id, pairing.offer_id, expected_version):
        for member in moving_together(pairing):
            _move(member, to_status, "report", actor, note)
            sync_need_status(member.need, actor)
            pairing_notices.progress(member, actor)
        db.session.commit()


def close(
    actor: User, pairing: Pairing, expected_version: int, reason: str, details: str
) -> None:
    """End a pairing under way with a reason (and its regional siblings)."""
    _check_version(pairing, expected_version)
    term = _term(DeclineReason, reason)
    if term is None:
        raise StepRefused("Choose a reason for closing.")
    if pairing.status not in ACTIVE_STATUSES:
        raise StepRefused("Only a pairing under way can be closed.")
    with _racing(pairing.need_id, pairing.offer_id, expected_version):
        for member in moving_together(pairing):
            _end(member, actor, term, details)
        db.session.commit()


def close_for_listing(listing: Need | Offer, actor: User | None) -> list[Pairing]:
    """End every open pairing of a withdrawn need or a closed or expired offer.

    Runs inside the caller's transaction (the listing's status change). Pairings
    under way are closed, pairings still under review are declined, both with the
    reason "Need withdrawn or offer closed"; the other side is told.
    """
    column = Pairing.need_id if isinstance(listing, Need) else Pairing.offer_id
    open_pairings = list(
        db.session.scalars(
            select(Pairing)
            .where(column == listing.id, Pairing.status.not_in(list(FINAL_STATUSES)))
            .with_for_update()
        )
    )
    term = _term(DeclineReason, LISTING_ENDED)
    what = "need was withdrawn" if isinstance(listing, Need) else "offer was closed"
    for pairing in open_pairings:
        _end(pairing, actor, term, f"The {what}.", ended_by=listing)
    return open_pairings


def _end(
    pairing: Pairing,
    actor: User | None,
    reason: DeclineReason | None,
    details: str,
    ended_by: Need | Offer | None = None,
) -> None:
    to = (
        PairingStatus.DECLINED
        if pairing.status is PairingStatus.PROPOSED
        else PairingStatus.CLOSED
    )
    pairing.reason, pairing.reason_details = reason, details or ""
    _remember_content(pairing)
    action = "decline" if to is PairingStatus.DECLINED else "close"
    _move(pairing, to, action, actor, details, reason.label if reason else "")
    sync_need_status(pairing.need, actor)
    pairing_notices.ended(pairing, actor, ended_by)


def moving_together(pairing: Pairing) -> list[Pairing]:
    """The pairing and, in a regional cooperation, its siblings in the same status."""
    cooperation = pairing.regional_cooperation
    if cooperation is None:
        return [pairing]
    siblings = [
        p
        for p in cooperation.pairings
        if p.status is pairing.status and p is not pairing
    ]
    return [pairing, *siblings]


def sync_need_status(need: Need, actor: User | None) -> None:
    """Move the need's status to follow its pairings (see the module docstring)."""
    if need.status not in FOLLOWING_NEED_STATUSES:
        return
    statuses = {
        status
        for (status,) in db.session.execute(
            select(Pairing.status).where(Pairing.need_id == need.id)
        )
    }
    if PairingStatus.COMPLETED in statuses:
        wanted = NeedStatus.FULFILLED
    elif statuses & UNDER_WAY:
        wanted = NeedStatus.MATCHED
    elif PairingStatus.INTRODUCED in statuses:
        wanted = NeedStatus.IN_DISCUSSION
    else:
        wanted = NeedStatus.OPEN
    if wanted is need.status:
        return
    before = need.status
    need.status = wanted
    audit.record(
        "need.follow_pairings",
        obj=need,
        actor=actor,
        details={"before": {"status": before.value}, "after": {"status": wanted.value}},
    )


# Helpers ------------------------------------------------------------------------------


def _move(
    pairing: Pairing,
    to: PairingStatus,
    action: str,
    actor: User | None,
    note: str = "",
    label: str = "",
) -> None:
    """Change the status along the allowed transitions; record event and audit."""
    before = pairing.status if pairing.id is not None else None
    if before is not None and to not in PAIRING_TRANSITIONS[before]:
        raise StepRefused("That step does not follow from where the pairing is now.")
    pairing.status = to
    text = " — ".join(part for part in (label, note) if part)
    pairing.events.append(
        PairingEvent(
            action=action,
            from_status=before,
            to_status=to,
            actor_id=actor.id if actor is not None else None,
            note=text,
            at=utcnow(),
        )
    )
    db.session.flush()
    audit.record(
        f"pairing.{action}",
        obj=pairing,
        actor=actor,
        details={
            "need": pairing.need_id,
            "offer": pairing.offer_id,
            "before": {"status": before.value if before else None},
            "after": {"status": to.value},
            "note": text,
        },
    )


def _remember_content(pairing: Pairing) -> None:
    """Keep both listings' fingerprints: the pair stays out until one changes."""
    pairing.need_fingerprint = need_fingerprint(pairing.need)
    pairing.offer_fingerprint = offer_fingerprint(pairing.offer)


def _term(model: type[_TermT], slug: str) -> _TermT | None:
    """An active term by slug: a retired reason or model is no longer a choice."""
    if not slug:
        return None
    return db.session.scalar(
        select(model).where(model.slug == slug, model.active.is_(True))
    )


def _check_version(pairing: Pairing, expected_version: int) -> None:
    if pairing.version != expected_version:
        _conflict(pairing.need_id, pairing.offer_id, expected_version, pairing.version)


@contextmanager
def _racing(need_id: int, offer_id: int, expected_version: int) -> Iterator[None]:
    """A race that slipped past the version check is a conflict, not an error.

    On PostgreSQL two first decisions on one pair both insert a pairing; the
    unique (need, offer) key refuses the second at flush or commit.
    Any other integrity error (nobody else changed the pair) is a fault and is
    raised as it is.
    """
    try:
        yield
    except (IntegrityError, StaleDataError) as error:
        db.session.rollback()
        current = db.session.scalar(
            select(Pairing.version).where(
                Pairing.need_id == need_id, Pairing.offer_id == offer_id
            )
        )
        if (current or 0) == expected_version:
            raise
        logger.info("pairing %s-%s lost a race: %s", need_id, offer_id, error)
        _conflict(need_id, offer_id, expected_version, current)


def _conflict(need_id: int, offer_id: int, expected: int, current: int | None) -> None:
    """Roll back, record the refused step on its own, and raise."""
    db.session.rollback()
    audit.record(
        "pairing.conflict",
        object_type="pairing",
        object_id=f"{need_id}-{offer_id}",
        outcome=Outcome.FAILURE,
        details={"expected_version": expected, "current_version": current},
    )
    db.session.commit()
    raise PairingConflict(f"{need_id}-{offer_id}")
