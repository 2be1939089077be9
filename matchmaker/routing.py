"""What an address may hold: ids within the range the databases store.

Every table's id is a 32-bit integer on PostgreSQL (SQLite's reach 64 bits), so an
id in an address past 2,147,483,647 names nothing. Werkzeug's ``int`` converter
accepts any number of digits and the query would fail in the driver (PostgreSQL)
or overflow (SQLite) — a server error for what is simply a page that does not
exist. The bounded converter makes such an address not match, which answers 404
like any other unknown id.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

LARGEST_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    """``<int:...>`` for ids: 1 to ``LARGEST_ID``; anything else does not match."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Install the converter; before any blueprint adds its rules."""
    app.url_map.converters["int"] = DatabaseId
