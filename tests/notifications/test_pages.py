"""The Notifications page, marking read, and the bell in the navigation."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, EmailPreference, Notification
from tests.conftest import sign_in_as
from tests.notifications.conftest import add_notification, fresh

IMMEDIATELY = EmailPreference.IMMEDIATELY


@pytest.fixture
def me(person):
    return person(IMMEDIATELY)


def _bell(html: str) -> str:
    match = re.search(r'<a class="nav-notifications".*?</a>', html, re.S)
    assert match, "no bell in the navigation"
    return match.group(0)


def test_the_bell_counts_only_ones_own_unread(client, me, person):
    other = person(IMMEDIATELY)
    for n in range(3):
        add_notification(me, f"Unread {n}")
    add_notification(me, "Read", read=True)
    add_notification(other, "Someone else's")
    sign_in_as(client, me)
    bell = _bell(client.get("/").get_data(as_text=True))
    assert 'href="/notifications"' in bell and "Notifications" in bell
    assert '<span class="visually-hidden">3 unread</span>' in bell
    assert '<span aria-hidden="true">3</span>' in bell


def test_no_badge_when_all_are_read(client, me):
    add_notification(me, "Read", read=True)
    sign_in_as(client, me)
    bell = _bell(client.get("/").get_data(as_text=True))
    assert "badge" not in bell and "unread" not in bell


def test_the_bell_costs_one_count_query(client, me, app):
    add_notification(me, "Unread")
    sign_in_as(client, me)
    statements: list[str] = []

    def keep(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        client.get("/")
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    touching = [s for s in statements if "notifications" in s]
    assert len(touching) == 1 and "count(" in touching[0].lower()


def test_anonymous_visitors_have_no_bell(client):
    html = client.get("/sign-in").get_data(as_text=True)
    assert "nav-notifications" not in html


def test_page_lists_newest_first_and_marks_unread(client, me):
    old = add_notification(me, "Older, read", link="/needs/1", read=True)
    new = add_notification(me, "Newer, unread", link="/offers/2", body="Details.")
    sign_in_as(client, me)
    html = client.get("/notifications").get_data(as_text=True)
    assert html.index("Newer, unread") < html.index("Older, read")
    assert f'action="/notifications/{new.id}/read"' in html  # opens and marks read
    assert f'action="/notifications/{old.id}/read"' not in html
    assert '<a class="notification-subject" href="/needs/1">Older, read</a>' in html
    assert html.count('class="notification unread"') == 1
    assert "Details." in html and "1 unread of 2." in html


def test_page_escapes_what_it_shows(client, me):
    add_notification(me, "<script>alert(1)</script>", body="<b>bold</b>")
    sign_in_as(client, me)
    html = client.get("/notifications").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_page_is_paged(client, me):
    for n in range(30):
        add_notification(me, f"Item {n:02d}")
    sign_in_as(client, me)
    first = client.get("/notifications").get_data(as_text=True)
    second = client.get("/notifications?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Item 29" in first and "Item 04" not in first
    assert "Item 04" in second and "Item 00" in second and "Item 29" not in second
    assert client.get("/notifications?page=nonsense").status_code == 200


def test_empty_page_says_what_will_come(client, me):
    sign_in_as(client, me)
    html = client.get("/notifications").get_data(as_text=True)
    assert "No notifications yet" in html


def test_opening_marks_read_and_goes_to_the_link(client, me):
    row = add_notification(me, "Go there", link="/needs/5")
    sign_in_as(client, me)
    response = client.post(f"/notifications/{row.id}/read")
    assert response.status_code == 302
    assert response.headers["Location"] == "/needs/5"
    assert fresh(row).read_at is not None


@pytest.mark.parametrize(
    "link", ["", "//evil.example/x", "https://evil.example/", "/\\evil.example"]
)
def test_a_link_off_the_site_goes_to_the_notifications_page(client, me, link):
    row = add_notification(me, "Odd link", link=link)
    sign_in_as(client, me)
    response = client.post(f"/notifications/{row.id}/read")
    assert response.headers["Location"] == "/notifications"
    assert fresh(row).read_at is not None


def test_someone_elses_notification_is_404_and_unchanged(client, me, person):
    theirs = add_notification(person(IMMEDIATELY), "Not yours", link="/needs/1")
    sign_in_as(client, me)
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert fresh(theirs).read_at is None
    denied = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "access.denied")
    )
    assert denied == 1
    assert client.post("/notifications/999999/read").status_code == 404


def test_read_all_marks_only_ones_own(client, me, person):
    mine = [add_notification(me, f"Mine {n}") for n in range(3)]
    theirs = add_notification(person(IMMEDIATELY), "Theirs")
    sign_in_as(client, me)
    response = client.post("/notifications/read-all")
    assert response.status_code == 302
    assert response.headers["Location"] == "/notifications"
    assert all(fresh(row).read_at is not None for row in mine)
    assert fresh(theirs).read_at is None
    html = client.get("/notifications").get_data(as_text=True)
    assert "All your notifications are marked as read." in html
    assert "nav-notifications" in html and "unread" not in _bell(html)


def test_reading_never_touches_the_mail_claim(client, me):
    row = add_notification(me, "Unmailed")
    sign_in_as(client, me)
    client.post(f"/notifications/{row.id}/read")
    assert fresh(row).emailed_at is None
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
