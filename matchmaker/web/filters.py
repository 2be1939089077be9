"""Jinja filters for showing stored values to people."""

from __future__ import annotations

import json
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


def init_app(app: Flask) -> None:
    """Register the filters and tests."""
    app.add_template_filter(readable_json)
    app.add_template_test(is_web_address, "web_address")
