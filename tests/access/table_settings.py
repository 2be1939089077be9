"""Route × role entries for the settings pages."""

from __future__ import annotations

from tests.access.cases import RouteCase

SETTINGS_CASES: tuple[RouteCase, ...] = ()
