"""What the Matching page reads and does: the latest full run, recent runs, a new run.

Full runs are stored by ``match_runs``; this module only reads them back in the
shapes the page shows (pairings, regional proposals, hub candidates, unmet needs)
and queues a run on a staff member's request (``match_queue``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Country,
    MatchRun,
    Need,
    Offer,
    ProposalKind,
    RegionalProposal,
    SubRegion,
    Suggestion,
    User,
)
from matchmaker.services import match_queue
from matchmaker.services.match_queue import RunRequest
from matchmaker.services.match_runs import latest_successful_run

logger = logging.getLogger(__name__)

# Rows of suggested pairs shown at once; the rest are counted.
PAIRINGS_SHOWN = 150
RECENT_RUNS = 10


@dataclass(frozen=True)
class RunReport:
    """The latest successful run, ready to show."""

    run: MatchRun
    started_by: str
    pairings: list[Suggestion]
    suggestion_count: int
    regional: list[RegionalProposal]
    hubs: list[RegionalProposal]
    unmet: list[Need]
    country_names: dict[str, str] = field(default_factory=dict)
    sub_region_labels: dict[str, str] = field(default_factory=dict)

    def countries_of(self, proposal: RegionalProposal) -> list[str]:
        """Names of the countries whose needs a proposal groups, sorted."""
        codes = {need.country_alpha3 for need in proposal.needs}
        return sorted(self.country_names.get(code, code) for code in codes)


def latest_report() -> RunReport | None:
    """The latest successful full run with everything the page shows, or None."""
    run = latest_successful_run()
    if run is None:
        return None
    proposals = list(
        db.session.scalars(
            select(RegionalProposal)
            .where(RegionalProposal.run_id == run.id)
            .options(
                selectinload(RegionalProposal.needs),
                selectinload(RegionalProposal.offer).selectinload(Offer.organisation),
            )
            .order_by(RegionalProposal.score.desc(), RegionalProposal.id)
        )
    )
    return RunReport(
        run=run,
        started_by=_email(run.started_by_id),
        pairings=_pairings(run),
        suggestion_count=db.session.scalar(
            select(func.count(Suggestion.id)).where(Suggestion.run_id == run.id)
        )
        or 0,
        regional=[p for p in proposals if p.kind is ProposalKind.REGIONAL_OFFER],
        hubs=[p for p in proposals if p.kind is ProposalKind.HUB],
        unmet=_unmet(run),
        country_names=_pairs(select(Country.alpha3, Country.name)),
        sub_region_labels=_pairs(select(SubRegion.slug, SubRegion.label)),
    )


def _pairings(run: MatchRun) -> list[Suggestion]:
    """Assigned pairs first, then the other suggestions, best score first."""
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.run_id == run.id)
            .options(
                selectinload(Suggestion.need).selectinload(Need.country),
                selectinload(Suggestion.offer).selectinload(Offer.organisation),
            )
            .order_by(
                Suggestion.assigned.desc(), Suggestion.score.desc(), Suggestion.id
            )
            .limit(PAIRINGS_SHOWN)
        )
    )


def _unmet(run: MatchRun) -> list[Need]:
    """The needs the run found no offer for, as they are now (status may differ)."""
    return list(
        db.session.scalars(
            select(Need)
            .where(Need.id.in_(run.unmet_need_ids or []))
            .options(selectinload(Need.country), selectinload(Need.category))
            .order_by(Need.country_alpha3, Need.id)
        )
    )


def _pairs(query: Select) -> dict[str, str]:
    return {row[0]: row[1] for row in db.session.execute(query)}


def _email(user_id: int | None) -> str:
    if user_id is None:
        return ""
    return db.session.scalar(select(User.email).where(User.id == user_id)) or ""


def recent_runs(limit: int = RECENT_RUNS) -> list[tuple[MatchRun, str]]:
    """The latest runs of any status, newest first, with who started them."""
    rows = db.session.execute(
        select(MatchRun, User.email)
        .outerjoin(User, User.id == MatchRun.started_by_id)
        .order_by(MatchRun.started_at.desc(), MatchRun.id.desc())
        .limit(limit)
    ).all()
    return [(run, email or "") for run, email in rows]


def start_run(user: User) -> RunRequest:
    """Queue a full run over every open listing on ``user``'s request.

    The run waits for the queue worker (``matchmaker worker``), which runs it off
    the request and writes its progress where the Matching page reads it. At most
    one run waits or runs at a time: a second request gets the one under way back.
    The request is audited; so are the run's end and a queue that cannot be
    reached.
    """
    from matchmaker.tasks import enqueue_match_run

    return match_queue.request_run(user, enqueue_match_run)


def get_run(run_id: int) -> MatchRun | None:
    """One run by id, or None."""
    return db.session.get(MatchRun, run_id)


def starters(runs: list[MatchRun]) -> dict[int, tuple[str, str]]:
    """Who asked for each of ``runs`` (one query): ``{user id: (name, email)}``."""
    ids = {run.started_by_id for run in runs if run.started_by_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(
        select(User.id, User.full_name, User.email).where(User.id.in_(ids))
    )
    return {uid: (name or "", email) for uid, name, email in rows}


def proposals_with_needs(run_id: int) -> dict[int, RegionalProposal]:
    """The run's proposals with their needs loaded, by id (one query each)."""
    rows = db.session.scalars(
        select(RegionalProposal)
        .where(RegionalProposal.run_id == run_id)
        .options(selectinload(RegionalProposal.needs))
    )
    return {row.id: row for row in rows}


def runs_newest_first() -> Select[MatchRun]:
    """Every run, newest first (page it)."""
    return select(MatchRun).order_by(MatchRun.started_at.desc(), MatchRun.id.desc())


def assigned_pairs(run: MatchRun) -> Select[Suggestion]:
    """The run's assigned pairs with their need and offer, best first (page it)."""
    return (
        select(Suggestion)
        .where(Suggestion.run_id == run.id, Suggestion.assigned.is_(True))
        .options(
            selectinload(Suggestion.need),
            selectinload(Suggestion.offer).selectinload(Offer.organisation),
        )
        .order_by(Suggestion.score.desc(), Suggestion.id)
    )


def unmet_needs(run: MatchRun) -> list[tuple[int, str, str]]:
    """(id, title, country) of the needs the run left unmet, by country."""
    ids = [int(need_id) for need_id in run.unmet_need_ids or []]
    if not ids:
        return []
    rows = db.session.execute(
        select(Need.id, Need.title, Need.country_alpha3)
        .where(Need.id.in_(ids))
        .order_by(Need.country_alpha3, Need.id)
    )
    return [(i, t, c) for i, t, c in rows]
