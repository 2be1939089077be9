"""Match runs through the API: started as the Matching page does, followed, read."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker import tasks
from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    MatchRun,
    Role,
    RunKind,
    RunStatus,
    TokenScope,
    utcnow,
)
from matchmaker.services import leases, match_runs
from tests.api.conftest import issue_token
from tests.conftest import sign_in_as
from tests.factories import regional_genomics
from tests.web.conftest import count

PROBLEM = "application/problem+json"


@pytest.fixture
def listings(make):
    """A regional genomics offer, three needs it fits, and one need nothing fits."""
    offer, needs = regional_genomics(make)
    lonely = make.need(
        country="NPL",
        title="Snake antivenom cold storage",
        description="Refrigerated storage for antivenom at district hospitals.",
    )
    return offer, needs, lonely


@pytest.fixture
def as_role(app, make):
    """A new user of ``role`` signed in to the pages (to compare with the API)."""

    def _client(role: Role, **kwargs):
        return sign_in_as(app.test_client(), make.user(role, **kwargs))

    return _client


def _queued(started_by=None, **values) -> int:
    """A full run written straight to the database (queued unless told)."""
    run = MatchRun(
        kind=RunKind.FULL,
        status=values.pop("status", RunStatus.QUEUED),
        started_by_id=started_by.id if started_by else None,
        progress_total=len(match_runs.STEPS),
        **values,
    )
    db.session.add(run)
    db.session.commit()
    return run.id


def test_a_run_started_through_the_api_is_run_by_the_worker_and_read_back(
    app, api_as, listings
):
    offer, needs, lonely = listings
    api = api_as(Role.FACILITATOR, full_name="Fatima Facilitator")
    started = api.post("/api/v1/match-runs")
    assert started.status_code == 202
    run = started.get_json()
    assert started.headers["Location"] == f"/api/v1/match-runs/{run['id']}"
    assert started.headers["ETag"]
    assert run["status"] == "queued" and run["kind"] == "full"
    assert run["started_by"] == {
        "id": api.user.id,
        "name": "Fatima Facilitator",
        "email": api.user.email,
    }
    assert run["progress"] == {
        "state": "queued",
        "step": None,
        "step_label": None,
        "done": 0,
        "total": len(match_runs.STEPS),
        "label": "Not started yet",
        "waiting_for": None,
    }
    assert run["finished_at"] is None and run["error"] is None
    waiting = api.get(started.headers["Location"])
    assert waiting.status_code == 200 and waiting.get_json() == run

    assert tasks.run_waiting(app) == 1  # what the queue worker does
    db.session.rollback()
    done = api.get(started.headers["Location"])
    body = done.get_json()
    assert body["status"] == "succeeded" and body["progress"] is None
    assert body["finished_at"] and body["error"] is None
    assert body["counts"]["pairings"] >= 1 and body["counts"]["unmet"] >= 1
    assert body["settings"]["min_score"] == match_runs.current_settings().min_score
    assert done.headers["ETag"] != waiting.headers["ETag"]

    results = api.get(f"/api/v1/match-runs/{run['id']}/results").get_json()
    assert results["run_id"] == run["id"]
    assert results["counts"] == body["counts"]
    pairs = {(p["need"]["id"], p["offer"]["id"]) for p in results["items"]}
    assert pairs == {(need.id, offer.id) for need in needs}
    first = results["items"][0]
    assert first["offer"]["organisation"] == offer.organisation.name
    assert first["need"]["country"] in {"PHL", "MYS", "LAO"}
    assert 0 < first["score"] <= 100
    scores = [p["score"] for p in results["items"]]
    assert scores == sorted(scores, reverse=True)
    assert {"id": lonely.id, "title": lonely.title, "country": "NPL"} in results[
        "unmet_needs"
    ]
    assert results["pagination"]["total"] == body["counts"]["pairings"]

    # What the API started is what the Matching page shows.
    page = sign_in_as(app.test_client(), api.user).get("/matching/").text
    assert f"<dd>#{run['id']}</dd>" in page and api.user.email in page
    db.session.rollback()
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"match_run.request", "match_run.finish", "api.change"} <= actions


def test_a_second_start_while_one_waits_is_409_naming_the_run(app, api_as, as_role):
    first = api_as(Role.FACILITATOR)
    run_id = first.post("/api/v1/match-runs").get_json()["id"]
    second = api_as(Role.ADMIN).post("/api/v1/match-runs")
    assert second.status_code == 409 and second.mimetype == PROBLEM
    detail = second.get_json()["detail"]
    assert f"Match run #{run_id} is already under way" in detail
    assert first.user.email in detail and "no second run was started" in detail
    assert count(MatchRun) == 1 and tasks.pending(app) == 1
    # The page turns a second click away the same way.
    page = as_role(Role.FACILITATOR).post("/matching/run", follow_redirects=True)
    assert "Matching is already under way" in page.text
    assert count(MatchRun) == 1


def test_a_run_under_way_from_the_command_line_refuses_a_start_too(api_as):
    running = _queued(status=RunStatus.RUNNING, progress_done=4)
    assert leases.acquire(match_runs.RUN_LEASE, "cli:1:x", timedelta(minutes=5))
    response = api_as(Role.ADMIN).post("/api/v1/match-runs")
    assert response.status_code == 409
    assert f"Match run #{running} is already under way" in response.get_json()["detail"]
    assert "the command line" in response.get_json()["detail"]


@pytest.mark.parametrize(
    ("role", "kwargs"),
    [(Role.FOCAL_POINT, {"country": "BGD"}), (Role.PARTNER, {})],
)
def test_focal_points_and_partners_may_not_start_or_read_runs(
    app, api_as, as_role, role, kwargs
):
    run_id = _queued(status=RunStatus.SUCCEEDED, finished_at=utcnow())
    api = api_as(role, **kwargs)
    for method, path in [
        ("post", "/api/v1/match-runs"),
        ("get", "/api/v1/match-runs"),
        ("get", f"/api/v1/match-runs/{run_id}"),
        ("get", f"/api/v1/match-runs/{run_id}/results"),
    ]:
        response = getattr(api, method)(path)
        assert response.status_code == 403, (method, path)
        assert response.mimetype == PROBLEM
    assert count(MatchRun) == 1 and tasks.pending(app) == 0
    # The page refuses them alike.
    page = as_role(role, **kwargs)
    assert page.get("/matching/").status_code == 403
    assert page.post("/matching/run").status_code == 403


def test_a_read_only_token_may_read_runs_but_not_start_one(api_as):
    api = api_as(Role.FACILITATOR, scope=TokenScope.READ)
    assert api.get("/api/v1/match-runs").status_code == 200
    assert api.post("/api/v1/match-runs").status_code == 403
    assert count(MatchRun) == 0


def test_runs_are_listed_newest_first_and_paged(api_as, make):
    staff = make.user(Role.ADMIN, full_name="Ada Admin")
    now = utcnow()
    ids = [
        _queued(
            status=RunStatus.SUCCEEDED,
            started_at=now - timedelta(hours=hours),
            finished_at=now,
            started_by=staff if hours == 2 else None,
        )
        for hours in (3, 1, 2)
    ]
    api = api_as(Role.FACILITATOR)
    body = api.get("/api/v1/match-runs?per_page=2").get_json()
    assert [r["id"] for r in body["items"]] == [ids[1], ids[2]]
    assert body["pagination"] == {"page": 1, "per_page": 2, "total": 3, "pages": 2}
    assert body["items"][0]["started_by"] is None  # the command line
    assert body["items"][1]["started_by"]["name"] == "Ada Admin"
    rest = api.get("/api/v1/match-runs?per_page=2&page=2").get_json()
    assert [r["id"] for r in rest["items"]] == [ids[0]]
    assert api.get("/api/v1/match-runs?page=9").get_json()["items"] == []


@pytest.mark.parametrize(
    "query",
    ["per_page=0", "per_page=101", "page=0", "page=abc", "per_page=1.5", "colour=red"],
)
def test_bad_paging_and_unknown_parameters_are_422(api_as, query):
    api = api_as(Role.FACILITATOR)
    for path in ("/api/v1/match-runs", "/api/v1/match-runs/1/results"):
        response = api.get(f"{path}?{query}")
        assert response.status_code == 422, (path, query)
        assert response.mimetype == PROBLEM and response.get_json()["errors"]


def test_a_start_refuses_a_body_with_fields(app, api_as):
    api = api_as(Role.FACILITATOR)
    response = api.post("/api/v1/match-runs", json={"settings": {"min_score": 1}})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"settings"}
    assert count(MatchRun) == 0
    assert api.post("/api/v1/match-runs", json={}).status_code == 202


def test_unknown_and_out_of_range_runs_are_404(api_as):
    api = api_as(Role.ADMIN)
    for run_id in (1, 2**31 - 1, 2**31, 10**30, 0):
        for suffix in ("", "/results"):
            response = api.get(f"/api/v1/match-runs/{run_id}{suffix}")
            assert response.status_code == 404, (run_id, suffix)
            assert response.mimetype == PROBLEM


def test_results_of_a_run_that_has_not_succeeded_are_409(api_as, make):
    api = api_as(Role.FACILITATOR)
    queued = _queued()
    response = api.get(f"/api/v1/match-runs/{queued}/results")
    assert response.status_code == 409 and response.mimetype == PROBLEM
    assert "is waiting to start" in response.get_json()["detail"]
    db.session.rollback()
    db.session.get(MatchRun, queued).status = RunStatus.FAILED
    db.session.get(MatchRun, queued).error = "RuntimeError: engine broke"
    db.session.commit()
    failed = api.get(f"/api/v1/match-runs/{queued}/results").get_json()
    assert failed["status"] == 409
    assert (
        "failed, so it has no results: RuntimeError: engine broke" in (failed["detail"])
    )
    run = api.get(f"/api/v1/match-runs/{queued}").get_json()
    assert run["status"] == "failed" and run["error"] == "RuntimeError: engine broke"
    assert run["progress"] is None


def test_a_failed_run_shows_its_error(app, api_as, make, monkeypatch):
    make.need()

    def explode(*args, **kwargs):
        raise RuntimeError("engine broke")

    monkeypatch.setattr(match_runs, "run_matching", explode)
    api = api_as(Role.FACILITATOR)
    location = api.post("/api/v1/match-runs").headers["Location"]
    assert tasks.run_waiting(app) == 1
    db.session.rollback()
    run = api.get(location).get_json()
    assert run["status"] == "failed" and run["finished_at"]
    assert run["error"] == "RuntimeError: engine broke"


def test_progress_says_what_the_matching_page_says(app, api_as, as_role, make):
    api = api_as(Role.FACILITATOR)
    staff = make.user(Role.FACILITATOR)
    # Waiting a minute with no worker alive: the page warns about the worker.
    run_id = _queued(staff, started_at=utcnow() - timedelta(minutes=1))
    progress = api.get(f"/api/v1/match-runs/{run_id}").get_json()["progress"]
    assert progress["state"] == "queued" and progress["waiting_for"] == "no-worker"
    assert "No background worker" in as_role(Role.ADMIN).get("/matching/").text

    # Running with its lease held: the step under way, in words.
    db.session.rollback()
    run = db.session.get(MatchRun, run_id)
    run.status, run.progress_done, run.progress_step = RunStatus.RUNNING, 4, "scoring"
    db.session.commit()
    assert leases.acquire(match_runs.RUN_LEASE, "host:1:x", timedelta(minutes=5))
    progress = api.get(f"/api/v1/match-runs/{run_id}").get_json()["progress"]
    total = len(match_runs.STEPS)
    assert progress == {
        "state": "running",
        "step": "scoring",
        "step_label": "Scoring pairs",
        "done": 4,
        "total": total,
        "label": f"Step 5 of {total}: Scoring pairs",
        "waiting_for": None,
    }
    assert (
        f"Step 5 of {total}: Scoring pairs"
        in as_role(Role.ADMIN).get("/matching/").text
    )

    # Its worker gone (the lease ran out): stalled, as the page says.
    db.session.rollback()
    leases.release(match_runs.RUN_LEASE, "host:1:x")
    db.session.commit()
    progress = api.get(f"/api/v1/match-runs/{run_id}").get_json()["progress"]
    assert progress["state"] == "stalled"
    assert progress["label"] == f"Stopped after 4 of {total} steps"
    assert count(MatchRun) == 1  # reading changed nothing


@pytest.mark.parametrize("app_config", [{"QUEUE_URL": "redis://127.0.0.1:1/0"}])
def test_a_queue_that_cannot_be_reached_is_503_and_leaves_nothing_waiting(api_as):
    response = api_as(Role.FACILITATOR).post("/api/v1/match-runs")
    assert response.status_code == 503 and response.mimetype == PROBLEM
    assert "The task queue could not be reached" in response.get_json()["detail"]
    db.session.rollback()
    (run,) = db.session.scalars(sa.select(MatchRun)).all()
    assert run.status is RunStatus.FAILED


def test_every_answer_of_these_endpoints_matches_the_document(app, make, listings):
    """Generated requests (schemathesis) to runs, regional proposals and
    notifications: no server error, and every answer — 2xx and problem alike — is
    one the document describes, with the fields it declares."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    app.config["API_RATE_LIMIT_PER_MINUTE"] = 10**6
    staff = make.user(Role.ADMIN, full_name="Ada Admin")
    match_runs.run_full_match(started_by=staff)  # results, proposals, notifications
    _queued(status=RunStatus.FAILED, error="RuntimeError: engine broke")
    token = issue_token(staff)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app).include(
        path_regex="^/api/v1/(match-runs|regional-proposals|notifications)"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]
    statuses: set[tuple[str, int]] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            statuses.add((case.operation.label, response.status_code))
            case.validate_response(response, checks=checks)

        call()
    assert ("POST /api/v1/match-runs", 202) in statuses
    assert ("GET /api/v1/match-runs", 200) in statuses
    assert ("GET /api/v1/regional-proposals", 200) in statuses
