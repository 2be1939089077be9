"""A regional proposal accepted as one regional cooperation.

One offer serves needs of several countries: accepting the proposal accepts a
pairing for each of its needs still open to a decision, under one
``RegionalCooperation``, so introducing, reporting and closing move them together
(``pairings.moving_together``). The offer must have capacity left for all of them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Need,
    Offer,
    OfferStatus,
    Pairing,
    ProposalKind,
    RegionalCooperation,
    RegionalProposal,
    User,
)
from matchmaker.services import pairings
from matchmaker.services.engine_records import MATCHABLE_NEED_STATUSES
from matchmaker.services.exclusions import remaining_capacity
from matchmaker.services.pairings import Decision, PairingConflict, StepRefused


def get_proposal(proposal_id: int) -> RegionalProposal | None:
    """A regional-offer proposal (hubs are raised as calls instead)."""
    return db.session.scalar(
        select(RegionalProposal)
        .where(
            RegionalProposal.id == proposal_id,
            RegionalProposal.kind == ProposalKind.REGIONAL_OFFER,
        )
        .options(selectinload(RegionalProposal.needs).selectinload(Need.country))
    )


def open_needs(proposal: RegionalProposal) -> list[Need]:
    """The proposal's needs still seeking support and open to a decision."""
    offer_id = proposal.offer_id
    return [
        need
        for need in proposal.needs
        if need.status in MATCHABLE_NEED_STATUSES
        and pairings.decidable(pairings.for_pair(need.id, offer_id or 0))
    ]


def open_counts() -> dict[int, int]:
    """For each regional proposal of the latest run: needs still open to accept."""
    from matchmaker.services.match_runs import latest_successful_run

    run = latest_successful_run()
    if run is None:
        return {}
    proposals = db.session.scalars(
        select(RegionalProposal)
        .where(
            RegionalProposal.run_id == run.id,
            RegionalProposal.kind == ProposalKind.REGIONAL_OFFER,
        )
        .options(selectinload(RegionalProposal.needs))
    )
    return {p.id: len(open_needs(p)) for p in proposals}


def accept(
    actor: User, proposal: RegionalProposal, model_slug: str, note: str
) -> RegionalCooperation:
    """Accept every open need of the proposal with its offer, as one cooperation.

    Raises ``PairingConflict`` when nothing is left to accept (somebody accepted
    first) and ``StepRefused`` when the offer cannot take them all.
    """
    offer = db.session.scalar(
        select(Offer).where(Offer.id == proposal.offer_id).with_for_update()
    )
    needs = open_needs(proposal)
    if offer is None or len(needs) < 2:
        db.session.rollback()
        raise PairingConflict(f"regional-{proposal.id}")
    if offer.status is not OfferStatus.OPEN:
        raise StepRefused("This offer is no longer open.")
    if remaining_capacity(offer) < len(needs):
        raise StepRefused(
            f"This offer has room for {remaining_capacity(offer)} more pairings, "
            f"and the proposal has {len(needs)} needs. Accept them one by one "
            "from the review queue instead."
        )
    countries = sorted({need.country.name for need in needs})
    cooperation = RegionalCooperation(
        offer=offer,
        title=f"{offer.title} — {', '.join(countries)}",
        created_by_id=actor.id,
    )
    db.session.add(cooperation)
    model = model_slug or "regional-hub-and-spoke"
    for need in needs:
        version = _version(need.id, offer.id)
        pairing = pairings.decide(
            actor,
            need,
            offer,
            version,
            Decision("accept", cooperation_model=model, details=note),
            commit=False,
        )
        pairing.regional_cooperation = cooperation
    db.session.commit()
    return cooperation


def _version(need_id: int, offer_id: int) -> int:
    pairing = pairings.for_pair(need_id, offer_id)
    return pairing.version if pairing is not None else 0


def get(cooperation_id: int) -> RegionalCooperation | None:
    """One regional cooperation with its pairings."""
    return db.session.scalar(
        select(RegionalCooperation)
        .where(RegionalCooperation.id == cooperation_id)
        .options(
            selectinload(RegionalCooperation.pairings)
            .selectinload(Pairing.need)
            .selectinload(Need.country)
        )
    )
