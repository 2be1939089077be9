"""Full match runs: the engine over every open listing, stored as one run.

A run holds the ``match-run`` lease (``services.leases``) from start to end, so two
runs never overlap, whoever starts them (the queue worker, ``matchmaker match``, a
test) and on however many hosts. Taking the lease and marking the run ``running``
are one transaction; while the lease is held every other ``running`` run is one
whose process died, and is marked failed.

Progress (steps done of all, the step under way) is written in short write
transactions of its own as the engine reports each step, which also renews the
lease. The results are written in one transaction together with the
``succeeded`` mark, so readers see either the previous run or the whole new one,
never half of it; a run that lost its lease meanwhile stores nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select, update

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.matching import MatchResult, MatchSettings, run_matching
from matchmaker.matching.pipeline import RUN_STEPS
from matchmaker.models import (
    Country,
    ExplanationItem,
    MatchRun,
    NotificationKind,
    Outcome,
    ProposalKind,
    RegionalProposal,
    Role,
    RunKind,
    RunStatus,
    Suggestion,
    User,
    utcnow,
)
from matchmaker.models import Need as NeedRow
from matchmaker.services import audit, leases, offers
from matchmaker.services.engine_records import (
    matchable_needs,
    open_offers,
    taxonomy_from_database,
)
from matchmaker.services.exclusions import excluded_pairs
from matchmaker.services.match_settings import current_settings
from matchmaker.services.notifications import notify

logger = logging.getLogger(__name__)

# The lease every full run holds, and how long it lasts without a renewal (each
# step renews it; the longest step at 20,000 listings takes seconds).
RUN_LEASE = "match-run"
RUN_LEASE_TTL = timedelta(minutes=5)
# The steps of a run as progress counts them: reading, the engine's, saving.
STEPS: tuple[str, ...] = ("load", *RUN_STEPS, "store")
STEP_LABELS: dict[str, str] = {
    "load": "Reading the open needs and offers",
    "prepare": "Preparing the texts",
    "blocking": "Finding the eligible pairs",
    "retrieval": "Finding candidate offers for each need",
    "text_scoring": "Comparing the texts",
    "features": "Comparing categories, support, budgets and dates",
    "scoring": "Scoring pairs",
    "explain": "Writing the explanations",
    "assignment": "Choosing pairings within each offer's capacity",
    "graph": "Linking needs and offers",
    "regional": "Finding regional proposals",
    "hubs": "Finding hub candidates",
    "store": "Saving the results",
}
ABANDONED = (
    "Stopped before it finished: the process running it ended or lost touch. "
    "Nothing was replaced; run matching again."
)
SHUT_DOWN = (
    "Stopped because the worker running it was shut down. Nothing was replaced; "
    "run matching again."
)
LOST = (
    "Stopped: it went too long without reporting progress, so it could no longer "
    "be sure to be the only run. Nothing was replaced; run matching again."
)

# Told (step under way, steps done, all steps) as a run moves on.
Progress = Callable[[str, int, int], None]


class RunUnderWay(RuntimeError):
    """Another full run holds the lease; this one did not start."""

    def __init__(self, running: MatchRun | None, started_by: str = "") -> None:
        self.running, self.started_by = running, started_by
        super().__init__(describe_under_way(running, started_by))


class RunNotQueued(LookupError):
    """The queued run asked for is gone or no longer waiting (run already)."""


def describe_under_way(run: MatchRun | None, started_by: str = "") -> str:
    """A plain sentence about the run under way, for refusals."""
    if run is None:
        return "Another match run is under way."
    who = started_by or "the command line"
    return (
        f"Match run #{run.id} is under way (asked for by {who} at "
        f"{run.started_at:%H:%M} UTC, step {run.progress_done} of "
        f"{run.progress_total})."
    )


def run_full_match(
    settings: MatchSettings | None = None,
    as_of: date | None = None,
    started_by: User | None = None,
    *,
    run_id: int | None = None,
    progress: Progress | None = None,
) -> MatchRun:
    """Match every open need against every open offer and store the results.

    With ``run_id``, run that queued run (the worker's path); otherwise record a
    new run (``matchmaker match``, tests). ``progress`` is told each step.

    Raises:
        RunUnderWay: another run holds the lease (nothing was written).
        RunNotQueued: ``run_id`` is not a queued run.
        Exception: whatever stopped the engine; the run is stored as failed.
    """
    settings = settings or current_settings()
    as_of = as_of or date.today()
    db.session.rollback()
    leases.ensure(RUN_LEASE)
    lease = leases.Lease(RUN_LEASE, leases.new_holder(), RUN_LEASE_TTL)
    with write_transaction(db.session):
        if not leases.take(lease.name, lease.holder, lease.ttl):
            raise RunUnderWay(*_under_way())
        run_id = _start(run_id, settings, started_by).id
        expired = offers.expire_past(as_of)
    try:
        return _run(run_id, lease, settings, as_of, len(expired), progress)
    finally:
        db.session.rollback()
        leases.release(lease.name, lease.holder)


def _start(run_id: int | None, settings: MatchSettings, by: User | None) -> MatchRun:
    """Inside the lease's transaction: fail the abandoned, mark this one running."""
    _fail_running(ABANDONED)
    if run_id is None:
        run = MatchRun(kind=RunKind.FULL, started_by_id=by.id if by else None)
        db.session.add(run)
    else:
        queued = db.session.get(MatchRun, run_id, with_for_update=True)
        if queued is None or queued.status is not RunStatus.QUEUED:
            raise RunNotQueued(f"match run {run_id} is not waiting to run")
        run = queued
    run.status = RunStatus.RUNNING
    run.settings = settings.as_dict()
    run.progress_done, run.progress_total = 0, len(STEPS)
    run.progress_step = STEPS[0]
    db.session.flush()
    return run


def _run(
    run_id: int,
    lease: leases.Lease,
    settings: MatchSettings,
    as_of: date,
    expired: int,
    progress: Progress | None,
) -> MatchRun:
    started = time.perf_counter()
    reporter = _Reporter(run_id, lease, progress)
    try:
        reporter.tell(STEPS[0], 0)
        needs, open_listings = matchable_needs(), open_offers()
        taxonomy = taxonomy_from_database()
        excluded = excluded_pairs()
        db.session.rollback()
        reporter.steps_done(1)
        result = run_matching(
            needs,
            open_listings,
            settings,
            as_of=as_of,
            taxonomy=taxonomy,
            excluded=excluded,
            progress=reporter.engine_step,
        )
        with write_transaction(db.session):
            run = db.session.get(MatchRun, run_id, populate_existing=True)
            if run is None or run.status is not RunStatus.RUNNING:
                raise leases.LeaseLost("the run was marked stopped meanwhile")
            lease.extend_in()
            _store(run, result)
            run.counts = {
                **_counts(len(needs), len(open_listings), result),
                "expired_offers": expired,
            }
            run.timings = {
                **dict(result.timings),
                "total_s": round(time.perf_counter() - started, 4),
            }
            run.unmet_need_ids = [int(need_id) for need_id in result.unmet]
            run.status = RunStatus.SUCCEEDED
            run.finished_at = utcnow()
            run.progress_done, run.progress_step = len(STEPS), ""
            started_by = _user(run.started_by_id)
            audit.record("match_run.finish", obj=run, actor=started_by,
                         details=run.counts)  # fmt: skip
            _tell_staff(run, started_by)
    except Exception as error:
        logger.exception("match run %s failed", run_id)
        lost = isinstance(error, leases.LeaseLost)
        _record_failure(run_id, LOST if lost else f"{type(error).__name__}: {error}")
        raise
    reporter.tell("", len(STEPS))
    return run


class _Reporter:
    """Stores progress as steps finish, renewing the lease each time, and tells."""

    def __init__(
        self, run_id: int, lease: leases.Lease, progress: Progress | None
    ) -> None:
        self.run_id, self.lease, self.progress = run_id, lease, progress

    def steps_done(self, done: int) -> None:
        """``done`` of ``STEPS`` are finished; the next one is under way."""
        under_way = STEPS[done] if done < len(STEPS) else ""
        with write_transaction(db.session):
            self.lease.extend_in()
            db.session.execute(
                update(MatchRun)
                .where(MatchRun.id == self.run_id, MatchRun.status == RunStatus.RUNNING)
                .values(progress_done=done, progress_step=under_way)
                .execution_options(synchronize_session=False)
            )
        self.tell(under_way, done)

    def tell(self, under_way: str, done: int) -> None:
        """Pass the news on to the caller's callback, if any."""
        if self.progress is not None:
            self.progress(under_way, done, len(STEPS))

    def engine_step(self, step: str, done: int, total: int) -> None:
        """The engine's callback: its ``done`` steps come after "load"."""
        self.steps_done(1 + done)


def _record_failure(run_id: int, message: str) -> None:
    """Mark the run failed (unless already marked), audit it and tell staff."""
    db.session.rollback()
    with write_transaction(db.session):
        run = db.session.get(MatchRun, run_id, populate_existing=True)
        if run is None or run.status is not RunStatus.RUNNING:
            return
        run.status = RunStatus.FAILED
        run.error = message[:2000]
        run.finished_at = utcnow()
        started_by = _user(run.started_by_id)
        audit.record(
            "match_run.finish",
            obj=run,
            actor=started_by,
            outcome=Outcome.FAILURE,
            details={"error": message[:500]},
        )
        _tell_staff(run, started_by)


def _fail_running(message: str) -> list[int]:
    """Inside a write transaction: mark every ``running`` full run failed."""
    runs = list(
        db.session.scalars(
            select(MatchRun)
            .where(MatchRun.status == RunStatus.RUNNING, MatchRun.kind == RunKind.FULL)
            .with_for_update()
        )
    )
    for run in runs:
        run.status, run.error, run.finished_at = RunStatus.FAILED, message, utcnow()
        audit.record(
            "match_run.finish",
            obj=run,
            outcome=Outcome.FAILURE,
            details={"error": message},
        )
    return [run.id for run in runs]


def fail_abandoned_runs() -> list[int]:
    """Inside a write transaction: fail ``running`` runs when nobody holds the lease.

    A run is ``running`` only while its process holds the lease and renews it; a
    lease run out means that process died or lost touch (its results, if it ever
    tried to store them, would be refused).
    """
    if leases.current(RUN_LEASE) is not None:
        return []
    return _fail_running(ABANDONED)


def give_up_runs_of(process: str) -> list[int]:
    """Process ``process`` (host:pid) stops mid-run: fail its run, free the lease.

    Without this the run would show as under way until the lease ran out.
    """
    db.session.rollback()
    with write_transaction(db.session):
        held = leases.current(RUN_LEASE)
        if held is None or not held.holder.startswith(process + ":"):
            return []
        failed = _fail_running(SHUT_DOWN)
        leases.free(RUN_LEASE, held.holder)
    return failed


def active_run() -> MatchRun | None:
    """The full run under way or waiting, oldest first; None when there is none."""
    return db.session.scalar(
        select(MatchRun)
        .where(
            MatchRun.kind == RunKind.FULL,
            MatchRun.status.in_((RunStatus.QUEUED, RunStatus.RUNNING)),
        )
        .order_by(
            (MatchRun.status == RunStatus.RUNNING).desc(),
            MatchRun.started_at,
            MatchRun.id,
        )
        .limit(1)
    )


def _under_way() -> tuple[MatchRun | None, str]:
    run = db.session.scalar(
        select(MatchRun)
        .where(MatchRun.status == RunStatus.RUNNING, MatchRun.kind == RunKind.FULL)
        .order_by(MatchRun.id.desc())
        .limit(1)
    )
    user = _user(run.started_by_id) if run else None
    return run, user.email if user else ""


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id is not None else None


def _tell_staff(run: MatchRun, started_by: User | None) -> None:
    """Notify every active facilitator and admin that the run ended."""
    staff = db.session.scalars(
        select(User)
        .where(User.role.in_((Role.FACILITATOR, Role.ADMIN)), User.active.is_(True))
        .order_by(User.id)
    )
    who = started_by.email if started_by else "the command line"
    if run.status is RunStatus.SUCCEEDED:
        counts = run.counts
        subject = (
            f"Matching finished: {counts['pairings']} pairings, "
            f"{counts['regional']} regional proposals, {counts['hubs']} hub "
            "candidates"
        )
        body = (
            f"Match run #{run.id}, asked for by {who}, scored {counts['needs']} "
            f"open needs against {counts['offers']} open offers and left "
            f"{counts['unmet']} needs without an offer. The Matching page shows "
            "the new results."
        )
    else:
        subject = "Matching failed: the previous results are still shown"
        body = (
            f"Match run #{run.id}, asked for by {who}, stopped with an error: "
            f"{run.error[:300]}"
        )
    notify(staff, NotificationKind.RUN_FINISHED, subject, body, link="/matching/")


def latest_successful_run() -> MatchRun | None:
    """The run whose results the service shows."""
    return db.session.scalar(
        select(MatchRun)
        .where(MatchRun.status == RunStatus.SUCCEEDED, MatchRun.kind == RunKind.FULL)
        .order_by(MatchRun.finished_at.desc(), MatchRun.id.desc())
        .limit(1)
    )


def _counts(needs: int, offers: int, result: MatchResult) -> dict[str, int]:
    return {
        "needs": needs,
        "offers": offers,
        "suggestions": len(result.suggestions),
        "unmet": len(result.unmet),
        "pairings": len(result.pairings),
        "regional": len(result.regional),
        "hubs": len(result.hubs),
    }


def _store(run: MatchRun, result: MatchResult) -> None:
    assigned = {(p.need_id, p.offer_id) for p in result.pairings}
    for suggestion in result.suggestions:
        row = Suggestion(
            run=run,
            need_id=int(suggestion.need_id),
            offer_id=int(suggestion.offer_id),
            rank=suggestion.rank,
            score=suggestion.score,
            assigned=(suggestion.need_id, suggestion.offer_id) in assigned,
        )
        row.explanation = [
            ExplanationItem(
                position=position,
                comparison=item.comparison,
                need_value=item.need,
                offer_value=item.offer,
                similarity=item.similarity,
                weight=item.weight,
                contribution=item.contribution,
            )
            for position, item in enumerate(suggestion.explanation)
        ]
        db.session.add(row)
    names = {
        code: name
        for code, name in db.session.execute(select(Country.alpha3, Country.name))
    }
    for proposal in result.regional:
        db.session.add(
            RegionalProposal(
                run_id=run.id,
                kind=ProposalKind.REGIONAL_OFFER,
                offer_id=int(proposal.offer_id),
                score=proposal.score,
                needs=_needs(proposal.need_ids),
                why=f"One offer for {len(proposal.countries)} countries: "
                + ", ".join(names.get(code, code) for code in proposal.countries),
            )
        )
    for hub in result.hubs:
        db.session.add(
            RegionalProposal(
                run_id=run.id,
                kind=ProposalKind.HUB,
                theme=hub.theme[:200],
                sub_region_slug=hub.sub_region,
                suggested_host_alpha3=hub.suggested_host,
                why=hub.why,
                needs=_needs(hub.need_ids),
            )
        )


def _needs(ids: tuple[str, ...]) -> list[NeedRow]:
    return list(
        db.session.scalars(select(NeedRow).where(NeedRow.id.in_([int(i) for i in ids])))
    )
