"""Mailing notifications: claim each one, commit the claim, then send.

At most once: a sender claims a notification with one conditional UPDATE
(``emailed_at = now WHERE id = :id AND emailed_at IS NULL``); only the sender whose
UPDATE changed the row (rowcount 1) mails it, and the claim is committed before
the SMTP conversation starts. However many senders run at once (requests'
after-commit hooks, two ``matchmaker send-digests`` started together, on SQLite or
PostgreSQL), each notification is mailed by one of them at most.

A failed send (SMTP server down, address refused) is logged and **not retried**:
its claim stays, because the server may have accepted the message before the
failure reached us, and a retry could then mail it twice. The notification itself
is untouched and stays in the user's bell and on the Notifications page.

Messages are rendered from ``templates/notifications/email/*.txt`` straight from
the Jinja environment (no request context processors: this also runs inside a
commit and in the command line), and every link is built on ``BASE_URL``, never
on the request's host.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_mailman import EmailMessage
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matchmaker.database import write_transaction
from matchmaker.extensions import db, mail
from matchmaker.models import (
    EmailPreference,
    Notification,
    NotificationKind,
    User,
    utcnow,
)
from matchmaker.services.notifications import is_local_path

logger = logging.getLogger(__name__)

# How each kind is headed in a digest, in this order.
KIND_HEADINGS: dict[NotificationKind, str] = {
    NotificationKind.INTRODUCTION: "Introductions",
    NotificationKind.DECISION: "Decisions on suggested pairings",
    NotificationKind.INTEREST: "Interest in your listings",
    NotificationKind.PAIRING_STATUS: "Progress of pairings",
    NotificationKind.LISTING_CLOSED: "Listings closed",
    NotificationKind.HUB_CALL: "Open calls",
    NotificationKind.EXPIRY: "Listings about to expire",
    NotificationKind.RUN_FINISHED: "Match runs",
}


@dataclass(frozen=True)
class Mailable:
    """What a message says about one notification (plain values, no ORM state)."""

    id: int
    kind: NotificationKind
    subject: str
    body: str
    link: str
    created_at: datetime


@dataclass
class Batch:
    """One recipient and the notifications claimed for them."""

    email: str
    name: str
    items: list[Mailable] = field(default_factory=list)


def claim(session: Session, ids: Iterable[int]) -> list[int]:
    """Claim each notification for this sender; return the ids this sender won.

    Must run inside a write transaction that is committed before any sending.
    Ids are taken in ascending order so that concurrent claimers on PostgreSQL
    wait for each other instead of deadlocking.
    """
    now, won = utcnow(), []
    for notification_id in sorted(set(ids)):
        result = session.execute(
            update(Notification)
            .where(
                Notification.id == notification_id,
                Notification.emailed_at.is_(None),
            )
            .values(emailed_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) == 1:
            won.append(notification_id)
    return won


def load_batches(session: Session, ids: Sequence[int]) -> list[Batch]:
    """The claimed notifications as plain values, grouped by recipient."""
    if not ids:
        return []
    rows = session.execute(
        select(Notification, User.email, User.full_name)
        .join(User, User.id == Notification.user_id)
        .where(Notification.id.in_(ids))
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    ).all()
    batches: dict[str, Batch] = {}
    for notification, email, name in rows:
        batch = batches.setdefault(email, Batch(email=email, name=name or ""))
        batch.items.append(
            Mailable(
                id=notification.id,
                kind=notification.kind,
                subject=notification.subject,
                body=notification.body or "",
                link=notification.link or "",
                created_at=notification.created_at,
            )
        )
    return list(batches.values())


def mail_immediately(wanted: dict[int, bool]) -> int:
    """Mail the just-committed notifications ``wanted`` (id -> always_email).

    Each is mailed when its user wants mail immediately, or when it was created
    with ``always_email`` (whatever the preference); the others wait for the daily
    digest or are never mailed. Runs on a session of its own, since the caller's
    has just committed. Returns how many messages were sent.
    """
    session = Session(db.engine)
    try:
        rows = session.execute(
            select(Notification.id, User.email_preference)
            .join(User, User.id == Notification.user_id)
            .where(
                Notification.id.in_(list(wanted)),
                Notification.emailed_at.is_(None),
                User.active.is_(True),
            )
        ).all()
        session.rollback()  # end the read: the claims take the write lock up front
        chosen = [
            notification_id
            for notification_id, preference in rows
            if wanted[notification_id] or preference is EmailPreference.IMMEDIATELY
        ]
        if not chosen:
            return 0
        with write_transaction(session):
            won = claim(session, chosen)
            batches = load_batches(session, won)
    finally:
        session.close()
    messages = [
        _immediate_message(batch.email, batch.name, item, wanted[item.id])
        for batch in batches
        for item in batch.items
    ]
    return send_all(messages)


def send_all(messages: Sequence[EmailMessage]) -> int:
    """Send each message on one SMTP connection; log (never raise) failures.

    Returns how many were sent. After a failure the connection is dropped, so
    the next message gets a new one.
    """
    if not messages:
        return 0
    connection = mail.get_connection(fail_silently=False)
    sent = 0
    try:
        for message in messages:
            message.connection = connection
            try:
                message.send(fail_silently=False)
            except Exception:  # SMTP and socket errors alike: log, go on
                logger.exception(
                    "Could not send %r to %s; it is not retried (see "
                    "services/notification_mail.py)",
                    message.subject,
                    ", ".join(message.to),
                )
                connection.close()
            else:
                sent += 1
    finally:
        connection.close()
    logger.info("Sent %d of %d notification emails", sent, len(messages))
    return sent


def absolute_link(link: str) -> str:
    """The public address of a notification's link (the Notifications page when
    it has none or it is not a path on this site)."""
    base = current_app.config["BASE_URL"]
    return f"{base}{link}" if is_local_path(link) else f"{base}/notifications"


def header_text(text: str) -> str:
    """``text`` on one line, as a mail header must be."""
    return " ".join(text.split())[:200]


def render(template: str, **context: object) -> str:
    """Render a plain-text email template without request context processors."""
    base = current_app.config["BASE_URL"]
    context.setdefault("account_link", f"{base}/account")
    context.setdefault("notifications_link", f"{base}/notifications")
    return current_app.jinja_env.get_template(template).render(**context)


def _immediate_message(
    email: str, name: str, item: Mailable, always: bool
) -> EmailMessage:
    body = render(
        "notifications/email/immediate.txt",
        name=name,
        item=item,
        link=absolute_link(item.link),
        always=always,
    )
    return EmailMessage(subject=header_text(item.subject), body=body, to=[email])
