"""``matchmaker send-digests``: one email per daily user, grouped by kind; 'never'
and 'immediately' users left out; nothing mailed twice, however often it runs."""

from __future__ import annotations

from matchmaker.models import EmailPreference, NotificationKind
from tests.notifications.conftest import BASE_URL, add_notification, body_of, fresh

DAILY = EmailPreference.DAILY


def test_one_digest_per_daily_user_grouped_by_kind(person, runner, inbox):
    ana, ben = person(DAILY, full_name="Ana"), person(DAILY)
    first = add_notification(
        ana, "“Lab” is in progress", kind=NotificationKind.PAIRING_STATUS,
        link="/pairings/4", body="Ben reported progress.",
    )  # fmt: skip
    second = add_notification(ana, "An offer was accepted", link="/needs/2")
    third = add_notification(ana, "Another offer was accepted", link="/needs/3")
    add_notification(ben, "Matching finished", kind=NotificationKind.RUN_FINISHED)
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 0, result.output
    assert "Sent a daily summary to 2 people, covering 4 notifications." in (
        result.output
    )
    assert sorted(m["To"] for m in inbox.messages) == sorted([ana.email, ben.email])
    [message] = inbox.to(ana.email)
    assert message["Subject"] == "matchmaker: 3 new notifications"
    body = body_of(message)
    assert body.startswith("Hello Ana,")
    # Decisions come before progress, each under its heading, oldest first.
    positions = [
        body.index(text)
        for text in (
            "Decisions on suggested pairings", "An offer was accepted",
            "Another offer was accepted", "Progress of pairings",
            "“Lab” is in progress", "Ben reported progress.",
        )
    ]  # fmt: skip
    assert positions == sorted(positions)
    for link in ("/pairings/4", "/needs/2", "/needs/3", "/notifications"):
        assert f"{BASE_URL}{link}" in body
    assert all(fresh(row).emailed_at is not None for row in (first, second, third))
    [to_ben] = inbox.to(ben.email)
    assert to_ben["Subject"] == "matchmaker: 1 new notification"


def test_never_and_immediately_users_get_no_digest(person, runner, inbox):
    never = person(EmailPreference.NEVER)
    hurried = person(EmailPreference.IMMEDIATELY)
    rows = [add_notification(never, "Quiet"), add_notification(hurried, "Missed")]
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 0, result.output
    assert "No daily summaries to send" in result.output
    assert inbox.messages == []
    assert [fresh(row).emailed_at for row in rows] == [None, None]


def test_already_mailed_notifications_are_left_out(person, runner, inbox):
    user = person(DAILY)
    add_notification(user, "Introduction, mailed at once", emailed=True)
    add_notification(user, "Read on the page already", read=True)
    add_notification(user, "New since")
    runner.invoke(args=["send-digests"])
    body = body_of(inbox.to(user.email)[0])
    assert "New since" in body and "Read on the page already" in body
    assert "Introduction, mailed at once" not in body


def test_a_second_run_sends_nothing(person, runner, inbox):
    user = person(DAILY)
    add_notification(user, "Only once")
    assert runner.invoke(args=["send-digests"]).exit_code == 0
    second = runner.invoke(args=["send-digests"])
    assert second.exit_code == 0
    assert "No daily summaries to send" in second.output
    assert len(inbox.messages) == 1


def test_disabled_users_get_no_digest(person, runner, inbox):
    gone = person(DAILY, active=False)
    add_notification(gone, "For nobody")
    runner.invoke(args=["send-digests"])
    assert inbox.messages == []


def test_a_failed_digest_is_reported_and_not_sent_again(
    person, runner, inbox, mail_down
):
    user = person(DAILY)
    row = add_notification(user, "Lost")
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 1
    assert "1 summary could not be sent" in result.output
    assert fresh(row).emailed_at is not None
    assert "No daily summaries" in runner.invoke(args=["send-digests"]).output
