"""Route × role entries of the JSON API: runs, regional proposals, notifications.

The same actors as the pages: match runs and regional proposals are staff's, like
the Matching and Regional cooperation pages (``policy/matching.py``,
``policy/region.py``); notifications are their recipient's. Starting a run queues
one, as "Run matching now" does (``table_listings._matching_cases``): the first
allowed actor queues it, the next one is refused with 409 while it waits.
``{notification}`` is focal_b's: every other actor gets 404 and it stays unread;
every actor has an unread notification of their own for "read all" to mark.
"""

from __future__ import annotations

from tests.access.cases import SIGNED_IN, STAFF, RouteCase

API_RUN_CASES: tuple[RouteCase, ...] = (
    RouteCase(
        "api_runs.start_match_run",
        "POST",
        "/api/v1/match-runs",
        STAFF,
        note="queues a run for the worker; while it waits, a second start is "
        "409 naming the run under way (nothing written)",
        once=True,
    ),
    RouteCase("api_runs.list_match_runs", "GET", "/api/v1/match-runs", STAFF),
    RouteCase("api_runs.get_match_run", "GET", "/api/v1/match-runs/{run}", STAFF),
    RouteCase(
        "api_runs.get_match_run_results",
        "GET",
        "/api/v1/match-runs/{run}/results",
        STAFF,
    ),
    RouteCase(
        "api_region.list_regional_proposals",
        "GET",
        "/api/v1/regional-proposals",
        STAFF,
        note="focal points and partners: 403, as the Regional cooperation page",
    ),
    RouteCase(
        "api_region.list_regional_proposals",
        "GET",
        "/api/v1/regional-proposals?kind=hub&sub_region=south-south-west-asia",
        STAFF,
        note="filters read only too",
    ),
    RouteCase(
        "api_notifications.list_notifications",
        "GET",
        "/api/v1/notifications?unread=true",
        SIGNED_IN,
        note="each actor reads their own",
    ),
    RouteCase(
        "api_notifications.mark_notification_read",
        "POST",
        "/api/v1/notifications/{notification}/read",
        frozenset({"focal_b"}),
        note="someone else's notification: 404, still unread",
    ),
    RouteCase(
        "api_notifications.mark_all_notifications_read",
        "POST",
        "/api/v1/notifications/read-all",
        SIGNED_IN,
        note="marks only the actor's own notifications",
    ),
)
