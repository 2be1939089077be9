"""RFC 9457 problem details: the one error shape of the API, and its documentation."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from werkzeug.exceptions import HTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem; ``errors`` maps each refused field to its messages."""

    type = ma.fields.String(metadata={"description": "Always about:blank."})
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String()
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        metadata={"description": "Refused fields and why, by field name."},
    )


# Every error an operation can answer, by status: (component name, description).
ERROR_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is malformed (not JSON, bad header)."),
    401: ("Unauthorized", "No token, or the token is unknown, revoked or expired."),
    403: ("Forbidden", "The token's user or scope may not do this."),
    404: ("NotFound", "No such resource, or not one this user may see."),
    409: ("Conflict", "The resource is not in a state that allows this."),
    412: ("PreconditionFailed", "If-Match does not match: read it again."),
    422: ("UnprocessableContent", "Fields refused; see the errors member."),
    428: ("PreconditionRequired", "If-Match is required for this change."),
    429: ("TooManyRequests", "Over the token's rate limit; see Retry-After."),
}


def field_errors(error: HTTPException) -> dict[str, Any] | None:
    """The per-field messages webargs or a view attached to ``error``, if any.

    webargs keys its messages by location (``json``, ``query``); clients care
    about the field, so the locations are merged.
    """
    data = getattr(error, "data", None)
    if not isinstance(data, dict):
        return None
    messages = data.get("errors") or data.get("messages")
    if not isinstance(messages, dict):
        return None
    merged: dict[str, Any] = {}
    for location, fields in messages.items():
        if location in ("json", "query", "path", "headers", "form") and isinstance(
            fields, dict
        ):
            merged.update({str(k): v for k, v in fields.items()})
        else:
            merged[str(location)] = fields
    return merged or None


def detail_of(error: HTTPException, errors: dict[str, Any] | None) -> str:
    """A sentence for ``detail``: the fields refused, else the error's own text."""
    data = getattr(error, "data", None)
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    if errors:
        names = ", ".join(sorted(errors))
        return f"Some fields were refused: {names}."
    return error.description or ""
