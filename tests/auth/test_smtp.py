"""End to end through a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import email
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from matchmaker.models import Role
from tests.auth.conftest import link_in, post_sign_in


class _Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def app_config(smtp_server) -> dict:
    controller, _ = smtp_server
    return {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "MAIL_USE_TLS": False,
        "BASE_URL": "https://matchmaker.example.org",
    }


def test_invite_email_link_password_sign_in(client, signed_in, make, smtp_server):
    _, inbox = smtp_server
    signed_in(make.user(Role.ADMIN))
    response = client.post(
        "/admin/users/invite",
        data={"email": "invitee@example.org", "role": "partner", "organisation": "X"},
    )
    assert response.status_code == 302
    deadline = time.monotonic() + 60  # generous: the mail is sent by another thread
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    [message] = inbox.messages
    assert message["To"] == "invitee@example.org"
    body = message.get_payload(decode=True).decode()
    path = link_in(body).removeprefix("https://matchmaker.example.org")
    client.post("/sign-out")
    password = "tidal basin lantern 7"
    set_response = client.post(
        path, data={"new_password": password, "confirm": password}
    )
    assert set_response.status_code == 302
    assert post_sign_in(client, "invitee@example.org", password).status_code == 302
    assert client.get("/").status_code == 200
