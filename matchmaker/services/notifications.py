"""Notifications: written with the event they report, mailed once at most.

``notify`` adds rows to the caller's transaction, so a notification exists exactly
when its event was committed. It also remembers the new rows in the session's
``info``; when that session's transaction commits (a request handler's
``db.session.commit()`` or ``write_transaction`` in a CLI command or worker), the
``after_commit`` listener below hands them to ``notification_mail`` for the
immediate emails. A rollback forgets them: nothing is mailed about an event that
did not happen.

The reading side (the bell's count, the page, marking read) is here too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.models import Notification, NotificationKind, User, utcnow
from matchmaker.policy.notifications import notifications_visible_to
from matchmaker.services.listing import Page, paginate

logger = logging.getLogger(__name__)

# session.info key: [(Notification, always_email), ...] added since the last commit.
PENDING_KEY = "matchmaker.notifications_to_mail"


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
    introduction): they are mailed whatever the user's email preference. Mail
    goes out only once the caller's transaction commits (see the module notes).
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
    if rows:
        pending = db.session.info.setdefault(PENDING_KEY, [])
        pending.extend((row, always_email) for row in rows)
    return rows


@event.listens_for(Session, "after_commit")
def _mail_after_commit(session: Session) -> None:
    """Mail what the committed transaction notified (no SQL on ``session`` here)."""
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    wanted: dict[int, bool] = {}
    for row, always in pending:
        identity = inspect(row).identity  # from the identity key: no SQL
        if identity is not None:  # rows rolled back with a savepoint have none
            wanted[identity[0]] = wanted.get(identity[0], False) or always
    if not wanted:
        return
    from matchmaker.services import notification_mail

    try:
        notification_mail.mail_immediately(wanted)
    except Exception:  # the event is committed; a mail failure must not undo it
        logger.exception("Could not mail notifications %s", sorted(wanted))


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session: Session, _previous: Any) -> None:
    """An outer rollback: the events did not happen, so nothing is to be mailed."""
    if not session.in_transaction():
        session.info.pop(PENDING_KEY, None)


# Reading ------------------------------------------------------------------------


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread: one COUNT query."""
    query = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )
    return int(db.session.scalar(query) or 0)


def page_for(user: User, number: int) -> Page:
    """One page of ``user``'s notifications, newest first."""
    query = notifications_visible_to(user).order_by(
        Notification.created_at.desc(), Notification.id.desc()
    )
    return paginate(query, number)


def get(notification_id: int) -> Notification | None:
    """One notification by id (the caller checks it is the user's)."""
    return db.session.get(Notification, notification_id)


def mark_read(notification: Notification) -> None:
    """Mark one notification read (the view checked it is the user's); commits."""
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.commit()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; commits; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def is_local_path(link: str) -> bool:
    """True for a path on this site (``/needs/3``): the only links ever followed.

    Links are written by the service, but the read-and-follow route redirects to
    them, so anything that could leave the site (``//host``, ``/\\host``, a scheme)
    is refused here as in ``auth.redirects.safe_next``.
    """
    if not link or len(link) > 300 or not link.startswith("/"):
        return False
    if link.startswith("//") or "\\" in link:
        return False
    return not any(ord(ch) < 32 or ord(ch) == 127 for ch in link)
