"""The latest run's regional proposals and hub candidates, grouped by sub-region, in
plain words, with what facilitators did with each.

The Matching page lists proposals to act on; this page is the region's view of them:
which sub-regions could cooperate on what, where a shared hub is wanted, which host
the engine suggests and why, and whether it went anywhere — a regional cooperation
taken up (with its pairings' stages), pairings made one by one, a call raised with
partners, or nothing yet.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Country,
    HubCallStatus,
    MatchRun,
    Offer,
    Pairing,
    PairingStatus,
    ProposalKind,
    RegionalProposal,
    SubRegion,
)
from matchmaker.services import hub_calls
from matchmaker.services.match_runs import latest_successful_run

ACROSS = ""  # the group of proposals whose countries span sub-regions
ACROSS_LABEL = "Across sub-regions"

KIND_LABELS = {
    ProposalKind.REGIONAL_OFFER: "One offer for several countries",
    ProposalKind.HUB: "A shared hub no offer covers yet",
}


@dataclass(frozen=True)
class ProposalView:
    """One proposal as the page says it."""

    proposal_id: int
    kind: ProposalKind
    kind_label: str
    theme: str
    countries: list[str]
    country_codes: list[str]
    host: str
    why: str
    offer: Offer | None
    outcome: str  # what facilitators did, in a sentence
    acted_on: bool
    call_id: int | None = None


@dataclass(frozen=True)
class SubRegionGroup:
    slug: str
    label: str
    proposals: list[ProposalView] = field(default_factory=list)

    @property
    def hubs(self) -> list[ProposalView]:
        return [p for p in self.proposals if p.kind is ProposalKind.HUB]

    @property
    def regional(self) -> list[ProposalView]:
        return [p for p in self.proposals if p.kind is ProposalKind.REGIONAL_OFFER]


@dataclass(frozen=True)
class RegionalPicture:
    run: MatchRun | None
    groups: list[SubRegionGroup]

    @property
    def total(self) -> int:
        return sum(len(group.proposals) for group in self.groups)

    @property
    def acted_on(self) -> int:
        return sum(p.acted_on for group in self.groups for p in group.proposals)


def regional_picture(*, country: str | None = None) -> RegionalPicture:
    """The latest run's proposals by sub-region; only ``country``'s when given."""
    run = latest_successful_run()
    if run is None:
        return RegionalPicture(run=None, groups=[])
    proposals = list(
        db.session.scalars(
            select(RegionalProposal)
            .where(RegionalProposal.run_id == run.id)
            .options(
                selectinload(RegionalProposal.needs),
                selectinload(RegionalProposal.offer).selectinload(Offer.organisation),
            )
            .order_by(RegionalProposal.kind, RegionalProposal.score.desc())
        )
    )
    if country:
        proposals = [
            p for p in proposals if any(n.country_alpha3 == country for n in p.needs)
        ]
    names, regions = _countries()
    labels = dict(db.session.execute(select(SubRegion.slug, SubRegion.label)).all())
    outcomes = _Outcomes(proposals)
    grouped: dict[str, list[ProposalView]] = defaultdict(list)
    for proposal in proposals:
        codes = sorted({need.country_alpha3 for need in proposal.needs})
        slug = proposal.sub_region_slug or _common_region(codes, regions)
        outcome, acted, call_id = outcomes.of(proposal)
        grouped[slug].append(
            ProposalView(
                proposal_id=proposal.id,
                kind=proposal.kind,
                kind_label=KIND_LABELS[proposal.kind],
                theme=proposal.theme,
                countries=sorted(names.get(code, code) for code in codes),
                country_codes=codes,
                host=names.get(proposal.suggested_host_alpha3 or "", ""),
                why=plain_why(proposal.why),
                offer=proposal.offer,
                outcome=outcome,
                acted_on=acted,
                call_id=call_id,
            )
        )
    groups = [
        SubRegionGroup(slug, labels.get(slug, ACROSS_LABEL), views)
        for slug, views in sorted(
            grouped.items(), key=lambda item: (item[0] == ACROSS, labels.get(item[0]))
        )
    ]
    return RegionalPicture(run=run, groups=groups)


# The engine's reasons carry its similarity figure, which says nothing to a reader.
_SIMILARITY = re.compile(r"\s*\(mean similarity [0-9.]+\)")


def plain_why(why: str) -> str:
    """The engine's reason in words: country names, no similarity figures."""
    return _SIMILARITY.sub("", hub_calls.readable_why(why)).strip()


def _countries() -> tuple[dict[str, str], dict[str, str | None]]:
    rows = db.session.execute(
        select(Country.alpha3, Country.name, Country.sub_region_slug)
    ).all()
    return {a: n for a, n, _ in rows}, {a: s for a, _, s in rows}


def _common_region(codes: list[str], regions: dict[str, str | None]) -> str:
    found = {regions.get(code) for code in codes}
    if len(found) == 1:
        only = found.pop()
        return only or ACROSS
    return ACROSS


class _Outcomes:
    """What facilitators did with each proposal, read in two queries."""

    def __init__(self, proposals: list[RegionalProposal]) -> None:
        pairs = {
            (need.id, proposal.offer_id)
            for proposal in proposals
            if proposal.offer_id is not None
            for need in proposal.needs
        }
        offer_ids = {offer for _, offer in pairs if offer is not None}
        self.pairings: dict[tuple[int, int], Pairing] = {}
        if offer_ids:
            for pairing in db.session.scalars(
                select(Pairing).where(Pairing.offer_id.in_(offer_ids))
            ):
                if (pairing.need_id, pairing.offer_id) in pairs:
                    self.pairings[(pairing.need_id, pairing.offer_id)] = pairing
        self.calls = hub_calls.raised_marks()

    def of(self, proposal: RegionalProposal) -> tuple[str, bool, int | None]:
        """A sentence, whether anything was done, and the call's id for a hub."""
        if proposal.kind is ProposalKind.HUB:
            return self._hub(proposal)
        found = [
            self.pairings[(need.id, proposal.offer_id)]
            for need in proposal.needs
            if proposal.offer_id is not None
            and (need.id, proposal.offer_id) in self.pairings
        ]
        if not found:
            return "Not taken up yet.", False, None
        together = any(p.regional_cooperation_id for p in found)
        stages = Counter(p.status for p in found)
        said = ", ".join(
            f"{count} {status.label.lower()}"
            for status, count in sorted(
                stages.items(), key=lambda item: list(PairingStatus).index(item[0])
            )
        )
        how = "Taken up as one regional cooperation" if together else "Pairings made"
        return f"{how}: {said}.", True, None

    def _hub(self, proposal: RegionalProposal) -> tuple[str, bool, int | None]:
        mark = self.calls.get(proposal.id)
        if mark is None:
            return "Not raised with partners yet.", False, None
        when = _day(mark.raised_at)
        if mark.status is HubCallStatus.OPEN:
            return (
                f"Raised with partners on {when}; the call is open.",
                True,
                (mark.call_id),
            )
        return (
            f"Raised with partners on {when}; the call is closed.",
            True,
            (mark.call_id),
        )


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"
