"""Route × role entries for the calls pages."""

from __future__ import annotations

from tests.access.cases import RouteCase

CALL_CASES: tuple[RouteCase, ...] = ()
