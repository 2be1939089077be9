"""Route × role entries for the facilitation pages."""

from __future__ import annotations

from tests.access.cases import RouteCase

FACILITATION_CASES: tuple[RouteCase, ...] = ()
