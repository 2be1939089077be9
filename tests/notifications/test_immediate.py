"""Immediate emails: sent after the transaction that notified commits, to users who
want them (or for ``always_email``), through a real SMTP server, once at most."""

from __future__ import annotations

import logging

from flask import Flask
from flask_login import current_user

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import EmailPreference, NotificationKind
from matchmaker.policy import SIGNED_IN, allow
from matchmaker.services import notification_mail
from matchmaker.services.notifications import notify
from tests.conftest import sign_in_as
from tests.notifications.conftest import BASE_URL, body_of, fresh

IMMEDIATELY, DAILY, NEVER = (
    EmailPreference.IMMEDIATELY,
    EmailPreference.DAILY,
    EmailPreference.NEVER,
)


def test_mailed_after_commit_not_before(person, inbox):
    user = person(IMMEDIATELY)
    [row] = notify(
        [user], NotificationKind.DECISION, "An offer was accepted for your need",
        "A facilitator accepted it.", "/needs/7",
    )  # fmt: skip
    db.session.flush()
    assert inbox.messages == []
    db.session.commit()
    [message] = inbox.to(user.email)
    assert message["Subject"] == "An offer was accepted for your need"
    body = body_of(message)
    assert "A facilitator accepted it." in body
    assert f"{BASE_URL}/needs/7" in body
    assert f"{BASE_URL}/account" in body  # where to change the preference
    assert fresh(row).emailed_at is not None


def test_rollback_mails_nothing(person, inbox):
    user, other = person(IMMEDIATELY), person(IMMEDIATELY)
    notify([user], NotificationKind.DECISION, "Never happened")
    db.session.rollback()
    notify([other], NotificationKind.DECISION, "Happened")
    db.session.commit()
    assert [m["Subject"] for m in inbox.messages] == ["Happened"]
    assert inbox.to(user.email) == []


def test_rolled_back_savepoint_mails_nothing(person, inbox):
    user = person(IMMEDIATELY)
    savepoint = db.session.begin_nested()
    notify([user], NotificationKind.DECISION, "Inside the savepoint")
    savepoint.rollback()
    notify([user], NotificationKind.DECISION, "Outside it")
    db.session.commit()
    assert [m["Subject"] for m in inbox.messages] == ["Outside it"]


def test_daily_and_never_users_are_not_mailed_now(person, inbox):
    daily, never = person(DAILY), person(NEVER)
    rows = notify([daily, never], NotificationKind.PAIRING_STATUS, "In progress")
    db.session.commit()
    assert inbox.messages == []
    assert [fresh(row).emailed_at for row in rows] == [None, None]


def test_always_email_reaches_every_preference(person, inbox):
    users = [person(IMMEDIATELY), person(DAILY), person(NEVER)]
    rows = notify(
        users, NotificationKind.INTRODUCTION, "Introduction: Organisation Y",
        "Who to contact: ...", "/pairings/3", always_email=True,
    )  # fmt: skip
    db.session.commit()
    assert sorted(m["To"] for m in inbox.messages) == sorted(u.email for u in users)
    assert all(fresh(row).emailed_at is not None for row in rows)
    assert "whatever your email setting" in body_of(inbox.messages[0])


def test_inactive_users_are_not_notified_or_mailed(make, person, inbox):
    gone = person(IMMEDIATELY, active=False)
    assert notify([gone], NotificationKind.DECISION, "x", always_email=True) == []
    db.session.commit()
    assert inbox.messages == []


def test_write_transaction_path_of_cli_and_workers(person, inbox):
    user = person(IMMEDIATELY)
    db.session.rollback()
    with write_transaction(db.session):
        notify([user], NotificationKind.RUN_FINISHED, "Matching finished", link="/")
    assert [m["Subject"] for m in inbox.to(user.email)] == ["Matching finished"]


def test_request_handler_path_links_to_base_url_not_host(
    app: Flask, client, person, inbox
):
    user = person(IMMEDIATELY)

    @allow(SIGNED_IN)
    def poke():
        notify([current_user], NotificationKind.DECISION, "Poked", link="/needs/1")
        db.session.commit()
        return "done"

    app.add_url_rule("/test-poke", "test_poke", poke, methods=["POST"])
    sign_in_as(client, user)
    response = client.post("/test-poke")  # the request's host is localhost
    assert response.status_code == 200
    [message] = inbox.to(user.email)
    body = body_of(message)
    assert f"{BASE_URL}/needs/1" in body and "localhost" not in body


def test_each_notification_is_mailed_at_most_once(person, inbox):
    user = person(IMMEDIATELY)
    [row] = notify([user], NotificationKind.DECISION, "Once", always_email=True)
    db.session.commit()
    assert len(inbox.messages) == 1
    # Another sender (a retry, a second process) finds it claimed.
    assert notification_mail.mail_immediately({row.id: True}) == 0
    assert len(inbox.messages) == 1


def test_unsafe_link_points_to_the_notifications_page(person, inbox):
    user = person(IMMEDIATELY)
    notify([user], NotificationKind.DECISION, "Odd", link="//evil.example/x")
    db.session.commit()
    body = body_of(inbox.to(user.email)[0])
    assert f"{BASE_URL}/notifications" in body and "evil.example" not in body


def test_multiline_subject_becomes_one_header_line(person, inbox):
    user = person(IMMEDIATELY)
    notify([user], NotificationKind.DECISION, "First line\r\nBcc: x@example.org")
    db.session.commit()
    [message] = inbox.messages
    assert message["Subject"] == "First line Bcc: x@example.org"
    assert message["Bcc"] is None


def test_failed_send_is_logged_and_not_retried(person, inbox, mail_down, caplog):
    user = person(IMMEDIATELY)
    with caplog.at_level(logging.ERROR, logger="matchmaker.services"):
        [row] = notify([user], NotificationKind.DECISION, "Lost in the post")
        db.session.commit()  # the event commits whatever happens to the mail
    assert "Could not send 'Lost in the post'" in caplog.text
    stored = fresh(row)
    assert stored.subject == "Lost in the post" and stored.read_at is None
    assert stored.emailed_at is not None  # claimed: never mailed twice
    assert notification_mail.mail_immediately({row.id: True}) == 0
    assert inbox.messages == []
