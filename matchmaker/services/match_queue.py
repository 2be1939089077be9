"""Full match runs through the task queue: ask for one, run it, watch it.

The Matching page asks for a run (``request_run``): a ``queued`` MatchRun is
written, at most one at a time, and its id handed to the task queue
(``matchmaker.tasks``). A queue worker (``matchmaker worker``) runs it
(``execute_queued_run``) under the run lease, writing progress as it goes. Workers
beat a heartbeat in the lease table, so the page can say when a run waits with no
worker to run it; the page's view of a run under way is ``progress``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import MatchRun, Outcome, RunKind, RunStatus, User, utcnow
from matchmaker.services import audit, leases, match_runs

logger = logging.getLogger(__name__)

# Serialises requests for a run (PostgreSQL), so two clicks make one queued run.
REQUEST_LOCK = "match-run-request"
# Heartbeats of queue workers: "worker:<host>:<pid>", renewed every BEAT_EVERY.
WORKER_PREFIX = "worker:"
BEAT_EVERY = timedelta(seconds=15)
BEAT_TTL = timedelta(seconds=60)
# A queued run waiting this long with no worker alive is reported as stuck.
NO_WORKER_AFTER = timedelta(seconds=30)
# The Matching page reloads itself this often while a run is under way.
REFRESH_SECONDS = 5


@dataclass(frozen=True)
class RunRequest:
    """What asking for a run did: queued run ``run_id``; or found a run waiting or
    running already (``under_way_id``, who asked for it and when); or failed with
    ``error``. Plain values, read inside the transaction (nothing to reload)."""

    run_id: int | None = None
    under_way_id: int | None = None
    under_way_by: str = ""
    under_way_since: datetime | None = None
    error: str = ""


def request_run(user: User, enqueue: Callable[[int], object]) -> RunRequest:
    """Write a queued run for ``user`` and hand its id to ``enqueue``.

    Refused (``under_way_id`` set) while a run waits or runs. A run left
    ``running`` by a dead worker is marked failed first, so it cannot block new
    runs. If the queue cannot take the run, the run is marked failed and ``error``
    says why.
    """
    db.session.rollback()
    leases.ensure(REQUEST_LOCK)
    with write_transaction(db.session):
        leases.lock(REQUEST_LOCK)
        match_runs.fail_abandoned_runs()
        active = match_runs.active_run()
        if active is not None:
            return RunRequest(
                under_way_id=active.id,
                under_way_by=_email(active),
                under_way_since=active.started_at,
            )
        run = MatchRun(
            kind=RunKind.FULL,
            status=RunStatus.QUEUED,
            started_by_id=user.id,
            progress_total=len(match_runs.STEPS),
            progress_step=match_runs.STEPS[0],
        )
        db.session.add(run)
        db.session.flush()
        run_id = run.id
        audit.record("match_run.request", obj=run, actor=user)
    try:
        enqueue(run_id)
    except Exception as error:  # the queue is down: say so, leave nothing waiting
        logger.exception("could not queue match run %s", run_id)
        message = f"The task queue could not be reached ({type(error).__name__})."
        _fail_queued(run_id, user, message)
        return RunRequest(error=message)
    return RunRequest(run_id=run_id)


def _email(run: MatchRun) -> str:
    """Who asked for ``run`` ("" for the command line)."""
    if run.started_by_id is None:
        return ""
    email = db.session.scalar(select(User.email).where(User.id == run.started_by_id))
    return email or ""


def _fail_queued(run_id: int, user: User, message: str) -> None:
    db.session.rollback()
    with write_transaction(db.session):
        run = db.session.get(MatchRun, run_id, populate_existing=True)
        if run is not None and run.status is RunStatus.QUEUED:
            run.status, run.error, run.finished_at = RunStatus.FAILED, message, utcnow()
        audit.record(
            "match_run.request",
            object_type="matchrun",
            object_id=run_id,
            actor=user,
            outcome=Outcome.FAILURE,
            details={"error": message},
        )


def execute_queued_run(run_id: int) -> MatchRun | None:
    """The worker's task: run queued run ``run_id``; None if it was not waiting.

    Raises ``match_runs.RunUnderWay`` while another run holds the lease (the task
    queue retries later). An engine failure is recorded on the run and not raised:
    retrying the same run would fail the same way.
    """
    try:
        return match_runs.run_full_match(run_id=run_id)
    except match_runs.RunNotQueued:
        logger.info("match run %s is not waiting any more; nothing to do", run_id)
        return None
    except match_runs.RunUnderWay:
        raise
    except Exception:  # recorded as failed, audited and notified by run_full_match
        return None


def waiting_run_ids() -> list[int]:
    """Queued runs, oldest first (a starting worker queues them again, in case
    their messages were lost with the queue's storage)."""
    ids = list(
        db.session.scalars(
            select(MatchRun.id)
            .where(MatchRun.kind == RunKind.FULL, MatchRun.status == RunStatus.QUEUED)
            .order_by(MatchRun.id)
        )
    )
    db.session.rollback()
    return ids


def sweep_abandoned() -> list[int]:
    """Mark runs left ``running`` by a dead worker failed (own transaction)."""
    db.session.rollback()
    with write_transaction(db.session):
        return match_runs.fail_abandoned_runs()


# Worker heartbeats -------------------------------------------------------------


def worker_beat_name(label: str) -> str:
    """The heartbeat row of the worker process ``label`` (host:pid)."""
    return (WORKER_PREFIX + label)[:60]


def worker_beat(label: str, now: datetime | None = None) -> None:
    """Say this worker is alive for another ``BEAT_TTL``."""
    leases.beat(worker_beat_name(label), label, BEAT_TTL, now)


def worker_gone(label: str) -> None:
    """This worker stops: remove its heartbeat, and drop those long run out."""
    leases.forget(worker_beat_name(label))
    leases.forget_expired(WORKER_PREFIX)


def workers_alive(now: datetime | None = None) -> int:
    """Queue workers whose heartbeat has not run out."""
    return leases.alive(WORKER_PREFIX, now)


# What the Matching page shows --------------------------------------------------


@dataclass(frozen=True)
class RunProgress:
    """A run waiting or under way, in the page's words.

    ``state``: ``queued``, ``running``, or ``stalled`` (running, but its lease ran
    out: its worker died; the next request marks it failed). ``waiting_for``:
    why a queued run has not started: ``no-worker`` or ``another-run``.
    """

    run: MatchRun
    started_by: str
    state: str
    step_label: str
    waiting_for: str = ""

    @property
    def done(self) -> int:
        return self.run.progress_done

    @property
    def total(self) -> int:
        return self.run.progress_total or len(match_runs.STEPS)

    @property
    def refresh(self) -> int:
        """Seconds until the page reloads itself; 0 when nothing will change."""
        return 0 if self.state == "stalled" else REFRESH_SECONDS


def progress(now: datetime | None = None) -> RunProgress | None:
    """The run waiting or under way, for the Matching page (reads only)."""
    now = now or utcnow()
    run = match_runs.active_run()
    if run is None:
        return None
    held = leases.current(match_runs.RUN_LEASE, now) is not None
    waiting_for = ""
    if run.status is RunStatus.RUNNING:
        state = "running" if held else "stalled"
    else:
        state = "queued"
        if held:
            waiting_for = "another-run"
        elif now - run.started_at >= NO_WORKER_AFTER and not workers_alive(now):
            waiting_for = "no-worker"
    step = run.progress_step if state == "running" else ""
    return RunProgress(
        run=run,
        started_by=_email(run),
        state=state,
        step_label=match_runs.STEP_LABELS.get(step, ""),
        waiting_for=waiting_for,
    )
