"""The per-token rate limit lives in the database: it holds across sessions,
connections and processes, as it must across gunicorn workers and hosts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import ApiRateWindow, Role, TokenScope
from matchmaker.services import api_tokens
from tests.conftest import TEST_SECRET_KEY, _make_app
from tests.factories import writing

ROOT = Path(__file__).resolve().parents[2]


def windows() -> list[tuple[int, datetime, int]]:
    """Every stored window as (token id, start, count), read afresh."""
    db.session.rollback()
    rows = db.session.execute(
        select(
            ApiRateWindow.token_id, ApiRateWindow.window_start, ApiRateWindow.count
        ).order_by(ApiRateWindow.token_id, ApiRateWindow.window_start)
    )
    return [tuple(row) for row in rows]


def test_the_count_is_shared_by_two_apps_on_separate_connections(app, holder, tmp_path):
    """Two app objects, two engines, two sessions: one count, as two workers."""
    app.config["API_RATE_LIMIT_PER_MINUTE"] = 3
    token, _ = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    other = _make_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path / "other-instance",
        API_RATE_LIMIT_PER_MINUTE=3,
    )
    first_engine = db.engine
    answers = []
    for turn in range(5):
        if turn % 2:
            with other.app_context():
                assert db.engine is not first_engine
                answers.append(api_tokens.count_use(token))
                db.session.remove()
        else:
            answers.append(api_tokens.count_use(token))
    with other.app_context():
        db.engine.dispose()
    assert answers[:3] == [None, None, None]
    assert all(isinstance(a, int) and 1 <= a <= 60 for a in answers[3:]), answers
    assert [count for _, _, count in windows()] == [5]


def test_each_token_has_its_own_count(app, make, holder):
    app.config["API_RATE_LIMIT_PER_MINUTE"] = 2
    mine, _ = api_tokens.issue(holder, name="Mine", scope=TokenScope.READ, days=5)
    theirs, _ = api_tokens.issue(
        make.user(Role.PARTNER), name="Theirs", scope=TokenScope.READ, days=5
    )
    assert [api_tokens.count_use(mine) for _ in range(2)] == [None, None]
    assert api_tokens.count_use(mine) is not None
    assert api_tokens.count_use(theirs) is None


def test_retry_after_is_the_rest_of_the_minute(app, holder, monkeypatch):
    app.config["API_RATE_LIMIT_PER_MINUTE"] = 1
    token, _ = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    now = datetime(2031, 5, 6, 12, 0, 44, 200_000, tzinfo=UTC)
    monkeypatch.setattr(api_tokens, "utcnow", lambda: now)
    assert api_tokens.count_use(token) is None
    assert api_tokens.count_use(token) == 16  # 15.8 s left, rounded up
    now = datetime(2031, 5, 6, 12, 0, 59, 999_000, tzinfo=UTC)
    assert api_tokens.count_use(token) == 1
    # The next minute starts afresh.
    now = datetime(2031, 5, 6, 12, 1, 0, tzinfo=UTC)
    assert api_tokens.count_use(token) is None
    assert [count for _, _, count in windows()] == [3, 1]


def test_old_windows_of_the_token_are_deleted_as_it_is_used(app, make, holder):
    mine, _ = api_tokens.issue(holder, name="Mine", scope=TokenScope.READ, days=5)
    theirs, _ = api_tokens.issue(
        make.user(Role.PARTNER), name="Theirs", scope=TokenScope.READ, days=5
    )
    minute = datetime.now(UTC).replace(second=0, microsecond=0)
    old = minute - timedelta(minutes=5)
    recent = minute - timedelta(minutes=1)
    with writing():
        db.session.add_all(
            [ApiRateWindow(token_id=mine.id, window_start=old, count=7),
             ApiRateWindow(token_id=mine.id, window_start=recent, count=4),
             ApiRateWindow(token_id=theirs.id, window_start=old, count=9)]
        )  # fmt: skip
        db.session.commit()
    assert api_tokens.count_use(mine) is None
    kept = [(token_id, start) for token_id, start, _ in windows()]
    assert (mine.id, old) not in kept
    assert (mine.id, recent) in kept and (theirs.id, old) in kept


def _run_counters(app, token_id: int, tmp_path: Path, limit: int) -> list[str]:
    env = dict(os.environ)
    env.update(
        MATCHMAKER_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MATCHMAKER_INSTANCE_PATH=str(tmp_path / "counter-instance"),
        MATCHMAKER_SECRET_KEY=TEST_SECRET_KEY,
        MATCHMAKER_LOG_LEVEL="WARNING",
        MATCHMAKER_API_RATE_LIMIT_PER_MINUTE=str(limit),
    )
    command = [sys.executable, "-m", "tests.api_tokens.count_worker", str(token_id)]
    workers = [
        subprocess.Popen(
            [*command, str(CALLS_PER_PROCESS)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    lines = []
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        lines.append(out.strip().splitlines()[-1])
    return lines


PROCESSES = 2
CALLS_PER_PROCESS = 25


@pytest.mark.slow
def test_processes_counting_at_once_share_one_limit(app, holder, tmp_path):
    """Two processes, 50 requests, a limit of 30: exactly 30 let through in a
    minute, however the requests interleave (and whether or not a minute turns
    during the run: then each window is held to the limit)."""
    limit = 30
    token, _ = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    token_id = token.id
    if datetime.now(UTC).second > 40:  # start in a fresh minute when it is close
        time.sleep(61 - datetime.now(UTC).second)
    lines = _run_counters(app, token_id, tmp_path, limit)
    allowed = sum(int(line.split()[0]) for line in lines)
    refused = sum(int(line.split()[1]) for line in lines)
    counts = [count for _, _, count in windows()]
    assert sum(counts) == allowed + refused == PROCESSES * CALLS_PER_PROCESS
    assert allowed == sum(min(count, limit) for count in counts)
    assert refused > 0
