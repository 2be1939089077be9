"""Notifications: written with the event they report, mailed once at most.

``notify`` adds rows to the caller's transaction, so a notification exists exactly
when its event was committed.
"""

from __future__ import annotations

from collections.abc import Iterable

from matchmaker.extensions import db
from matchmaker.models import Notification, NotificationKind, User


def notify(
    users: Iterable[User],
    kind: NotificationKind,
    subject: str,
    body: str = "",
    link: str = "",
    *,
    always_email: bool = False,
) -> list[Notification]:
    """Tell each of ``users`` (once each, active accounts only) about an event.

    ``always_email`` is for messages that are themselves the event (an
    introduction): they are mailed whatever the user's email preference.
    """
    seen: set[int] = set()
    rows = []
    for user in users:
        if user.id in seen or not user.active:
            continue
        seen.add(user.id)
        row = Notification(
            user_id=user.id, kind=kind, subject=subject[:200], body=body, link=link
        )
        db.session.add(row)
        rows.append(row)
    return rows
