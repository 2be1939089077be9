"""The OpenAPI 3.1 document, generated from the views and their schemas.

flask-smorest builds the document from the marshmallow schemas the views declare,
so the description cannot drift from the code. What it does not know is added here
in one place: the bearer-token security scheme, and the problem-details error
responses of every operation.
"""

from __future__ import annotations

import copy
import re
import threading
from typing import Any

from flask import Flask, current_app, jsonify
from flask_smorest import Api

from matchmaker.api.problems import ERROR_RESPONSES, PROBLEM_MEDIA_TYPE, ProblemSchema

API_PREFIX = "/api/v1"
# How each area (a blueprint) is headed in the document and the reference page.
TAG_TITLES = {
    "api_needs": "Needs",
    "api_offers": "Offers",
    "api_suggestions": "Suggestions",
    "api_interests": "Expressions of interest",
    "api_pairings": "Pairings",
    "api_runs": "Match runs",
    "api_region": "Regional proposals",
    "api_notifications": "Notifications",
    "api_reference": "Reference lists",
    "api_exports": "Exports",
}
_BUILDING = threading.Lock()
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})

DESCRIPTION = """\
Read and write needs, offers, suggestions, expressions of interest, pairings and
match runs of matchmaker. Authenticate with a personal API token (create one on the
"API tokens" page of your account) sent as `Authorization: Bearer <token>`. What a
token may see and do is exactly what its user may see and do on the pages.

Errors are RFC 9457 problem details (`application/problem+json`). Changes to a single
resource need `If-Match` with the resource's `ETag`. Collections answer
`{"items": [...], "pagination": {...}}`.
"""


class MatchmakerApi(Api):
    """flask-smorest's Api, leaving error responses to the application.

    flask-smorest registers an app-wide error handler that answers every error as
    JSON, pages included; matchmaker's ``errors`` module already answers API paths
    with problem details and pages with HTML, so that handler is not installed.
    """

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        return None

    def register_blueprint(
        self, blp: Any, *, parameters: Any = None, **options: Any
    ) -> None:
        """Register the views now; describe them in the document when it is asked for.

        Describing every view costs about as much as the rest of ``create_app``;
        most app instances (each worker, each test) never serve the document.
        """
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undescribed = [
            *getattr(self, "_undescribed", []),
            (blp, name, parameters),
        ]

    def describe_views(self) -> None:
        """Add the views registered so far to the document (once each)."""
        for blp, name, parameters in getattr(self, "_undescribed", []):
            blp.register_views_in_doc(
                self, self._app, self.spec, name=name, parameters=parameters
            )
            self.spec.tag({"name": name, "description": blp.description})
        self._undescribed = []


def configure(app: Flask) -> None:
    """flask-smorest settings; the document is served by ``document`` below."""
    app.config.setdefault("API_TITLE", "matchmaker API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "info": {"description": DESCRIPTION},
            "servers": [{"url": "/"}],
            "security": [{"bearerAuth": []}],
        },
    )


def document() -> Any:
    """GET /api/v1/openapi.json — the whole API description."""
    cache = current_app.extensions.setdefault("matchmaker-openapi", {})
    with _BUILDING:  # one thread builds it; views are described only once
        if "document" not in cache:
            api: MatchmakerApi = current_app.extensions["matchmaker-api"]
            api.describe_views()
            cache["document"] = complete(api.spec.to_dict())
    return jsonify(cache["document"])


def complete(spec: dict[str, Any]) -> dict[str, Any]:
    """Add the security scheme and the error responses every operation can give."""
    spec = copy.deepcopy(spec)
    components = spec.setdefault("components", {})
    components.setdefault("securitySchemes", {})["bearerAuth"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token from the API tokens page.",
    }
    responses = components.setdefault("responses", {})
    for status, (name, description) in ERROR_RESPONSES.items():
        responses[name] = {
            "description": description,
            "content": {
                PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
        if status == 429:
            responses[name]["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait.",
                    "schema": {"type": "integer"},
                }
            }
        if status == 401:
            responses[name]["headers"] = {
                "WWW-Authenticate": {"schema": {"type": "string"}}
            }
    for name in ("DEFAULT_ERROR", "UNPROCESSABLE_ENTITY"):
        responses.pop(name, None)
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            _add_errors(path, method, operation)
            operation["tags"] = [
                TAG_TITLES.get(t, t) for t in operation.get("tags", [])
            ]
    spec["tags"] = sorted(
        (
            {**tag, "name": TAG_TITLES.get(tag["name"], tag["name"])}
            for tag in spec.get("tags", [])
        ),
        key=lambda tag: (
            list(TAG_TITLES.values()).index(tag["name"])
            if tag["name"] in TAG_TITLES.values()
            else len(TAG_TITLES)
        ),
    )
    return spec


def _add_errors(path: str, method: str, operation: dict[str, Any]) -> None:
    statuses = {400, 401, 403, 422, 429}
    if re.search(r"\{[^}]+\}", path):
        statuses.add(404)
    if method in WRITE_METHODS:
        statuses.add(409)
    if any(
        p.get("in") == "header" and p.get("name") == "If-Match"
        for p in operation.get("parameters", [])
    ):
        statuses.update({412, 428})
    answers = operation.setdefault("responses", {})
    for status in sorted(statuses):
        name = ERROR_RESPONSES[status][0]
        answers[str(status)] = {"$ref": f"#/components/responses/{name}"}
