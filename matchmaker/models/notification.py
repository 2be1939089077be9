"""In-app notifications, and the record of which were mailed.

A notification is written in the same transaction as the event it reports, so it
is never lost or invented. Mail goes out later: immediately (right after the
commit) or in a daily digest, and ``emailed_at`` — claimed with a conditional
UPDATE — makes sure no notification is ever mailed twice, however many senders run.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, UTCDateTime, str_enum, utcnow
from matchmaker.models.user import User


class NotificationKind(StrEnum):
    """What happened; users see the message, the kind sorts and filters."""

    INTEREST = "interest"
    DECISION = "decision"
    INTRODUCTION = "introduction"
    PAIRING_STATUS = "pairing-status"
    RUN_FINISHED = "run-finished"
    LISTING_CLOSED = "listing-closed"
    HUB_CALL = "hub-call"
    EXPIRY = "expiry"


class Notification(Base):
    """One message for one user, with a link to what it is about."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        str_enum(NotificationKind, "notification_kind")
    )
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, index=True
    )
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set once, when a sender claims it for an email (or decides never to send it).
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    user: Mapped[User] = relationship()
