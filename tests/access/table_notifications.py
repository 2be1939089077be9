"""Route × role entries for the notifications pages and the contact settings.

Everyone signed in has their own Notifications page and may mark their own
notifications read; ``{notification}`` is focal_b's, so for every other actor it
answers 404 and stays unread (``matchmaker/policy/notifications.py``). Each actor
of the world has an unread notification of their own, so "mark all as read"
writes for each. The contact form on the account page saves the actor's own
phone and email choice.
"""

from __future__ import annotations

from tests.access.cases import SIGNED_IN, RouteCase

NOTIFICATION_CASES: tuple[RouteCase, ...] = (
    RouteCase("notifications.index", "GET", "/notifications", SIGNED_IN),
    RouteCase(
        "notifications.read",
        "POST",
        "/notifications/{notification}/read",
        frozenset({"focal_b"}),
        note="someone else's notification: 404, still unread",
    ),
    RouteCase(
        "notifications.read_all",
        "POST",
        "/notifications/read-all",
        SIGNED_IN,
        note="marks only the actor's own notifications",
    ),
    RouteCase(
        "auth.contact_settings",
        "POST",
        "/account/contact",
        SIGNED_IN,
        data={"phone": "+977 1 4123456", "email_preference": "daily"},
        note="each actor changes their own account only",
    ),
)
