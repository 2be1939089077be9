"""``matchmaker match``: progress on a terminal or as lines, and the run lease."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import MatchRun, RunStatus
from matchmaker.services import leases, match_runs
from tests.conftest import TEST_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def listings(make):
    make.need(title="RT-PCR laboratory", description="RT-PCR and BSL-2 training.")
    make.offer(title="RT-PCR laboratory support", description="RT-PCR, BSL-2.")


def test_without_a_terminal_each_step_is_one_plain_line(runner, listings):
    result = runner.invoke(args=["match"])
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    total = len(match_runs.STEPS)
    expected = [
        f"step {at + 1} of {total}: {match_runs.STEP_LABELS[step]}"
        for at, step in enumerate(match_runs.STEPS)
    ]
    assert [line for line in lines if line.startswith("step ")] == expected
    assert "\r" not in result.output
    assert re.match(r"Run \d+: 1 needs, 1 offers -> 1 suggestions", lines[-1])


def test_it_refuses_clearly_while_a_run_holds_the_lease(runner, listings):
    assert leases.acquire(match_runs.RUN_LEASE, "elsewhere:1:ab")
    result = runner.invoke(args=["match"])
    assert result.exit_code == 1
    assert "Another match run is under way" in result.output
    assert "Only one run at a time" in result.output
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MatchRun)) == 0


@pytest.mark.slow
def test_on_a_terminal_it_draws_a_progress_bar(app, listings, tmp_path):
    """The real command under a pseudo-terminal, as someone at a shell sees it."""
    environ = dict(os.environ)
    environ.update(
        MATCHMAKER_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MATCHMAKER_INSTANCE_PATH=str(tmp_path / "cli-instance"),
        MATCHMAKER_SECRET_KEY=TEST_SECRET_KEY,
        MATCHMAKER_LOG_LEVEL="WARNING",
        COLUMNS="120",
    )
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("matchmaker")), "match"],
        stdin=terminal, stdout=terminal, stderr=terminal, env=environ, cwd=ROOT,
    )  # fmt: skip
    os.close(terminal)
    screen = _read_all(controller, process)
    assert process.returncode == 0, screen
    total = len(match_runs.STEPS)
    assert "\r" in screen and f"{total}/{total}" in screen
    assert "Scoring pairs" in screen and "#" in screen
    assert "step 1 of" not in screen  # lines are for logs, not terminals
    db.session.rollback()
    run = db.session.scalar(sa.select(MatchRun))
    assert run.status is RunStatus.SUCCEEDED and run.progress_done == total


def _read_all(controller: int, process: subprocess.Popen) -> str:
    chunks = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    process.wait(timeout=60)
    return b"".join(chunks).decode(errors="replace")
