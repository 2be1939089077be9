"""Queued full runs: one at a time, whoever asks, with progress and a clean end."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker import tasks
from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    JobLease,
    MatchRun,
    Notification,
    NotificationKind,
    Outcome,
    Role,
    RunKind,
    RunStatus,
    Suggestion,
    utcnow,
)
from matchmaker.services import leases, match_queue, match_runs
from tests.conftest import sign_in_as
from tests.web.conftest import count

LAB = "RT-PCR molecular diagnostics laboratory"
LAB_TEXT = "RT-PCR equipment, BSL-2 biosafety training and quality systems."


@pytest.fixture
def listings(make):
    """A need and an offer that suggest each other."""
    return make.need(title=LAB, description=LAB_TEXT), make.offer(
        title=LAB + " support", description=LAB_TEXT
    )


def _runs() -> list[MatchRun]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(MatchRun).order_by(MatchRun.id)))


def _queued_run(started_by=None, **values) -> int:
    """A full run written straight to the database (queued unless told)."""
    values = {"status": RunStatus.QUEUED, **values}
    run = MatchRun(
        kind=RunKind.FULL,
        started_by_id=started_by.id if started_by else None,
        progress_total=len(match_runs.STEPS),
        **values,
    )
    db.session.add(run)
    db.session.commit()
    return run.id


def test_asking_twice_makes_one_queued_run(app, make):
    first = sign_in_as(app.test_client(), make.user(Role.FACILITATOR))
    second = sign_in_as(app.test_client(), make.user(Role.ADMIN))
    assert first.post("/matching/run").status_code == 302
    response = second.post("/matching/run", follow_redirects=True)
    assert "Matching is already under way (asked for by user" in response.text
    assert "no second run was started" in response.text
    runs = _runs()
    assert [(r.status, r.progress_done, r.progress_total) for r in runs] == [
        (RunStatus.QUEUED, 0, len(match_runs.STEPS))
    ]
    assert tasks.pending(app) == 1
    requests = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "match_run.request")
    ).all()
    assert [(e.outcome, e.object_id) for e in requests] == [
        (Outcome.SUCCESS, str(runs[0].id))
    ]


@pytest.mark.slow
def test_concurrent_requests_from_many_processes_make_one_run(app, make, contenders):
    users = [make.user(Role.FACILITATOR) for _ in range(4)]
    processes = [contenders.start("request", str(user.id)) for user in users]
    contenders.release()
    outcomes = [contenders.lines(process)[-1].split() for process in processes]
    queued = [run_id for kind, run_id in outcomes if kind == "queued"]
    assert len(queued) == 1, outcomes
    assert {run_id for _, run_id in outcomes} == set(queued)
    assert [r.id for r in _runs()] == [int(queued[0])]


@pytest.mark.slow
def test_a_run_under_way_refuses_every_other_start(app, make, listings, contenders):
    """A real process holds the run lease mid-run; meanwhile nothing else runs."""
    holding, release = contenders.folder / "holding", contenders.folder / "release"
    holder = contenders.start("hold", str(holding), str(release))
    contenders.release()
    _wait_for(holding, holder)
    try:
        running = _runs()
        assert [r.status for r in running] == [RunStatus.RUNNING]

        with pytest.raises(match_runs.RunUnderWay):  # the engine, directly
            match_runs.run_full_match()
        cli = app.test_cli_runner().invoke(args=["match"])  # the command line
        assert cli.exit_code == 1 and "is under way" in cli.output
        client = sign_in_as(app.test_client(), make.user(Role.FACILITATOR))
        page = client.post("/matching/run", follow_redirects=True).text
        assert "already under way (asked for by the command line" in page

        waiting = _queued_run()  # a run queued meanwhile (say, before the CLI run)
        tasks.queue_for(app).run_match(waiting)
        assert tasks.run_waiting(app) == 1  # the worker's task: retried later
        assert tasks.queue_for(app).huey.scheduled_count() == 1
        statuses = [r.status for r in _runs()]
        assert statuses == [RunStatus.RUNNING, RunStatus.QUEUED]
    finally:
        release.touch()
    assert contenders.lines(holder) == [f"ran {running[0].id}"]
    match_runs.run_full_match(run_id=waiting)  # now its turn comes
    assert [r.status for r in _runs()] == [RunStatus.SUCCEEDED] * 2


def _wait_for(path, process) -> None:
    import time

    deadline = time.monotonic() + 180
    while not path.exists():
        assert process.poll() is None, process.communicate()[1][-3000:]
        assert time.monotonic() < deadline, "the holder never took the lease"
        time.sleep(0.05)


def test_runs_left_running_by_a_dead_worker_are_failed_by_the_next_request(app, make):
    staff = make.user(Role.FACILITATOR)
    dead = _queued_run(staff, status=RunStatus.RUNNING, progress_done=4)
    t0 = utcnow() - timedelta(hours=1)
    assert leases.acquire(match_runs.RUN_LEASE, "gone:1:x", timedelta(minutes=5), t0)
    page = sign_in_as(app.test_client(), staff).get("/matching/").text
    assert "Matching seems to have stopped" in page
    assert 'http-equiv="refresh"' not in page  # nothing will change by itself
    assert count(MatchRun) == 1  # a GET only reads

    outcome = match_queue.request_run(staff, lambda run_id: None)
    runs = {r.id: r for r in _runs()}
    assert runs[dead].status is RunStatus.FAILED and runs[dead].finished_at
    assert runs[dead].error == match_runs.ABANDONED
    assert runs[outcome.run_id].status is RunStatus.QUEUED


def test_a_run_fails_the_runs_whose_worker_died_when_it_takes_the_lease(app, listings):
    dead = _queued_run(status=RunStatus.RUNNING)
    run = match_runs.run_full_match()
    runs = {r.id: r for r in _runs()}
    assert runs[dead].status is RunStatus.FAILED
    assert "process running it ended" in runs[dead].error
    assert runs[run.id].status is RunStatus.SUCCEEDED


def test_a_worker_stopped_mid_run_gives_its_run_up_at_once(app):
    run_id = _queued_run(status=RunStatus.RUNNING)
    assert leases.acquire(match_runs.RUN_LEASE, "host:42:abcd")
    assert match_runs.give_up_runs_of("host:4") == []  # another process's
    assert match_runs.give_up_runs_of("host:42") == [run_id]
    db.session.rollback()
    run = db.session.get(MatchRun, run_id)
    assert run.status is RunStatus.FAILED and "shut down" in run.error
    assert leases.current(match_runs.RUN_LEASE) is None


def test_progress_is_stored_step_by_step_and_old_results_stay_until_the_end(
    app, listings
):
    first = match_runs.run_full_match()
    seen: list[tuple[str, int, int, int, int]] = []

    def progress(step: str, done: int, total: int) -> None:
        db.session.rollback()
        run = db.session.scalar(sa.select(MatchRun).order_by(MatchRun.id.desc()))
        shown = match_runs.latest_successful_run()
        seen.append((step, done, total, run.progress_done, shown.id))
        db.session.rollback()

    second = match_runs.run_full_match(progress=progress)
    total = len(match_runs.STEPS)
    assert [done for _, done, _, _, _ in seen] == list(range(total + 1))
    assert all(t == total for _, _, t, _, _ in seen)
    assert [stored for _, done, _, stored, _ in seen[:-1]] == list(range(total))
    assert [shown for *_, shown in seen[:-1]] == [first.id] * total  # old results
    assert seen[-1][4] == second.id
    assert [step for step, *_ in seen] == [*match_runs.STEPS, ""]
    db.session.rollback()
    stored = db.session.get(MatchRun, second.id)
    assert (stored.progress_done, stored.progress_total) == (total, total)
    assert stored.progress_step == ""


def test_a_run_that_lost_its_lease_stores_nothing(app, listings):
    def steal(step: str, done: int, total: int) -> None:
        if done == 3:  # a worker elsewhere decided this one was dead
            db.session.rollback()
            db.session.execute(
                sa.update(JobLease)
                .where(JobLease.name == match_runs.RUN_LEASE)
                .values(holder="thief", expires_at=utcnow() + timedelta(minutes=5))
            )
            db.session.commit()

    with pytest.raises(leases.LeaseLost):
        match_runs.run_full_match(progress=steal)
    (run,) = _runs()
    assert run.status is RunStatus.FAILED and run.error == match_runs.LOST
    assert count(Suggestion) == 0
    assert leases.current(match_runs.RUN_LEASE).holder == "thief"  # not freed


def test_every_active_facilitator_and_admin_is_told_when_a_run_ends(
    app, make, listings, monkeypatch
):
    told = [make.user(Role.FACILITATOR), make.user(Role.ADMIN)]
    untold = [
        make.user(Role.ADMIN, active=False),
        make.user(Role.FOCAL_POINT),
        make.user(Role.PARTNER),
    ]
    match_runs.run_full_match(started_by=told[0])

    def explode(*args, **kwargs):
        raise RuntimeError("engine broke")

    monkeypatch.setattr(match_runs, "run_matching", explode)
    with pytest.raises(RuntimeError):
        match_runs.run_full_match()
    db.session.rollback()
    rows = db.session.scalars(sa.select(Notification).order_by(Notification.id)).all()
    assert {r.user_id for r in rows} == {u.id for u in told}
    assert all(r.kind is NotificationKind.RUN_FINISHED for r in rows)
    assert all(r.link == "/matching/" for r in rows)
    subjects = [r.subject for r in rows]
    assert subjects.count("Matching failed: the previous results are still shown") == 2
    assert sum(s.startswith("Matching finished: 1 pairings") for s in subjects) == 2
    assert not {u.id for u in untold} & {r.user_id for r in rows}


def test_a_queued_run_that_is_gone_or_done_is_not_run_again(app, listings):
    run_id = _queued_run()
    assert match_queue.execute_queued_run(run_id).status is RunStatus.SUCCEEDED
    assert match_queue.execute_queued_run(run_id) is None  # a duplicate message
    assert match_queue.execute_queued_run(run_id + 100) is None
    assert count(MatchRun) == 1


@pytest.mark.parametrize("app_config", [{"QUEUE_URL": "redis://127.0.0.1:1/0"}])
def test_a_queue_that_cannot_be_reached_is_reported_and_leaves_nothing_waiting(
    app, make
):
    client = sign_in_as(app.test_client(), make.user(Role.FACILITATOR))
    page = client.post("/matching/run", follow_redirects=True).text
    assert "Matching could not be started and nothing was replaced" in page
    assert "The task queue could not be reached" in page
    (run,) = _runs()
    assert run.status is RunStatus.FAILED and "could not be reached" in run.error
    failure = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.outcome == Outcome.FAILURE)
    )
    assert failure.action == "match_run.request"
    assert client.post("/matching/run").status_code == 302  # not blocked by it
