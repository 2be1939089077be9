"""API: Full match runs: start one, follow it, read its results.

The same rules as the Matching page (``web/matching.py``): staff read runs
(``policy.can_view_matching``) and start them (``policy.can_run_matching``);
starting goes through ``match_results.start_run``, which queues the run for the
worker, at most one waiting or running at a time. Progress is what
``match_queue.progress`` tells the page. Who started a run is shown with their email,
as the page shows it to the same staff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import url_for
from flask_login import current_user
from webargs.flaskparser import abort  # flask_smorest.abort itself, typed NoReturn

from matchmaker import policy
from matchmaker.api import etags
from matchmaker.api.blueprint import Blueprint
from matchmaker.api.pagination import PageArgs, body, page_of
from matchmaker.api.problems import PROBLEM_MEDIA_TYPE, ProblemSchema
from matchmaker.api.run_schemas import (
    MatchRunPage,
    MatchRunSchema,
    RunResultsArgs,
    RunResultsSchema,
    StartRunSchema,
)
from matchmaker.models import (
    MatchRun,
    Role,
    RunStatus,
    Suggestion,
    User,
)
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import match_queue, match_results, match_runs

bp = Blueprint(
    "api_runs",
    __name__,
    url_prefix="/api/v1",
    description="Full match runs: start one, follow it, read its results.",
)

# The Matching page's route rule; the object rules are checked in each view.
STAFF = role_in(Role.FACILITATOR, Role.ADMIN)

UNDER_WAY_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


def _user() -> User:
    return current_user._get_current_object()


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None


# Building a run's body ---------------------------------------------------------


def _starters(runs: list[MatchRun]) -> dict[int, dict[str, Any]]:
    """Who asked for each of ``runs`` (one query), by user id."""
    return {
        uid: {"id": uid, "name": name, "email": email}
        for uid, (name, email) in match_results.starters(runs).items()
    }


def _progress_label(state: str, done: int, total: int, step_label: str) -> str:
    """The Matching page's words for where a run is (``matching/_progress.html``)."""
    if state == "queued":
        return "Not started yet"
    if state == "running":
        return f"Step {min(done + 1, total)} of {total}: {step_label}".rstrip(": ")
    return f"Stopped after {done} of {total} steps"


def _progress(
    run: MatchRun, under_way: match_queue.RunProgress | None
) -> dict[str, Any] | None:
    """Progress of a queued or running ``run``; None for a finished one.

    The run the page shows as under way gets exactly the page's view of it
    (``match_queue.progress``: a stalled worker, no worker, another run first);
    any other waiting run is described from its own row.
    """
    if run.status not in UNDER_WAY_STATUSES:
        return None
    if under_way is not None and under_way.run.id == run.id:
        state, waiting_for = under_way.state, under_way.waiting_for
        done, total = under_way.done, under_way.total
        step_label = under_way.step_label
    else:
        state = run.status.value
        waiting_for = "another-run" if under_way is not None else ""
        done = run.progress_done
        total = run.progress_total or len(match_runs.STEPS)
        step_label = (
            match_runs.STEP_LABELS.get(run.progress_step, "")
            if state == "running"
            else ""
        )
    step = run.progress_step if state == "running" and run.progress_step else None
    return {
        "state": state,
        "step": step,
        "step_label": step_label or None,
        "done": done,
        "total": total,
        "label": _progress_label(state, done, total, step_label),
        "waiting_for": waiting_for or None,
    }


def run_body(
    run: MatchRun,
    starters: dict[int, dict[str, Any]],
    under_way: match_queue.RunProgress | None,
) -> dict[str, Any]:
    """One run as ``MatchRunSchema`` dumps it."""
    return {
        "id": run.id,
        "kind": run.kind.value,
        "status": run.status.value,
        "started_by": starters.get(run.started_by_id or 0),
        "started_at": _utc(run.started_at),
        "finished_at": _utc(run.finished_at),
        "counts": dict(run.counts or {}),
        "settings": dict(run.settings or {}),
        "progress": _progress(run, under_way),
        "error": (run.error or None) if run.status is RunStatus.FAILED else None,
    }


def _run_tag(run: MatchRun, body_: dict[str, Any]) -> str:
    """Changes whenever what GET answers does: status, progress, end."""
    progress = body_["progress"] or {}
    return etags.etag_of(
        "match_run",
        run.id,
        run.status.value,
        progress.get("state"),
        progress.get("done"),
        progress.get("step"),
        progress.get("waiting_for"),
        run.finished_at,
    )


def _get_run(run_id: int) -> MatchRun:
    run = match_results.get_run(run_id)
    if run is None:
        abort(404, message="There is no match run with this id.")
    return run


