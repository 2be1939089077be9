"""Route × role entries for the notifications pages."""

from __future__ import annotations

from tests.access.cases import RouteCase

NOTIFICATION_CASES: tuple[RouteCase, ...] = ()
