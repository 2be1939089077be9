"""What facilitators' declines say about the weights: counts and plain advice.

Every decline (a suggestion refused before acceptance) and every closure (an
accepted pairing ended) carries one of the admin's reasons, and a reason may name
the engine comparison it speaks against (``DeclineReason.comparison``: a
"Wrong support type" decline says the support-type comparison counted too little).
Over the last ``WINDOW_DAYS`` days this module counts them per reason and per
comparison, by the time of the event that declined or closed the pairing, and
turns strong evidence into advice for an admin.

Evidence is strong, and advice given, when the declines and closures against one
comparison are both

* at least ``MIN_COUNT`` (5): fewer is anecdote, whatever the share; and
* at least ``MIN_SHARE`` (a fifth) of the window's decisions, a decision being a
  pairing accepted, declined or closed in the window (counted once per pairing).
  A busy month with a handful of such declines is normal noise.

Advice is only words on the Matching page: nothing here, or anywhere, changes a
weight by itself. An admin decides on the Match settings page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.matching import MatchSettings
from matchmaker.models import DeclineReason, Pairing, PairingEvent, PairingStatus
from matchmaker.models.base import utcnow
from matchmaker.services.setting_fields import comparison_label

WINDOW_DAYS = 30
MIN_COUNT = 5
MIN_SHARE = 0.2

ENDED = (PairingStatus.DECLINED, PairingStatus.CLOSED)
DECIDED = (PairingStatus.ACCEPTED, PairingStatus.DECLINED, PairingStatus.CLOSED)
NO_REASON = "No reason recorded"


@dataclass(frozen=True)
class ReasonCount:
    """Declines and closures for one reason in the window."""

    label: str
    comparison: str
    declined: int
    closed: int

    @property
    def total(self) -> int:
        return self.declined + self.closed

    @property
    def comparison_label(self) -> str:
        """The part of the score the reason speaks against, in plain words."""
        return comparison_label(self.comparison) if self.comparison else ""


@dataclass(frozen=True)
class ComparisonEvidence:
    """Declines and closures speaking against one comparison, and the advice."""

    comparison: str
    label: str
    declined: int
    closed: int
    share: float  # of the window's decisions
    weight: float | None  # the comparison's share of the score now
    reasons: tuple[str, ...]
    advice: str

    @property
    def total(self) -> int:
        return self.declined + self.closed


@dataclass(frozen=True)
class Feedback:
    """The window's declines and closures, by reason and by comparison."""

    days: int
    since: datetime
    decisions: int
    reasons: tuple[ReasonCount, ...]
    comparisons: tuple[ComparisonEvidence, ...]

    @property
    def declined(self) -> int:
        return sum(r.declined for r in self.reasons)

    @property
    def closed(self) -> int:
        return sum(r.closed for r in self.reasons)

    @property
    def advice(self) -> list[str]:
        """The advice of every comparison with strong evidence."""
        return [c.advice for c in self.comparisons if c.advice]


def decline_feedback(
    settings: MatchSettings,
    *,
    now: datetime | None = None,
    days: int = WINDOW_DAYS,
) -> Feedback:
    """Count the window's declines and closures and advise on ``settings``."""
    since = (now or utcnow()) - timedelta(days=days)
    decisions = _decisions_since(since)
    reasons = _reasons_since(since)
    weights = settings.weights()
    by_comparison: dict[str, list[ReasonCount]] = {}
    for reason in reasons:
        if reason.comparison:
            by_comparison.setdefault(reason.comparison, []).append(reason)
    comparisons = []
    for name, group in by_comparison.items():
        declined = sum(r.declined for r in group)
        closed = sum(r.closed for r in group)
        share = (declined + closed) / decisions if decisions else 0.0
        evidence = ComparisonEvidence(
            comparison=name,
            label=comparison_label(name),
            declined=declined,
            closed=closed,
            share=share,
            weight=weights.get(name),
            reasons=tuple(r.label for r in group),
            advice="",
        )
        strong = evidence.total >= MIN_COUNT and share >= MIN_SHARE
        if strong and evidence.weight is not None:
            evidence = _with_advice(evidence, days, decisions)
        comparisons.append(evidence)
    comparisons.sort(key=lambda c: (-c.total, c.label))
    return Feedback(
        days=days,
        since=since,
        decisions=decisions,
        reasons=tuple(reasons),
        comparisons=tuple(comparisons),
    )


def _decisions_since(since: datetime) -> int:
    """Pairings accepted, declined or closed in the window, once each."""
    return (
        db.session.scalar(
            select(func.count(func.distinct(PairingEvent.pairing_id))).where(
                PairingEvent.at >= since, PairingEvent.to_status.in_(DECIDED)
            )
        )
        or 0
    )


def _reasons_since(since: datetime) -> list[ReasonCount]:
    """Declined and closed pairings whose latest decline or closure is in the
    window, counted by their reason and status."""
    ended = (
        select(Pairing.id, Pairing.status, Pairing.reason_id)
        .join(
            PairingEvent,
            (PairingEvent.pairing_id == Pairing.id)
            & (PairingEvent.to_status == Pairing.status),
        )
        .where(Pairing.status.in_(ENDED))
        .group_by(Pairing.id, Pairing.status, Pairing.reason_id)
        .having(func.max(PairingEvent.at) >= since)
        .subquery()
    )
    rows = db.session.execute(
        select(
            DeclineReason.label,
            DeclineReason.comparison,
            DeclineReason.position,
            ended.c.status,
            func.count(),
        )
        .select_from(ended)
        .outerjoin(DeclineReason, DeclineReason.id == ended.c.reason_id)
        .group_by(
            DeclineReason.id,
            DeclineReason.label,
            DeclineReason.comparison,
            DeclineReason.position,
            ended.c.status,
        )
    ).all()
    counts: dict[tuple, dict[PairingStatus, int]] = {}
    for label, comparison, position, status, number in rows:
        key = (position if label is not None else 10**9, label or NO_REASON,
               comparison or "")  # fmt: skip
        counts.setdefault(key, {})[PairingStatus(status)] = number
    return [
        ReasonCount(
            label=label,
            comparison=comparison,
            declined=by_status.get(PairingStatus.DECLINED, 0),
            closed=by_status.get(PairingStatus.CLOSED, 0),
        )
        for (_, label, comparison), by_status in sorted(counts.items())
    ]


def _with_advice(
    evidence: ComparisonEvidence, days: int, decisions: int
) -> ComparisonEvidence:
    total = evidence.total
    if evidence.closed == 0:
        noun = "decline" if total == 1 else "declines"
    elif evidence.declined == 0:
        noun = "closure" if total == 1 else "closures"
    else:
        noun = "declines and closures"
    reasons = " or ".join(f"“{r}”" for r in evidence.reasons)
    weight = evidence.weight or 0.0
    advice = (
        f"{total} {noun} for {reasons} in the last {days} days "
        f"({evidence.share:.0%} of {decisions} decisions): consider raising the "
        f"“{evidence.label}” weight, now {weight:.0%} of the score, so that pairs "
        "that differ there score lower."
    )
    return replace(evidence, advice=advice)
