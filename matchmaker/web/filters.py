"""Jinja filters for showing stored values to people."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from flask import Flask

WEB_SCHEMES = ("http://", "https://")


def readable_json(value: Any) -> str:
    """JSON as people read it; Jinja's autoescape makes it safe in HTML.

    ``tojson`` is meant for scripts and writes ``<`` as ``\\u003c``, so an admin
    reading the audit log would see escapes instead of what was typed.
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def is_web_address(value: Any) -> bool:
    """True for http(s) addresses: the only ones ever rendered as links."""
    return isinstance(value, str) and value.strip().lower().startswith(WEB_SCHEMES)


def day(value: date | datetime | None) -> str:
    """A date as people write it: "3 March 2026" (times in UTC are dropped)."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def month(value: str) -> str:
    """A month key ("2026-03") as "March 2026"."""
    try:
        first = datetime.strptime(value, "%Y-%m")
    except ValueError:
        return value
    return f"{first:%B %Y}"


def days(value: float | None) -> str:
    """A span of days, rounded as people say it: "under a day", "1 day", "12 days"."""
    if value is None:
        return ""
    if value < 1:
        return "under a day"
    whole = round(value)
    return "1 day" if whole == 1 else f"{whole} days"


def init_app(app: Flask) -> None:
    """Register the filters and tests."""
    app.add_template_filter(readable_json)
    app.add_template_filter(day)
    app.add_template_filter(month)
    app.add_template_filter(days)
    app.add_template_test(is_web_address, "web_address")
