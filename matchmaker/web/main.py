"""The home page: what the service holds at a glance."""

from __future__ import annotations

from flask import Blueprint, render_template

from matchmaker.policy import ANYONE, SIGNED_IN, allow
from matchmaker.services import overview

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
