"""Where to go after signing in: only to a path on this site (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None) -> str:
    """``target`` when it is a local path, else the home page.

    Refused: absolute URLs, scheme-relative ``//host``, backslashes (browsers read
    ``/\\host`` as ``//host``), control characters and anything not starting with /.
    """
    home = url_for("main.home")
    if not target or len(target) > 2000:
        return home
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return home
    if not target.startswith("/") or target.startswith("//"):
        return home
    return target
