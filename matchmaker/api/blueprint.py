"""The API's Blueprint: flask-smorest's, with a parser that refuses unknown fields.

webargs ignores unknown query parameters by default. A misspelt filter
(``?contry=NPL``) would then silently return everything; refusing it with 422 tells
the client at once. Bodies already refuse unknown fields (marshmallow's default).
"""

from __future__ import annotations

from typing import ClassVar

import flask_smorest
from webargs.flaskparser import FlaskParser


class StrictParser(FlaskParser):
    """Query strings and headers validated by the schema's own ``unknown`` (RAISE)."""

    DEFAULT_UNKNOWN_BY_LOCATION: ClassVar[dict[str, str | None]] = {  # type: ignore[misc]
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }


class Blueprint(flask_smorest.Blueprint):
    """Use this, not ``flask_smorest.Blueprint``, for every API module."""

    ARGUMENTS_PARSER = StrictParser()
