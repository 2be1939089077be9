"""Route × role entries for the open calls pages.

Partners and staff read calls; focal points do not (a call names the countries
that need something, and countries' needs are not shown to other countries; see
``matchmaker/policy/calls.py``). Only staff raise a hub candidate as a call and
close calls; each is a decision taken once, so the second staff member meets a
409 that changes nothing.
"""

from __future__ import annotations

from tests.access.cases import STAFF, RouteCase

PARTNERS = frozenset({"partner_x", "partner_y"})
NOTE = {"note": "Partners with fill-finish experience: please get in touch."}

CALL_CASES: tuple[RouteCase, ...] = (
    RouteCase("calls.index", "GET", "/calls/", PARTNERS | STAFF),
    RouteCase("calls.detail", "GET", "/calls/{call}", PARTNERS | STAFF),
    RouteCase(
        "calls.raise_hub",
        "POST",
        "/calls/raise/{hub}",
        STAFF,
        NOTE,
        note="the first staff member raises it; the second is told it was raised",
        once=True,
    ),
    RouteCase(
        "calls.close",
        "POST",
        "/calls/{call}/close",
        STAFF,
        note="the first staff member closes it; the second is told it is closed",
        once=True,
    ),
    RouteCase(
        "offers.create",
        "GET",
        "/offers/new?call={call}",
        PARTNERS,
        note="an offer form prefilled from an open call",
    ),
)
