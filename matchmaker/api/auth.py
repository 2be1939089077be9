"""Who is calling the API: a personal token in ``Authorization: Bearer``, nothing else.

The API ignores the session cookie on purpose. A request that carries only a cookie
could have been sent by another site in the user's browser; with tokens alone there
is nothing for such a site to borrow, so the API needs no CSRF tokens. The token's
user becomes Flask-Login's ``current_user`` for this request only, so every view and
the policy module see the same user object they see on the pages.

A read-only token may not change anything; every token is rate-limited with counts
kept in the database (so the limit holds across workers and hosts), and every change
made through a token is audited with the token's id.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, abort, current_app, g, request

from matchmaker.models import Outcome, TokenScope

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Answered without a token: the API description is public, like any published API.
PUBLIC_PATHS = frozenset({"/api/v1/openapi.json"})
DOCS_PREFIX = "/api/v1/docs"


class Unauthenticated(Exception):
    """No usable token: the answer is 401 with a ``WWW-Authenticate`` challenge."""

    def __init__(self, detail: str, *, error: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.error = error


def init_app(app: Flask) -> None:
    """Authenticate every API request before its view runs."""
    app.before_request(_authenticate)
    app.after_request(_audit_change)
    app.register_error_handler(Unauthenticated, _challenge)


def _challenge(error: Unauthenticated) -> Response:
    """401 with the challenge RFC 6750 asks for."""
    from matchmaker.errors import problem

    response = problem(401, "Unauthorized", error.detail)
    challenge = 'Bearer realm="matchmaker"'
    if error.error:
        challenge += f', error="{error.error}"'
    response.headers["WWW-Authenticate"] = challenge
    return response


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def bearer_token() -> str | None:
    """The raw token of ``Authorization: Bearer <token>``, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _authenticate() -> None:
    if not is_api_request():
        return None
    # The session cookie never counts here (see the module docstring).
    g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    if request.path in PUBLIC_PATHS or request.url_rule is None:
        return None  # the description is public; no route answers 404 or 405
    if request.path.startswith(DOCS_PREFIX):
        # The documentation is a page for people, signed in with their session.
        del g._login_user
        return None
    from matchmaker.services import api_tokens

    raw = bearer_token()
    if raw is None:
        raise Unauthenticated("Send a personal API token as 'Authorization: Bearer'.")
    token = api_tokens.authenticate(raw)
    if token is None:
        raise Unauthenticated(
            "The token is unknown, revoked or expired.", error="invalid_token"
        )
    g._login_user = token.user
    g.api_token_id = token.id
    if token.scope is not TokenScope.READ_WRITE and request.method not in SAFE_METHODS:
        _refuse_read_only_token(token.id)
    retry_after = api_tokens.count_use(token)
    if retry_after is not None:
        logger.info("API token %s over its rate limit", token.id)
        abort(429, retry_after=retry_after)
    return None


def _refuse_read_only_token(token_id: int) -> None:
    from matchmaker.database import write_transaction
    from matchmaker.extensions import db
    from matchmaker.services import audit

    db.session.rollback()
    with write_transaction(db.session):
        audit.record(
            "api.refused",
            object_type="api_token",
            object_id=token_id,
            outcome=Outcome.DENIED,
            details={"method": request.method, "path": request.path},
        )
    abort(403, description="This token may only read. Create a read-and-write token.")


def _audit_change(response: Response) -> Response:
    """Record each change asked for through a token, with its outcome."""
    token_id = g.get("api_token_id")
    if token_id is None or request.method in SAFE_METHODS:
        return response
    from matchmaker.database import write_transaction
    from matchmaker.extensions import db
    from matchmaker.services import audit

    status = response.status_code
    outcome = (
        Outcome.SUCCESS
        if status < 400
        else Outcome.DENIED
        if status in (401, 403)
        else Outcome.FAILURE
    )
    try:
        db.session.rollback()  # what the view wrote is committed; reads end here
        with write_transaction(db.session):
            audit.record(
                "api.change",
                object_type="api_token",
                object_id=token_id,
                outcome=outcome,
                details={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                },
            )
    except Exception:  # the change itself is already committed
        logger.exception("Could not audit API change on %s", request.path)
    return response
