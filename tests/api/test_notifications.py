"""The caller's notifications through the API: their own, and nobody else's."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Notification, NotificationKind, Role, utcnow
from tests.conftest import sign_in_as

PROBLEM = "application/problem+json"
LIST = "/api/v1/notifications"


def _notification(user, minutes_ago: int = 0, **values) -> Notification:
    row = Notification(
        user_id=user.id,
        kind=values.pop("kind", NotificationKind.DECISION),
        subject=values.pop("subject", "A suggestion for your need was accepted"),
        created_at=utcnow() - timedelta(minutes=minutes_ago),
        **values,
    )
    db.session.add(row)
    db.session.commit()
    return row


def _read_at(notification_id: int):
    db.session.rollback()
    return db.session.scalar(
        sa.select(Notification.read_at).where(Notification.id == notification_id)
    )


def test_the_caller_reads_their_own_newest_first(api_as, make):
    api = api_as(Role.FOCAL_POINT, country="BGD")
    other = make.user(Role.FOCAL_POINT, country="BGD")
    older = _notification(api.user, 10, body="Open the pairing to introduce them.")
    newer = _notification(
        api.user,
        1,
        kind=NotificationKind.RUN_FINISHED,
        subject="Matching finished",
        link="/needs/7",
        read_at=utcnow(),
    )
    theirs = _notification(other, 0, subject="Not yours")
    outside = _notification(api.user, 5, link="https://example.org/phish")

    body = api.get(LIST).get_json()
    assert [n["id"] for n in body["items"]] == [newer.id, outside.id, older.id]
    assert theirs.id not in {n["id"] for n in body["items"]}
    assert body["unread"] == 2 and body["pagination"]["total"] == 3
    first, links_out, last = body["items"]
    assert first["kind"] == "run-finished" and first["kind_label"] == "Match runs"
    assert first["message"] == "Matching finished" and first["details"] is None
    assert first["link"] == "/needs/7" and first["read_at"]
    assert links_out["link"] is None  # only paths on this site are links
    assert last["details"] == "Open the pairing to introduce them."
    assert last["read_at"] is None and last["created_at"].endswith("+00:00")


def test_unread_filter_takes_exactly_true_or_false(api_as):
    api = api_as(Role.PARTNER)
    unread = _notification(api.user, 2)
    read = _notification(api.user, 1, read_at=utcnow())
    only_unread = api.get(f"{LIST}?unread=true").get_json()["items"]
    assert [n["id"] for n in only_unread] == [unread.id]
    only_read = api.get(f"{LIST}?unread=false").get_json()["items"]
    assert [n["id"] for n in only_read] == [read.id]
    for value in ("1", "yes", "True", "", "%00", "truee"):
        response = api.get(f"{LIST}?unread={value}")
        assert response.status_code == 422, value
        assert response.get_json()["errors"] == {"unread": ['Use "true" or "false".']}


def test_marking_ones_own_read(api_as):
    api = api_as(Role.FOCAL_POINT, country="NPL")
    mine = _notification(api.user)
    response = api.post(f"{LIST}/{mine.id}/read")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == mine.id and body["read_at"]
    first = _read_at(mine.id)
    assert first is not None
    again = api.post(f"{LIST}/{mine.id}/read").get_json()
    assert again["read_at"] == body["read_at"] and _read_at(mine.id) == first


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.FACILITATOR, Role.ADMIN])
def test_someone_elses_notification_is_404_and_stays_unread(app, api_as, make, role):
    """Staff included: as on the page, nobody reads another's notifications."""
    owner = make.user(Role.FOCAL_POINT, country="BGD")
    theirs = _notification(owner, subject="Private to the owner")
    api = api_as(role)
    response = api.post(f"{LIST}/{theirs.id}/read")
    assert response.status_code == 404 and response.mimetype == PROBLEM
    assert _read_at(theirs.id) is None
    assert "Private to the owner" not in api.get(LIST).get_data(as_text=True)
    page = sign_in_as(app.test_client(), api.user)
    assert page.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert api.post(f"{LIST}/{2**31}/read").status_code == 404
    missing = api.post(f"{LIST}/{theirs.id + 1000}/read")
    assert missing.status_code == 404
    # Nothing tells a missing notification from someone else's.
    assert missing.get_json() == response.get_json()


def test_read_all_marks_only_the_callers_own(api_as, make):
    api = api_as(Role.FACILITATOR)
    other = make.user(Role.FACILITATOR)
    mine = [_notification(api.user, minutes) for minutes in (1, 2)]
    _notification(api.user, 3, read_at=utcnow())
    theirs = _notification(other)
    response = api.post(f"{LIST}/read-all")
    assert response.status_code == 200 and response.get_json() == {"marked": 2}
    assert all(_read_at(n.id) is not None for n in mine)
    assert _read_at(theirs.id) is None
    assert api.post(f"{LIST}/read-all").get_json() == {"marked": 0}
    assert api.get(LIST).get_json()["unread"] == 0


def test_action_bodies_must_be_empty(api_as):
    api = api_as(Role.PARTNER)
    mine = _notification(api.user)
    response = api.post(f"{LIST}/{mine.id}/read", json={"read": True})
    assert response.status_code == 422 and set(response.get_json()["errors"]) == {
        "read"
    }
    assert _read_at(mine.id) is None
    assert api.post(f"{LIST}/read-all", json={"all": 1}).status_code == 422
    assert _read_at(mine.id) is None


def test_a_read_only_token_lists_but_does_not_mark(api_as):
    from matchmaker.models import TokenScope

    api = api_as(Role.FOCAL_POINT, scope=TokenScope.READ)
    mine = _notification(api.user)
    assert api.get(LIST).status_code == 200
    assert api.post(f"{LIST}/{mine.id}/read").status_code == 403
    assert api.post(f"{LIST}/read-all").status_code == 403
    assert _read_at(mine.id) is None


def test_paging_bounds(api_as):
    api = api_as(Role.ADMIN)
    for minutes in range(3):
        _notification(api.user, minutes)
    body = api.get(f"{LIST}?per_page=2&page=2").get_json()
    assert len(body["items"]) == 1 and body["pagination"]["pages"] == 2
    for query in ("per_page=0", "per_page=101", "page=0", "page=x", "kind=decision"):
        assert api.get(f"{LIST}?{query}").status_code == 422, query
