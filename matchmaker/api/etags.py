"""Entity tags on single resources, and ``If-Match`` on every change to one.

The tag is derived from the row's version (listings) or its last change (pairings),
so it changes exactly when the resource does. A change without ``If-Match`` is
refused (428): a client that never read the resource, or ignores tags, would
silently overwrite someone else's edit. A stale tag gets 412 and nothing is written.
The services' own version checks still catch a change that lands between this check
and the write.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import request
from werkzeug.exceptions import PreconditionFailed, PreconditionRequired

IF_MATCH_DOC: dict[str, Any] = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": True,
            "description": "The ETag of the resource as last read.",
            "schema": {"type": "string"},
        }
    ]
}
"""Merged into the OpenAPI operation of every view that calls ``require_if_match``."""


def etag_of(*parts: object) -> str:
    """A strong tag for the resource identified and versioned by ``parts``."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return digest


def headers(tag: str) -> dict[str, str]:
    """Response headers carrying ``tag``."""
    return {"ETag": f'"{tag}"'}


def require_if_match(current: str) -> None:
    """Refuse a change unless ``If-Match`` names the current tag."""
    if not request.if_match:
        raise PreconditionRequired(
            "Send If-Match with the ETag from your last read of this resource."
        )
    if not request.if_match.contains(current) and not request.if_match.star_tag:
        raise PreconditionFailed(
            "The resource has changed since you read it. Read it again, then retry."
        )
