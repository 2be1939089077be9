"""Route × role entries for the runs pages."""

from __future__ import annotations

from tests.access.cases import RouteCase

RUN_CASES: tuple[RouteCase, ...] = ()
