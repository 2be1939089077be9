"""Demo pairings at every stage, and some expressions of interest.

So that a newcomer sees the whole facilitation workflow right after ``make run``:
the review queue holds pairs with interest, the Pairings page shows cooperation
accepted, introduced, agreed, in progress, stalled, completed and closed, and the
demo accounts find their own pairings and notifications. Everything goes through
the same services a person's clicks go through (events, audit, notifications), on
pairs the engine itself suggests. Runs once: a database with pairings is left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matchmaker.demo.accounts import DOMAIN
from matchmaker.extensions import db
from matchmaker.models import (
    InterestSide,
    Need,
    NeedStatus,
    Offer,
    Pairing,
    PairingStatus,
    Role,
    User,
)
from matchmaker.services import interests, pairings, suggestions
from matchmaker.services.pairings import Decision, PairingConflict, StepRefused

logger = logging.getLogger(__name__)

# The stages shown, in the order pairs are handed out: interest first, since it
# needs a demo account on the asking side, then the best pairs to the furthest stage.
STAGES = (
    "asked",
    "offered",
    "completed",
    "in_progress",
    "stalled",
    "agreed",
    "introduced",
    "accepted",
    "closed",
    "declined",
    "deferred",
)
MODELS = (
    "technical-twinning",
    "bilateral-grant",
    "training-fellowship",
    "south-south-triangular",
    "public-private-partnership",
    "concessional-loan",
)


@dataclass
class Cast:
    """The demo people who act in the workflow."""

    facilitator: User
    focal_points: dict[str, User]
    partners: dict[int, User]

    def focal_for(self, need: Need) -> User | None:
        return self.focal_points.get(need.country_alpha3)

    def partner_for(self, offer: Offer) -> User | None:
        return self.partners.get(offer.organisation_id)


def seed_demo_workflow(as_of: date | None = None) -> int:
    """Create the demo pairings and interests; returns how many pairs were used."""
    if db.session.scalar(select(func.count(Pairing.id))):
        return 0
    cast = _cast()
    if cast is None:
        return 0
    as_of = as_of or date.today()
    remaining = _pairs(cast)
    used = 0
    taken: set[int] = set()  # one stage per need, so each page tells one story
    for stage in STAGES:
        for need, offer in list(remaining):
            if need.id in taken or not _fits(stage, need, offer, cast):
                continue
            remaining.remove((need, offer))
            taken.add(need.id)
            try:
                STEPS[stage](cast, need, offer, used, as_of)
            except (PairingConflict, StepRefused) as error:
                db.session.rollback()
                logger.info("demo pair %s-%s skipped: %s", need.id, offer.id, error)
                continue
            used += 1
            break
    return used


def _cast() -> Cast | None:
    facilitator = db.session.scalar(
        select(User).where(User.email == f"facilitator@{DOMAIN}")
    )
    if facilitator is None:
        return None
    people = db.session.scalars(
        select(User).where(User.email.like(f"%@{DOMAIN}")).order_by(User.id)
    ).all()
    return Cast(
        facilitator=facilitator,
        focal_points={
            u.country_alpha3: u
            for u in people
            if u.role is Role.FOCAL_POINT and u.country_alpha3
        },
        partners={
            u.organisation_id: u
            for u in people
            if u.role is Role.PARTNER and u.organisation_id
        },
    )


def _pairs(cast: Cast) -> list[tuple[Need, Offer]]:
    """The engine's best offers for each open need; demo accounts' listings first."""
    needs = db.session.scalars(
        select(Need)
        .where(Need.status == NeedStatus.OPEN)
        .options(selectinload(Need.country), selectinload(Need.support_types))
        .order_by(Need.id)
    ).all()
    found: list[tuple[float, Need, Offer]] = []
    for need in needs:
        best = suggestions.suggested_offers(cast.facilitator, need, shown=3).items
        for item in best:
            found.append((item.score, need, item.listing))
    # Pairs both of whose sides have a demo account come first, then by score.
    found.sort(
        key=lambda t: (
            cast.focal_for(t[1]) is None,
            cast.partner_for(t[2]) is None,
            -t[0],
            t[1].id,
            t[2].id,
        )
    )
    return [(need, offer) for _, need, offer in found]


def _fits(stage: str, need: Need, offer: Offer, cast: Cast) -> bool:
    """Interest needs the asking side's demo account; everything needs open ones."""
    if need.status is not NeedStatus.OPEN or pairings.for_pair(need.id, offer.id):
        return False
    if stage == "asked":
        return cast.focal_for(need) is not None
    if stage == "offered":
        return cast.partner_for(offer) is not None
    return True