def _single(run: MatchRun, status: int, **headers: str) -> Any:
    body_ = run_body(run, _starters([run]), match_queue.progress())
    return body_, status, {**etags.headers(_run_tag(run, body_)), **headers}


# Views ---------------------------------------------------------------------------


@bp.route("/match-runs", methods=["POST"])
@allow(STAFF)
@bp.arguments(StartRunSchema, location="json", required=False)
@bp.response(
    202,
    MatchRunSchema,
    description="The run is queued; follow it at its Location.",
    headers={"Location": {"schema": {"type": "string"}}},
)
@bp.alt_response(
    503,
    schema=ProblemSchema,
    content_type=PROBLEM_MEDIA_TYPE,
    description="The task queue could not be reached; nothing was queued.",
)
def start_match_run(_args: dict[str, Any]) -> Any:
    """Start a full match run, as "Run matching now" on the Matching page."""
    user = _user()
    if not policy.can_run_matching(user):
        return deny()
    outcome = match_results.start_run(user)
    if outcome.under_way_id is not None:
        since = (
            f" at {outcome.under_way_since:%H:%M} UTC"
            if outcome.under_way_since is not None
            else ""
        )
        abort(
            409,
            message=(
                f"Match run #{outcome.under_way_id} is already under way (asked for "
                f"by {outcome.under_way_by or 'the command line'}{since}), so no "
                "second run was started. Follow that one instead."
            ),
        )
    if outcome.run_id is None:
        abort(
            503,
            message=(
                f"Matching could not be started and nothing was replaced: "
                f"{outcome.error} Try again in a moment."
            ),
        )
    run = _get_run(outcome.run_id)
    location = url_for("api_runs.get_match_run", run_id=run.id)
    return _single(run, 202, Location=location)


@bp.route("/match-runs", methods=["GET"])
@allow(STAFF)
@bp.arguments(PageArgs, location="query")
@bp.response(200, MatchRunPage)
def list_match_runs(args: dict[str, Any]) -> dict[str, Any]:
    """Match runs of any status, newest first, as "Recent runs" on the Matching page."""
    user = _user()
    if not policy.can_view_matching(user):
        return deny()
    page = page_of(match_results.runs_newest_first(), args)
    under_way = match_queue.progress()
    starters = _starters(page.items)
    return body(page, [run_body(run, starters, under_way) for run in page.items])


@bp.route("/match-runs/<int:run_id>", methods=["GET"])
@allow(STAFF)
@bp.response(200, MatchRunSchema)
def get_match_run(run_id: int) -> Any:
    """One match run: its status, progress while under way, counts or error."""
    user = _user()
    if not policy.can_view_matching(user):
        return deny()
    return _single(_get_run(run_id), 200)


@bp.route("/match-runs/<int:run_id>/results", methods=["GET"])
@allow(STAFF)
@bp.arguments(RunResultsArgs, location="query")
@bp.response(200, RunResultsSchema)
@bp.alt_response(409, response="Conflict", description="The run has not succeeded.")
def get_match_run_results(args: dict[str, Any], run_id: int) -> dict[str, Any]:
    """A succeeded run's assigned pairs (paged), its unmet needs and its counts."""
    user = _user()
    if not policy.can_view_matching(user):
        return deny()
    run = _get_run(run_id)
    if run.status is not RunStatus.SUCCEEDED:
        abort(409, message=_not_succeeded(run))
    page = page_of(match_results.assigned_pairs(run), args)
    result = body(page, [_pair(suggestion) for suggestion in page.items])
    result.update(
        run_id=run.id,
        counts=dict(run.counts or {}),
        unmet_needs=_unmet(run),
    )
    return result


def _not_succeeded(run: MatchRun) -> str:
    """Why a run has no results to read, in a sentence."""
    if run.status is RunStatus.FAILED:
        return (
            f"Match run #{run.id} failed, so it has no results: {run.error} "
            "The results in force are those of the latest succeeded run."
        )
    if run.status is RunStatus.QUEUED:
        return f"Match run #{run.id} is waiting to start; it has no results yet."
    return f"Match run #{run.id} is still running; it has no results yet."


def _pair(suggestion: Suggestion) -> dict[str, Any]:
    need, offer = suggestion.need, suggestion.offer
    return {
        "need": {"id": need.id, "title": need.title, "country": need.country_alpha3},
        "offer": {
            "id": offer.id,
            "title": offer.title,
            "organisation": offer.organisation.name,
        },
        "score": float(suggestion.score),
        "rank": suggestion.rank,
    }


def _unmet(run: MatchRun) -> list[dict[str, Any]]:
    """The needs the run found no offer for, as the Matching page lists them."""
    return [
        {"id": i, "title": t, "country": c}
        for i, t, c in match_results.unmet_needs(run)
    ]
