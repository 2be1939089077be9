"""Who may read and mark notifications: their recipient, and nobody else.

A notification names listings, pairings and people of its recipient's own work;
even staff do not read someone else's (they see the events themselves on the pages
they already may open). ``can_read_notification`` and ``notifications_visible_to``
state the one rule twice, for one object and as a query.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, select

from matchmaker.models import Notification
from matchmaker.policy.listings import role_of


def can_read_notification(user: Any, notification: Notification) -> bool:
    """Read it, open it or mark it read: only the signed-in recipient."""
    return role_of(user) is not None and notification.user_id == user.id


def notifications_visible_to(user: Any) -> Select[Any]:
    """A query of the notifications ``user`` may read (their own)."""
    query = select(Notification)
    if role_of(user) is None:
        return query.where(false())
    return query.where(Notification.user_id == user.id)
