"""The daily digest: one email per user who asked for notifications once a day.

Run by ``matchmaker send-digests`` (from cron). Each user's unmailed notifications
are claimed in one write transaction (``notification_mail.claim``: one
conditional UPDATE per notification), the claims are committed, and only then is
the one message sent. Two runs at once therefore split the work between them and
never mail a notification twice; a second run on the same day finds nothing left.
Users who chose "Never" get no digest: what they must receive
(introductions, ``always_email``) was mailed when it happened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from flask_mailman import EmailMessage
from sqlalchemy import Select, exists, select

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import EmailPreference, Notification, NotificationKind, User
from matchmaker.services.notification_mail import (
    KIND_HEADINGS,
    Batch,
    Mailable,
    absolute_link,
    claim,
    load_batches,
    render,
    send_all,
)

logger = logging.getLogger(__name__)


@dataclass
class DigestSummary:
    """What a run did, for the command's one-line report."""

    sent: int = 0
    notifications: int = 0
    failed: int = 0


def send_digests() -> DigestSummary:
    """Send every daily user their digest of unmailed notifications."""
    summary = DigestSummary()
    for batch in _claimed_batches():
        if send_all([digest_message(batch)]) == 1:
            summary.sent += 1
            summary.notifications += len(batch.items)
        else:
            summary.failed += 1
    return summary


def _claimed_batches() -> Iterator[Batch]:
    """Per daily user, the notifications this run claimed (committed claims)."""
    session = db.session()
    session.rollback()
    user_ids = list(session.scalars(_daily_users_with_unmailed()))
    session.rollback()
    for user_id in user_ids:
        with write_transaction(session):
            ids = session.scalars(
                select(Notification.id)
                .join(User, User.id == Notification.user_id)
                .where(
                    Notification.user_id == user_id,
                    Notification.emailed_at.is_(None),
                    User.email_preference == EmailPreference.DAILY,
                    User.active.is_(True),
                )
            ).all()
            batches = load_batches(session, claim(session, ids))
        yield from batches


def _daily_users_with_unmailed() -> Select[Any]:
    unmailed = exists().where(
        Notification.user_id == User.id, Notification.emailed_at.is_(None)
    )
    return (
        select(User.id)
        .where(
            User.email_preference == EmailPreference.DAILY,
            User.active.is_(True),
            unmailed,
        )
        .order_by(User.id)
    )


def digest_message(batch: Batch) -> EmailMessage:
    """One message listing ``batch``'s notifications, grouped by kind."""
    order = {kind: position for position, kind in enumerate(KIND_HEADINGS)}
    items = sorted(
        batch.items, key=lambda item: (order.get(item.kind, len(order)), item.id)
    )
    groups = [
        (_heading(kind), [_entry(item) for item in group])
        for kind, group in groupby(items, key=lambda item: item.kind)
    ]
    count = len(batch.items)
    subject = f"matchmaker: {count} new notification{'' if count == 1 else 's'}"
    body = render(
        "notifications/email/digest.txt", name=batch.name, groups=groups, count=count
    )
    return EmailMessage(subject=subject, body=body, to=[batch.email])


def _heading(kind: NotificationKind) -> str:
    return KIND_HEADINGS.get(kind) or kind.value.replace("-", " ").capitalize()


def _entry(item: Mailable) -> dict[str, str]:
    return {
        "subject": item.subject,
        "body": item.body,
        "link": absolute_link(item.link),
        "when": item.created_at.strftime("%Y-%m-%d %H:%M UTC"),
    }