def _accept(cast: Cast, need: Need, offer: Offer, number: int) -> Pairing:
    model = MODELS[number % len(MODELS)]
    return pairings.decide(
        cast.facilitator, need, offer, 0, Decision("accept", cooperation_model=model)
    )


def _introduce(cast: Cast, pairing: Pairing) -> None:
    pairings.introduce(
        cast.facilitator,
        pairing,
        pairing.version,
        "Please agree the scope and a first meeting date.",
    )


def _report(cast: Cast, pairing: Pairing, *steps: PairingStatus) -> None:
    reporter = cast.focal_for(pairing.need) or cast.facilitator
    notes = {
        PairingStatus.AGREED: "Terms of reference signed.",
        PairingStatus.IN_PROGRESS: "First training cohort started.",
        PairingStatus.STALLED: "Waiting for customs clearance of the equipment.",
        PairingStatus.COMPLETED: "Facility commissioned and staff certified.",
    }
    for step in steps:
        pairings.report(reporter, pairing, pairing.version, step, notes[step])


def _stage_accepted(cast: Cast, need: Need, offer: Offer, n: int, _: date) -> None:
    _accept(cast, need, offer, n)


def _stage_introduced(cast: Cast, need: Need, offer: Offer, n: int, _: date) -> None:
    _introduce(cast, _accept(cast, need, offer, n))


def _stage_reported(*steps: PairingStatus) -> Callable[..., None]:
    def stage(cast: Cast, need: Need, offer: Offer, n: int, _: date) -> None:
        pairing = _accept(cast, need, offer, n)
        _introduce(cast, pairing)
        _report(cast, pairing, *steps)

    return stage


def _stage_closed(cast: Cast, need: Need, offer: Offer, n: int, _: date) -> None:
    pairing = _accept(cast, need, offer, n)
    _introduce(cast, pairing)
    pairings.close(
        cast.facilitator,
        pairing,
        pairing.version,
        "parties-did-not-agree",
        "The budget cycles of both sides did not line up this year.",
    )


def _stage_declined(cast: Cast, need: Need, offer: Offer, n: int, _: date) -> None:
    pairings.decide(
        cast.facilitator,
        need,
        offer,
        0,
        Decision(
            "decline",
            reason="wrong-support-type",
            details="The country needs financing; the offer gives training only.",
        ),
    )


def _stage_deferred(cast: Cast, need: Need, offer: Offer, n: int, today: date) -> None:
    pairings.decide(
        cast.facilitator,
        need,
        offer,
        0,
        Decision(
            "defer",
            defer_until=today + timedelta(days=30),
            details="Revisit after the partner's new funding round.",
        ),
    )


def _stage_asked(cast: Cast, need: Need, offer: Offer, n: int, _: date) -> None:
    focal = cast.focal_for(need)
    assert focal is not None
    interests.express(
        focal,
        need,
        offer,
        InterestSide.NEED,
        "Our national laboratory would benefit greatly; could you introduce us?",
    )


def _stage_offered(cast: Cast, need: Need, offer: Offer, n: int, _: date) -> None:
    partner = cast.partner_for(offer)
    assert partner is not None
    interests.express(
        partner,
        need,
        offer,
        InterestSide.OFFER,
        "We have done this in two neighbouring countries and can start next quarter.",
    )


STEPS: dict[str, Callable[..., None]] = {
    "accepted": _stage_accepted,
    "introduced": _stage_introduced,
    "agreed": _stage_reported(PairingStatus.AGREED),
    "in_progress": _stage_reported(PairingStatus.AGREED, PairingStatus.IN_PROGRESS),
    "stalled": _stage_reported(PairingStatus.AGREED, PairingStatus.STALLED),
    "completed": _stage_reported(
        PairingStatus.AGREED, PairingStatus.IN_PROGRESS, PairingStatus.COMPLETED
    ),
    "closed": _stage_closed,
    "declined": _stage_declined,
    "deferred": _stage_deferred,
    "asked": _stage_asked,
    "offered": _stage_offered,
}


def raise_first_hub(run_id: int) -> bool:
    """Raise the run's first hub candidate with partners, as an open call."""
    from matchmaker.models import ProposalKind, RegionalProposal
    from matchmaker.services import hub_calls

    cast = _cast()
    hub = db.session.scalar(
        select(RegionalProposal)
        .where(
            RegionalProposal.run_id == run_id,
            RegionalProposal.kind == ProposalKind.HUB,
        )
        .order_by(RegionalProposal.id)
        .limit(1)
    )
    if cast is None or hub is None:
        return False
    call = hub_calls.raise_call(
        cast.facilitator,
        hub.id,
        "Raised at the regional meeting: several ministries asked for a shared "
        "facility. Partners able to fund or host one, please respond.",
        lambda call_id: f"/calls/{call_id}",
    )
    return call is not None
