"""Interactive API documentation for signed-in users, served from installed packages.

Swagger UI comes from the ``flask-swagger-ui`` wheel (its bundled ``dist`` folder), so
the page works on a network without access to a CDN and under the site's
``script-src 'self'`` policy; the start-up script is a file of ours, not inline.
"""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, render_template, send_from_directory
from werkzeug.wrappers import Response

from matchmaker.policy import SIGNED_IN, allow

DOCS_PREFIX = "/api/v1/docs"
ASSETS = Path(flask_swagger_ui.__file__).resolve().parent / "dist"
ASSET_NAMES = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "index.css"})

bp = Blueprint("api_docs", __name__, url_prefix=DOCS_PREFIX)


@bp.get("/")
@allow(SIGNED_IN)
def index() -> str:
    """The API reference, with 'Try it out' using a token the reader pastes in."""
    return render_template("api/docs.html")


@bp.get("/assets/<name>")
@allow(SIGNED_IN)
def asset(name: str) -> Response:
    """One Swagger UI file; only the few the page uses are served."""
    if name not in ASSET_NAMES:
        from flask import abort

        abort(404)
    return send_from_directory(ASSETS, name, max_age=3600)
