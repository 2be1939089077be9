"""The home page: what the service holds at a glance."""

from __future__ import annotations

from flask import Blueprint, render_template

from matchmaker.policy import ANYONE, SIGNED_IN, allow
from matchmaker.services import overview, readiness

bp = Blueprint("main", __name__)


@bp.get("/")
@allow(SIGNED_IN)
def home() -> str:
    """Counts of needs and offers by status, and needs by country."""
    return render_template("home.html", summary=overview.summary())


@bp.get("/healthz")
@allow(ANYONE)
def healthz() -> tuple[dict[str, str], int]:
    """Liveness and database reachability, for load balancers and deploy checks."""
    ok = overview.database_reachable()
    return {"status": "ok" if ok else "database unreachable"}, 200 if ok else 503


@bp.get("/readyz")
@allow(ANYONE)
def readyz() -> tuple[dict[str, object], int]:
    """Readiness, for load balancers: database, schema revision and task queue.

    503 until every check passes, so a host started before ``db upgrade`` (or with
    its Redis lost) gets no traffic. The answer names each check in plain words.
    """
    checks = readiness.all_checks()
    ready = all(check.ok for check in checks)
    body: dict[str, object] = {
        "status": "ready" if ready else "not ready",
        "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks},
    }
    return body, 200 if ready else 503
