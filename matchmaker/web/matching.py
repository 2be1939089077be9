"""The Matching page: the latest full run's results, recent runs, and a run button.

For facilitators and admins. The page reads what ``match_runs`` stored; the button
queues a full run for the queue worker (``matchmaker worker``) and comes straight
back here, where the run's progress shows until its results replace the old ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.forms.common import ActionForm
from matchmaker.models import Role, User
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import match_results

bp = Blueprint("matching", __name__, url_prefix="/matching")

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)

# What other areas add to the Matching page (run progress, feedback, cooperation
# models, open calls...): each returns template variables for the signed-in user.
# A registry, so that each area keeps its own query next to its own views.
PAGE_SECTIONS: list[Callable[[User], dict[str, Any]]] = []


def page_section(
    build: Callable[[User], dict[str, Any]],
) -> Callable[[User], dict[str, Any]]:
    """Register ``build`` to add template variables to the Matching page."""
    PAGE_SECTIONS.append(build)
    return build


def _user() -> User:
    return current_user._get_current_object()


@bp.get("/")
@allow(STAFF)
def index() -> str | Response:
    """The latest successful run and the recent runs of any status."""
    user = _user()
    if not policy.can_view_matching(user):
        return deny()
    extra: dict[str, Any] = {}
    for build in PAGE_SECTIONS:
        extra.update(build(user))
    return render_template(
        "matching/index.html",
        report=match_results.latest_report(),
        runs=match_results.recent_runs(),
        can_run=policy.can_run_matching(user),
        **extra,
    )


@bp.post("/run")
@allow(STAFF)
def run() -> Response:
    """Queue a full run over every open need and offer; the page shows progress."""
    user = _user()
    if not policy.can_run_matching(user):
        return deny()
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be verified. Reload the page and try again.")
    outcome = match_results.start_run(user)
    if outcome.run_id is not None:
        flash(
            "Matching will start in a moment. This page shows how far it has got "
            "and refreshes itself until the new results are in.",
            "success",
        )
    elif outcome.under_way_since is not None:
        flash(
            f"Matching is already under way (asked for by "
            f"{outcome.under_way_by or 'the command line'} at "
            f"{outcome.under_way_since:%H:%M} UTC), so no second run was started. "
            "Its progress is shown below.",
            "info",
        )
    else:
        flash(
            f"Matching could not be started and nothing was replaced: "
            f"{outcome.error} Try again in a moment; if it keeps failing, tell "
            "whoever runs this service.",
            "error",
        )
    return redirect(url_for(".index"))
