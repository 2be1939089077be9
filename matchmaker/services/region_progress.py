"""The region's progress: needs posted and met per month, and the pairing funnel.

Read-only, like ``region_figures`` (whose words it uses: a need is *posted* in the
month of its ``created_at`` when it is not a draft now — the database keeps no
publication date, so withdrawn needs count as put forward; it is *met* in the month
of the first event moving one of its pairings to ``completed``). Months are
calendar months in UTC, keyed "YYYY-MM".
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime

from sqlalchemy import and_, func, select

from matchmaker.extensions import db
from matchmaker.models import (
    MatchRun,
    Need,
    NeedStatus,
    Pairing,
    PairingEvent,
    PairingStatus,
    Suggestion,
)
from matchmaker.pictures.shapes import FunnelStage, MonthCount, Progress

# The funnel, in the order pairs move through it; stage 0 is the suggestion.
FUNNEL: tuple[tuple[str, str], ...] = (
    ("suggested", "Suggested"),
    ("accepted", "Accepted by a facilitator"),
    ("introduced", "Parties introduced"),
    ("agreed", "Agreement reached"),
    ("completed", "Completed"),
)
FUNNEL_STATUS = {
    PairingStatus.ACCEPTED: 1,
    PairingStatus.INTRODUCED: 2,
    PairingStatus.AGREED: 3,
    PairingStatus.COMPLETED: 4,
}
SECONDS_PER_DAY = 86_400


def progress(*, months: int = 12, today: date | None = None) -> Progress:
    """Needs posted and met per month, and how far pairs get through the funnel.

    Args:
        months: how many calendar months, ending with the current one; months
            with nothing in them are listed with zeros.
        today: the day whose month is the last (default: today).

    Raises:
        ValueError: ``months`` is below 1.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    keys = _month_keys(today or date.today(), months)
    start = datetime.strptime(keys[0], "%Y-%m").replace(tzinfo=UTC)
    posted = Counter(
        _month_of(at)
        for at in db.session.scalars(
            select(Need.created_at).where(
                Need.status != NeedStatus.DRAFT, Need.created_at >= start
            )
        )
    )
    first_completed = (
        select(func.min(PairingEvent.at))
        .join(Pairing, Pairing.id == PairingEvent.pairing_id)
        .where(PairingEvent.to_status == PairingStatus.COMPLETED)
        .group_by(Pairing.need_id)
    )
    met = Counter(_month_of(at) for at in db.session.scalars(first_completed))
    rows = [MonthCount(key, posted[key], met[key]) for key in keys]
    return Progress(months=rows, funnel=_funnel())


def _month_keys(today: date, months: int) -> list[str]:
    """The keys ("YYYY-MM") of ``months`` calendar months ending with today's."""
    last = today.year * 12 + today.month - 1
    return [
        f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(last - months + 1, last + 1)
    ]


def _month_of(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m")


def _funnel() -> list[FunnelStage]:
    """Pairs reaching each stage, and the median days from one stage to the next.

    A pair is suggested when a run suggested it or a pairing exists for it (counted
    once). It was suggested at the earliest start of a run that suggested it, or
    at its pairing's creation when that came first (interest can open a pairing
    before any run suggests the pair). A pairing reached a later stage when it has
    an event moving it there or further on; it reached a stage at the first such
    event. Medians are over the pairings with both times known.
    """
    first_suggested = (
        select(
            Suggestion.need_id,
            Suggestion.offer_id,
            func.min(MatchRun.started_at).label("at"),
        )
        .join(MatchRun, MatchRun.id == Suggestion.run_id)
        .group_by(Suggestion.need_id, Suggestion.offer_id)
        .subquery()
    )
    suggested_pairs = db.session.scalar(
        select(func.count()).select_from(first_suggested)
    )
    times: dict[int, dict[int, datetime]] = defaultdict(dict)
    never_suggested = 0
    for pairing_id, created, suggested in db.session.execute(
        select(Pairing.id, Pairing.created_at, first_suggested.c.at).outerjoin(
            first_suggested,
            and_(
                first_suggested.c.need_id == Pairing.need_id,
                first_suggested.c.offer_id == Pairing.offer_id,
            ),
        )
    ):
        never_suggested += suggested is None
        times[pairing_id][0] = min(created, suggested) if suggested else created
    for pairing_id, status, at in db.session.execute(
        select(
            PairingEvent.pairing_id, PairingEvent.to_status, func.min(PairingEvent.at)
        )
        .where(PairingEvent.to_status.in_(list(FUNNEL_STATUS)))
        .group_by(PairingEvent.pairing_id, PairingEvent.to_status)
    ):
        times[pairing_id][FUNNEL_STATUS[status]] = at
    return _stages((suggested_pairs or 0) + never_suggested, times)


def _stages(suggested: int, times: dict[int, dict[int, datetime]]) -> list[FunnelStage]:
    """The funnel from each pairing's stage times (stage index → first reached)."""
    furthest = Counter(max(stages) for stages in times.values())
    stages = []
    for index, (stage, label) in enumerate(FUNNEL):
        reached = sum(n for last, n in furthest.items() if last >= index)
        days = [
            (stages_at[index + 1] - stages_at[index]).total_seconds() / SECONDS_PER_DAY
            for stages_at in times.values()
            if index in stages_at and index + 1 in stages_at
        ]
        median = statistics.median(days) if days else None
        count = suggested if index == 0 else reached
        stages.append(FunnelStage(stage, label, count, median))
    return stages
