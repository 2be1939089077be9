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


def up_to(largest: int) -> str:
    """A regular expression for the decimal numbers 1 to ``largest``, no leading 0.

    Werkzeug checks a rule's methods before its converter's range: with a range
    check alone, ``PATCH /api/v1/needs/0`` would meet the ``GET`` rule of the same
    path and answer 405 instead of 404. A pattern that only matches ids in range
    leaves nothing to match, whatever the method.
    """
    digits = str(largest)
    shorter = rf"[1-9]\d{{0,{len(digits) - 2}}}" if len(digits) > 1 else ""
    same_length = []
    for position, digit in enumerate(digits):
        rest = len(digits) - position - 1
        low = "1" if position == 0 else "0"
        if int(digit) > int(low):
            tail = rf"\d{{{rest}}}" if rest else ""
            same_length.append(f"{digits[:position]}[{low}-{int(digit) - 1}]{tail}")
    same_length.append(digits)
    return "|".join(p for p in [shorter, *same_length] if p)


class DatabaseId(IntegerConverter):
    """``<int:...>`` for ids: 1 to ``LARGEST_ID``; anything else does not match."""

    regex = f"(?:{up_to(LARGEST_ID)})"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Install the converter; before any blueprint adds its rules."""
    app.url_map.converters["int"] = DatabaseId
