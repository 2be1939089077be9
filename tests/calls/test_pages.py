"""The open calls pages as each role sees them, closing a call, and the nav link."""

from __future__ import annotations

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, HubCallStatus, NeedStatus, Role
from tests.calls.conftest import FILL_FINISH, NOTE, only_call

HEADING = "Several countries need: vaccine, fill, mrna"


def _raise(as_role, hub) -> int:
    response = as_role(Role.FACILITATOR).post(
        f"/calls/raise/{hub.id}", data={"note": NOTE}
    )
    assert response.status_code == 302
    return only_call().id


def test_partners_and_staff_read_the_open_calls(as_role, hub):
    call_id = _raise(as_role, hub)
    for role in (Role.PARTNER, Role.FACILITATOR, Role.ADMIN):
        client = as_role(role)
        listing = client.get("/calls/")
        html = listing.get_data(as_text=True)
        assert listing.status_code == 200, role
        assert HEADING in html and NOTE in html
        assert "Laos, Malaysia, Philippines" in html
        assert "South-East Asia" in html and "Malaysia" in html
        assert f'href="/calls/{call_id}"' in html
        detail = client.get(f"/calls/{call_id}")
        assert detail.status_code == 200 and HEADING in detail.text
        assert "Vaccine" in detail.text  # the category, by its label
        assert "Malaysia&#39;s need is the most alike" in detail.text  # no codes


def test_focal_points_see_no_calls_and_no_link(as_role, hub):
    call_id = _raise(as_role, hub)
    focal = as_role(Role.FOCAL_POINT, country="PHL")
    assert focal.get("/calls/").status_code == 403
    assert focal.get(f"/calls/{call_id}").status_code == 403
    assert 'href="/calls/"' not in focal.get("/").text


def test_the_nav_links_open_calls_for_partners_and_staff(as_role):
    for role in (Role.PARTNER, Role.FACILITATOR, Role.ADMIN):
        html = as_role(role).get("/").text
        assert '<a href="/calls/">Open calls</a>' in html, role


def test_anonymous_visitors_are_sent_to_sign_in(client, hub):
    response = client.get("/calls/")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_an_unknown_call_is_not_found(as_role):
    assert as_role(Role.PARTNER).get("/calls/424242").status_code == 404


def test_need_titles_show_only_to_who_may_see_the_need(as_role, hub):
    call_id = _raise(as_role, hub)
    withdrawn, still_open = hub.needs[0], hub.needs[1]
    withdrawn.status = NeedStatus.WITHDRAWN
    db.session.commit()
    partner = as_role(Role.PARTNER).get(f"/calls/{call_id}").text
    assert withdrawn.title not in partner and still_open.title in partner
    assert f'href="/needs/{withdrawn.id}"' not in partner
    assert "1 need of this call is no longer published" in partner
    # The country is part of what the call says; it stays.
    assert "Laos, Malaysia, Philippines" in partner
    staff = as_role(Role.FACILITATOR).get(f"/calls/{call_id}").text
    assert withdrawn.title in staff and "no longer published" not in staff


def test_the_list_never_shows_need_titles(as_role, hub):
    _raise(as_role, hub)
    html = as_role(Role.PARTNER).get("/calls/").text
    assert FILL_FINISH not in html


def test_partners_are_offered_to_answer_staff_to_close(as_role, hub):
    call_id = _raise(as_role, hub)
    answer = f'href="/offers/new?call={call_id}"'
    close = f'action="/calls/{call_id}/close"'
    partner_list = as_role(Role.PARTNER).get("/calls/").text
    partner = as_role(Role.PARTNER).get(f"/calls/{call_id}").text
    assert answer in partner_list and answer in partner and close not in partner
    assert "Post an offer for this call" in partner
    staff = as_role(Role.FACILITATOR).get(f"/calls/{call_id}").text
    assert close in staff and answer not in staff
    assert "@example.org" in staff  # who raised it, for the team
    assert "@example.org" not in partner


def test_staff_close_a_call_audited_and_partners_stop_finding_it(as_role, hub):
    call_id = _raise(as_role, hub)
    facilitator = as_role(Role.FACILITATOR)
    response = facilitator.post(f"/calls/{call_id}/close")
    assert response.status_code == 302
    assert response.location.endswith(f"/calls/{call_id}")
    assert only_call().status is HubCallStatus.CLOSED
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hub_call.close")
    )
    assert event.object_id == str(call_id)
    assert event.details["after"] == {"status": "closed"}
    partner = as_role(Role.PARTNER)
    assert HEADING not in partner.get("/calls/").text
    assert "No open calls at the moment" in partner.get("/calls/").text
    closed = partner.get(f"/calls/{call_id}").text  # the notification's link
    assert "This call is closed" in closed and "/offers/new?call=" not in closed
    staff_list = facilitator.get("/calls/").text
    recent = staff_list[staff_list.index('id="closed-calls"') :]
    assert HEADING in recent
    matching = facilitator.get("/matching/").text
    assert "(now closed)" in matching


def test_closing_twice_is_a_conflict_that_changes_nothing(as_role, hub):
    call_id = _raise(as_role, hub)
    as_role(Role.FACILITATOR).post(f"/calls/{call_id}/close")
    again = as_role(Role.ADMIN).post(f"/calls/{call_id}/close")
    assert again.status_code == 409 and "closed already" in again.text
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("hub_call.close") == 1


def test_partners_and_focal_points_cannot_close(as_role, hub):
    call_id = _raise(as_role, hub)
    for role, kwargs in ((Role.PARTNER, {}), (Role.FOCAL_POINT, {"country": "PHL"})):
        response = as_role(role, **kwargs).post(f"/calls/{call_id}/close")
        assert response.status_code == 403
    assert only_call().status is HubCallStatus.OPEN
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "hub_call.close" not in actions and actions.count("access.denied") == 2
