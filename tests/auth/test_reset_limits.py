"""Password-reset requests are limited per address asked about and per client.

The page answers the same whatever happens, so the limit reveals no account; past it
no email goes out. The counts live in the database, so they hold across workers.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from matchmaker.extensions import db
from matchmaker.models import utcnow
from matchmaker.models.auth import ResetRequest

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*>')


def _ask(client: FlaskClient, email: str, remote_addr: str = "198.51.100.7"):
    """Submit the forgot-password form from one client address."""
    return client.post(
        "/account/forgot-password",
        data={"email": email},
        environ_base={"REMOTE_ADDR": remote_addr},
    )


def _answer(client: FlaskClient, email: str) -> tuple[int, str, int, str]:
    """What the visitor sees: the redirect, then the page it leads to."""
    posted = _ask(client, email)
    shown = client.get(posted.location)
    body = CSRF_FIELD.sub("", shown.get_data(as_text=True))
    return posted.status_code, posted.location, shown.status_code, body


def test_twenty_requests_for_one_address_send_three_emails(client, make, outbox):
    make.user(email="target@example.org")
    answers = {_ask(client, "Target@Example.org ").status_code for _ in range(20)}
    assert answers == {302}
    assert len(outbox) == 3
    assert all(message.to == ["target@example.org"] for message in outbox)


def test_answers_are_the_same_for_real_unknown_and_limited_addresses(
    client, make, outbox
):
    make.user(email="real@example.org")
    first_real = _answer(client, "real@example.org")
    first_unknown = _answer(client, "nobody@example.org")
    for _ in range(3):
        limited_real = _answer(client, "real@example.org")
        limited_unknown = _answer(client, "nobody@example.org")
    assert first_real == first_unknown == limited_real == limited_unknown
    assert "on its way" in first_real[3]
    assert len(outbox) == 3  # the fourth request for the real address sent nothing


def test_one_client_is_limited_across_addresses(client, make, outbox):
    for number in range(12):
        make.user(email=f"user{number}@example.org")
    for number in range(12):
        assert _ask(client, f"user{number}@example.org").status_code == 302
    assert len(outbox) == 10
    # Another client still gets its link: the limit is per client address.
    _ask(client, "user11@example.org", remote_addr="203.0.113.9")
    assert len(outbox) == 11
    assert outbox[-1].to == ["user11@example.org"]


def test_unknown_addresses_count_towards_the_client_limit(client, make, outbox):
    make.user(email="real@example.org")
    for number in range(10):
        _ask(client, f"ghost{number}@example.org")
    _ask(client, "real@example.org")
    assert outbox == []


@pytest.mark.parametrize("app_config", [{"RESET_MAX_PER_ACCOUNT": 1,
                                         "MAIL_BACKEND": "locmem"}])  # fmt: skip
def test_requests_past_the_window_count_for_nothing(client, make, app, outbox):
    make.user(email="back@example.org")
    window = timedelta(seconds=app.config["RESET_WINDOW_SECONDS"])
    db.session.add(
        ResetRequest(
            email="back@example.org",
            remote_addr="198.51.100.7",
            at=utcnow() - window - timedelta(minutes=1),
        )
    )
    db.session.commit()
    _ask(client, "back@example.org")
    _ask(client, "back@example.org")
    assert len(outbox) == 1
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(ResetRequest.id))) == 1
