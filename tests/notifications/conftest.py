"""Fixtures for the notification tests: a real SMTP server on 127.0.0.1 (aiosmtpd),
the app pointed at it, and notification rows made without mailing them."""

from __future__ import annotations

import asyncio
import email
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from matchmaker.extensions import db
from matchmaker.models import (
    EmailPreference,
    Notification,
    NotificationKind,
    Role,
    User,
    utcnow,
)

BASE_URL = "https://matchmaker.example.org"
# How long the held first message waits for the other process before giving up;
# only a failing run ever waits this long.
HOLD_TIMEOUT_S = 120


class Inbox:
    """Keeps every message the server receives, with its envelope sender.

    With ``hold_first`` set, the first message is answered only once a message
    from another envelope sender has arrived: proof that two senders were mailing
    at the same time, without relying on how fast either of them is.
    """

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.senders: list[str] = []
        self.hold_first = False
        self.overlapped = False
        self._first_sender: str | None = None
        self._other_arrived: asyncio.Event | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001
        sender = envelope.mail_from
        if self.hold_first:
            await self._hold(sender)
        self.messages.append(email.message_from_bytes(envelope.content))
        self.senders.append(sender)
        return "250 Message accepted for delivery"

    async def _hold(self, sender: str) -> None:
        if self._other_arrived is None:
            self._other_arrived = asyncio.Event()
        if self._first_sender is None:
            self._first_sender = sender
            try:
                await asyncio.wait_for(self._other_arrived.wait(), HOLD_TIMEOUT_S)
            except TimeoutError:
                return
            self.overlapped = True
        elif sender != self._first_sender:
            self._other_arrived.set()

    def to(self, address: str) -> list[Message]:
        """The messages sent to ``address``."""
        return [m for m in self.messages if m["To"] == address]


def body_of(message: Message) -> str:
    """A plain-text message's body, decoded."""
    return message.get_payload(decode=True).decode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def inbox(smtp_server) -> Inbox:
    return smtp_server[1]


@pytest.fixture
def app_config(smtp_server) -> dict:
    controller, _ = smtp_server
    return {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "MAIL_USE_TLS": False,
        "BASE_URL": BASE_URL,
    }


@pytest.fixture
def mail_down(app) -> int:
    """Point the app's mail at a port where nothing listens (sending fails)."""
    port = free_port()
    app.extensions["mailman"].port = port
    return port


def add_notification(
    user: User,
    subject: str,
    *,
    kind: NotificationKind = NotificationKind.DECISION,
    link: str = "/",
    body: str = "",
    read: bool = False,
    emailed: bool = False,
) -> Notification:
    """A committed notification, written directly (so nothing mails it)."""
    row = Notification(
        user_id=user.id,
        kind=kind,
        subject=subject,
        body=body,
        link=link,
        read_at=utcnow() if read else None,
        emailed_at=utcnow() if emailed else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def fresh(row: Notification) -> Notification:
    """``row`` as the database holds it now."""
    db.session.rollback()
    return db.session.get(Notification, row.id, populate_existing=True)


@pytest.fixture
def person(make):
    """A function making a focal point with a given email preference."""

    def _person(preference: EmailPreference, full_name: str = "", **kwargs) -> User:
        kwargs.setdefault("country", "NPL")
        user = make.user(Role.FOCAL_POINT, **kwargs)
        user.email_preference = preference
        user.full_name = full_name
        db.session.commit()
        return user

    return _person
