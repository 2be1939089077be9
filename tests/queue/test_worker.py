"""A real ``matchmaker worker`` process runs queued runs, from SQLite and from Redis."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from matchmaker import tasks
from matchmaker.extensions import db
from matchmaker.models import MatchRun, Notification, Role, RunStatus
from matchmaker.services import match_queue, match_runs
from tests.browser.server import huey_worker, worker_log
from tests.conftest import sign_in_as
from tests.queue.conftest import REDIS_URL

pytestmark = pytest.mark.slow
DEADLINE_SECONDS = 180


@pytest.fixture
def listings(make):
    lab = "RT-PCR molecular diagnostics laboratory"
    text = "RT-PCR equipment, BSL-2 biosafety training and quality systems."
    make.need(title=lab, description=text)
    make.offer(title=lab + " support", description=text)


def _ask_for_a_run(app, make) -> int:
    staff = make.user(Role.FACILITATOR)
    client = sign_in_as(app.test_client(), staff)
    assert client.post("/matching/run").status_code == 302
    db.session.rollback()
    return db.session.scalar(sa.select(MatchRun.id))


def _wait_until_done(run_id: int, instance: Path) -> MatchRun:
    """Poll the database (a generous deadline, not a speed test)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        db.session.rollback()
        run = db.session.get(MatchRun, run_id, populate_existing=True)
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return run
        assert time.monotonic() < deadline, worker_log(instance)
        time.sleep(0.2)


def _assert_ran_whole(run: MatchRun, instance: Path) -> None:
    assert run.status is RunStatus.SUCCEEDED, run.error + worker_log(instance)
    total = len(match_runs.STEPS)
    assert (run.progress_done, run.progress_total) == (total, total)
    assert run.counts["needs"] == 1 and run.counts["pairings"] == 1
    told = db.session.scalar(sa.select(sa.func.count()).select_from(Notification))
    assert told == 1  # the one facilitator


def test_a_worker_on_the_sqlite_queue_runs_a_queued_run(
    app, make, listings, migrated_url
):
    instance = Path(app.instance_path)  # shared: the queue file lives there
    with huey_worker(migrated_url, instance):
        assert match_queue.workers_alive() == 1
        run = _wait_until_done(_ask_for_a_run(app, make), instance)
    _assert_ran_whole(run, instance)
    assert (instance / tasks.QUEUE_FILE).exists()
    db.session.rollback()
    assert match_queue.workers_alive() == 0  # stopped cleanly: heartbeat removed


@pytest.fixture
def redis_config(redis_queue_name, app_config) -> dict:
    app_config.update(QUEUE_URL=REDIS_URL, QUEUE_NAME=redis_queue_name)
    return app_config


def test_a_worker_on_redis_runs_a_queued_run(
    redis_config, app, make, listings, migrated_url, tmp_path
):
    instance = tmp_path / "worker-instance"  # nothing shared but Redis and the DB
    assert tasks.queue_for(app).huey.storage.name == redis_config["QUEUE_NAME"]
    with huey_worker(
        migrated_url,
        instance,
        QUEUE_URL=REDIS_URL,
        QUEUE_NAME=redis_config["QUEUE_NAME"],
    ):
        run = _wait_until_done(_ask_for_a_run(app, make), instance)
        assert tasks.pending(app) == 0
    _assert_ran_whole(run, instance)
    assert not (instance / tasks.QUEUE_FILE).exists()


def test_a_starting_worker_runs_runs_left_waiting(
    app, make, listings, migrated_url, tmp_path
):
    """A run queued while no worker ran, its message lost with the queue's
    storage: the next worker to start finds it in the database."""
    run_id = _ask_for_a_run(app, make)
    queue_file = Path(app.instance_path) / tasks.QUEUE_FILE
    queue_file.unlink()  # the message is gone
    instance = tmp_path / "other-instance"
    with huey_worker(migrated_url, instance):
        run = _wait_until_done(run_id, instance)
    _assert_ran_whole(run, instance)
