"""Per-request safety: write intent for SQLite, security headers.

(Request ids are given by ``matchmaker.logs``, which logs each request with its id.)
"""

from __future__ import annotations

from flask import Flask, Response, g, request

from matchmaker.database import end_write_intent, start_write_intent

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)


def init_app(app: Flask) -> None:
    """Register the request hooks; first, so every later hook sees their effects."""
    app.before_request_funcs.setdefault(None, []).insert(0, _begin_request)
    app.teardown_request(_end_request)
    app.after_request(_security_headers)


def _begin_request() -> None:
    if request.method not in SAFE_METHODS:
        g.write_intent_token = start_write_intent()


def _end_request(_exc: BaseException | None) -> None:
    token = g.pop("write_intent_token", None)
    if token is not None:
        end_write_intent(token)


def _security_headers(response: Response) -> Response:
    from flask import current_app

    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("MATCHMAKER_ENV") == "production":
        headers.setdefault(
            "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
        )
    return response
