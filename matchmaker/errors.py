"""Error responses: HTML pages for people, RFC 9457 problem details for the API."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

logger = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Route every HTTP error and uncaught exception through one handler."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def wants_problem_json() -> bool:
    """API clients get JSON; browsers get a page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def problem(status: int, title: str, detail: str, **extra: object) -> Response:
    """A problem details response (RFC 9457)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def handle_http_error(error: HTTPException) -> Response | tuple[str, int]:
    """Answer an HTTP error in the form the client reads."""
    status = error.code or 500
    title = error.name
    detail = error.description or ""
    if isinstance(error, CSRFError):
        title = "Form expired or not signed"
        detail = "The form could not be verified. Reload the page and try again."
    if wants_problem_json():
        response = _api_problem(error, status, title, detail)
    else:
        response = Response(_error_page(status, title, detail), status=status)
    for name, value in error.get_headers():
        if name in ("Retry-After", "Allow", "WWW-Authenticate"):
            response.headers[name] = value
    return response


def _api_problem(
    error: HTTPException, status: int, title: str, detail: str
) -> Response:
    """Problem details, with per-field messages when validation refused fields."""
    from matchmaker.api.problems import detail_of, field_errors

    errors = field_errors(error)
    extra: dict[str, object] = {"errors": errors} if errors else {}
    return problem(status, title, detail_of(error, errors) or detail, **extra)


def _error_page(status: int, title: str, detail: str) -> str:
    """The error page; a bare one when the request cannot even build URLs.

    A request refused for its Host header has no URL adapter, so the site layout
    (which links to pages and the stylesheet) cannot be rendered for it.
    """
    if _url_adapter_missing():
        return f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1>"
    return render_template("error.html", status=status, title=title, detail=detail)


def _url_adapter_missing() -> bool:
    from flask.globals import request_ctx

    return request_ctx.url_adapter is None


def handle_unexpected_error(error: Exception) -> Response | tuple[str, int]:
    """Log the failure with its request id and show a plain 500, never a traceback."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    logger.exception("Unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())
