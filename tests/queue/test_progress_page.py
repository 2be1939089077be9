"""The Matching page while a run waits or runs: a progress bar, in plain words."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import MatchRun, Role, RunKind, RunStatus, utcnow
from matchmaker.services import leases, match_queue, match_runs
from tests.conftest import sign_in_as

REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+)">')


@pytest.fixture
def staff(make):
    return make.user(Role.FACILITATOR, email="asker@example.org")


@pytest.fixture
def page(app, make):
    client = sign_in_as(app.test_client(), make.user(Role.ADMIN))

    def _page() -> str:
        db.session.rollback()
        response = client.get("/matching/")
        assert response.status_code == 200
        return " ".join(response.text.split())  # wrapping in the template aside

    return _page


def _run(staff, status: RunStatus, ago: timedelta = timedelta(0), **values) -> int:
    run = MatchRun(
        kind=RunKind.FULL,
        status=status,
        started_by_id=staff.id,
        started_at=utcnow() - ago,
        progress_total=len(match_runs.STEPS),
        **values,
    )
    db.session.add(run)
    db.session.commit()
    return run.id


def test_a_running_run_shows_its_step_on_a_progress_bar_and_refreshes(staff, page):
    run_id = _run(staff, RunStatus.RUNNING, progress_done=6, progress_step="scoring")
    assert leases.acquire(match_runs.RUN_LEASE, "worker-host:7:ab")
    html = page()
    assert "Matching is running" in html
    assert (
        '<progress id="run-progress-bar" max="13" value="6">6 of 13 steps done'
        "</progress>"
    ) in html
    assert "Step 7 of 13: Scoring pairs" in html
    assert f"Run #{run_id}, asked for by asker@example.org" in html
    assert REFRESH.search(html).group(1) == str(match_queue.REFRESH_SECONDS)
    assert "running: step 6 of 13 done" in html  # the recent runs table
    assert "scoring" not in html.replace("Scoring", "")  # no step slugs shown


def test_a_queued_run_waits_in_plain_words(staff, page):
    _run(staff, RunStatus.QUEUED)
    html = page()
    assert "Matching is waiting to start" in html and "Not started yet" in html
    assert 'max="13" value="0"' in html and REFRESH.search(html)
    assert "No background worker" not in html  # only just asked for
    assert "waiting to start" in html.split('id="runs"')[1]


def test_a_queued_run_with_no_worker_alive_says_so(staff, page):
    _run(staff, RunStatus.QUEUED, ago=timedelta(minutes=3))
    html = page()
    assert "No background worker has been seen for a while" in html
    assert "start the background worker" in html
    match_queue.worker_beat("worker-host:99")
    assert "No background worker" not in page()


def test_a_queued_run_behind_a_run_from_the_command_line_says_why(staff, page):
    _run(staff, RunStatus.QUEUED, ago=timedelta(minutes=3))
    assert leases.acquire(match_runs.RUN_LEASE, "cli-host:5:cd")
    html = page()
    assert "Another run, started outside this page, is under way" in html
    assert "No background worker" not in html


def test_a_run_whose_worker_died_shows_as_stopped_without_refreshing(staff, page):
    _run(staff, RunStatus.RUNNING, progress_done=3, progress_step="retrieval")
    html = page()
    assert "Matching seems to have stopped" in html
    assert "Stopped after 3 of 13 steps" in html and "Run matching again" in html
    assert not REFRESH.search(html)


def test_no_bar_and_no_refresh_when_nothing_is_under_way(staff, page):
    _run(staff, RunStatus.FAILED, error="RuntimeError: engine broke")
    html = page()
    assert "<progress" not in html and not REFRESH.search(html)
    assert "It runs in the background, one run at a time" in html
    assert "while you wait" not in html


def test_the_bar_and_its_label_fit_a_phone_screen(staff, page):
    """The card's rules exist in the stylesheet the page links."""
    from matchmaker.resources import resource_dir

    _run(staff, RunStatus.QUEUED)
    assert 'class="card run-progress"' in page()
    css = (resource_dir("static") / "matchmaker.css").read_text()
    assert ".run-progress progress {" in css and "width: 100%" in css
