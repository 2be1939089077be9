"""Raising a hub candidate with partners: one open call, audited, partners told."""

from __future__ import annotations

import re

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    Category,
    HubCall,
    HubCallStatus,
    Notification,
    NotificationKind,
    ProposalKind,
    RegionalProposal,
    Role,
)
from matchmaker.services import hub_calls
from tests.calls.conftest import NOTE, count, only_call
from tests.conftest import sign_in_as

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_raising_a_hub_makes_an_open_call_from_it(app, hub, make):
    facilitator = make.user(Role.FACILITATOR)
    client = sign_in_as(app.test_client(), facilitator)
    response = client.post(f"/calls/raise/{hub.id}", data={"note": f"  {NOTE}\n"})
    call = only_call()
    assert response.status_code == 302
    assert response.location.endswith(f"/calls/{call.id}")
    assert call.proposal_id == hub.id and call.status is HubCallStatus.OPEN
    assert (call.theme, call.sub_region_slug, call.suggested_host_alpha3) == (
        "vaccine, fill, mrna",
        "south-east-asia",
        "MYS",
    )
    assert call.why.startswith("MYS's need is the most alike")
    assert call.note == NOTE  # trimmed
    assert call.raised_by_id == facilitator.id and call.raised_at is not None
    assert sorted(n.id for n in call.needs) == sorted(n.id for n in hub.needs)
    # Two of the three needs are vaccine manufacturing: the most common category.
    assert call.category.slug == "vaccine-manufacturing"
    page = client.get(response.location).text
    assert "Raised with partners" in page and "every partner has been told" in page


def test_raising_is_audited_with_what_was_raised(as_role, hub):
    as_role(Role.FACILITATOR).post(f"/calls/raise/{hub.id}", data={"note": NOTE})
    call = only_call()
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hub_call.raise")
    )
    assert (event.object_type, event.object_id) == ("hub_call", str(call.id))
    assert event.details["proposal_id"] == hub.id
    assert event.details["note"] == NOTE
    assert event.details["need_ids"] == sorted(n.id for n in hub.needs)
    assert event.actor_label.endswith("@example.org")


def test_every_active_partner_and_nobody_else_is_told(as_role, hub, make):
    partners = [make.user(Role.PARTNER) for _ in range(3)]
    disabled = make.user(Role.PARTNER, active=False)
    others = [
        make.user(Role.FOCAL_POINT, country="PHL"),
        make.user(Role.FACILITATOR),
        make.user(Role.ADMIN),
    ]
    as_role(Role.FACILITATOR).post(f"/calls/raise/{hub.id}", data={"note": NOTE})
    call = only_call()
    rows = db.session.scalars(select(Notification)).all()
    assert sorted(r.user_id for r in rows) == sorted(p.id for p in partners)
    assert disabled.id not in {r.user_id for r in rows}
    assert not {o.id for o in others} & {r.user_id for r in rows}
    row = rows[0]
    assert row.kind is NotificationKind.HUB_CALL
    assert row.link == f"/calls/{call.id}"
    assert row.subject == "Open call: several countries need vaccine, fill, mrna"
    assert (
        "Several countries of South-East Asia (Laos, Malaysia, Philippines) share a "
        "need that no offer covers yet." in row.body
    )
    assert "Key terms: vaccine, fill, mrna." in row.body
    assert "Suggested host: Malaysia." in row.body
    assert NOTE in row.body
    audit = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hub_call.raise")
    )
    assert audit.details["partners_notified"] == 3


def test_raising_twice_is_refused_and_keeps_one_call(as_role, hub):
    first, second = as_role(Role.FACILITATOR), as_role(Role.ADMIN)
    assert first.post(f"/calls/raise/{hub.id}", data={"note": NOTE}).status_code == 302
    notified = count(Notification)
    response = second.post(f"/calls/raise/{hub.id}", data={"note": "Another note"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "was raised with partners already" in html and "nothing was changed" in html
    call = only_call()
    assert call.note == NOTE
    assert "Several countries need: vaccine, fill, mrna" in html  # its call
    assert count(Notification) == notified
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("hub_call.raise") == 1


def test_a_second_raise_even_with_a_bad_note_says_already_raised(as_role, hub):
    client = as_role(Role.FACILITATOR)
    client.post(f"/calls/raise/{hub.id}", data={"note": NOTE})
    response = client.post(f"/calls/raise/{hub.id}", data={"note": ""})
    assert response.status_code == 409 and count(HubCall) == 1


def test_the_unique_constraint_backs_the_check_up(as_role, hub, make, monkeypatch):
    """Had two raises both passed the check, the INSERT's unique violation is
    still answered "already raised", with nothing half written."""
    facilitator = make.user(Role.FACILITATOR)
    existing = HubCall(proposal_id=hub.id, theme="raised elsewhere", needs=[])
    db.session.add(existing)
    db.session.commit()
    monkeypatch.setattr(hub_calls, "call_for_proposal", _none_then_real())
    before = count(Notification)
    try:
        hub_calls.raise_call(facilitator, hub.id, NOTE, lambda i: f"/calls/{i}")
    except hub_calls.AlreadyRaised as error:
        assert error.call is not None and error.call.theme == "raised elsewhere"
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a second call was written for one hub")
    assert count(HubCall) == 1 and count(Notification) == before


def _none_then_real():
    real = hub_calls.call_for_proposal
    calls = {"n": 0}

    def lookup(proposal_id: int):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(proposal_id)

    return lookup


def test_only_hub_candidates_can_be_raised(as_role, hub, make):
    regional = RegionalProposal(
        run=hub.proposal.run,
        kind=ProposalKind.REGIONAL_OFFER,
        offer=make.offer(),
        needs=hub.needs,
    )
    db.session.add(regional)
    db.session.commit()
    client = as_role(Role.FACILITATOR)
    assert (
        client.post(f"/calls/raise/{regional.id}", data={"note": NOTE}).status_code
        == 404
    )
    assert client.post("/calls/raise/999999", data={"note": NOTE}).status_code == 404
    assert count(HubCall) == 0


def test_focal_points_and_partners_cannot_raise(as_role, hub):
    for role, kwargs in ((Role.FOCAL_POINT, {"country": "PHL"}), (Role.PARTNER, {})):
        response = as_role(role, **kwargs).post(
            f"/calls/raise/{hub.id}", data={"note": NOTE}
        )
        assert response.status_code == 403
    assert count(HubCall) == 0 and count(Notification) == 0


def test_an_invalid_note_is_a_form_error_and_writes_nothing(as_role, hub):
    client = as_role(Role.FACILITATOR)
    cases = {
        "": "Write a note for partners.",
        "   \n ": "Write a note for partners.",
        "x" * 2001: "Keep the note to 2,000 characters or fewer.",
        "bell\x07": "Remove the control characters from this text.",
    }
    for note, message in cases.items():
        response = client.post(f"/calls/raise/{hub.id}", data={"note": note})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, note
        assert message in html and "There is a problem" in html
        assert "Laos, Malaysia, Philippines" in html  # the hub, in plain words
    assert count(HubCall) == 0 and count(Notification) == 0


def test_a_note_of_exactly_the_limit_is_taken(as_role, hub):
    note = "y" * 2000
    client = as_role(Role.FACILITATOR)
    assert client.post(f"/calls/raise/{hub.id}", data={"note": note}).status_code == 302
    assert only_call().note == note


def test_the_most_common_category_wins_ties_by_lowest_id(make_hub):
    hub = make_hub(
        countries=("PHL", "MYS", "LAO", "KHM"),
        category="vaccine-manufacturing",
        other="testing-laboratory",
    )
    ids = sorted(
        db.session.scalars(
            select(Category.id).where(
                Category.slug.in_(("vaccine-manufacturing", "testing-laboratory"))
            )
        )
    )
    assert hub_calls.most_common_category_id(hub.needs) == ids[0]
    assert hub_calls.most_common_category_id([]) is None


def test_matching_page_offers_the_form_then_says_when_it_was_raised(as_role, hub):
    client = as_role(Role.FACILITATOR)
    html = client.get("/matching/").text
    section = html[html.index('id="hubs"') : html.index('id="pairings"')]
    assert f'action="/calls/raise/{hub.id}"' in section
    assert f'id="raise-note-{hub.id}"' in section and 'maxlength="2000"' in section
    assert "Raise with partners" in section
    client.post(f"/calls/raise/{hub.id}", data={"note": NOTE})
    call = only_call()
    html = client.get("/matching/").text
    section = html[html.index('id="hubs"') : html.index('id="pairings"')]
    day = f"{call.raised_at.day} {call.raised_at:%B %Y}"
    assert f"Raised with partners on {day}" in section
    assert f'href="/calls/{call.id}"' in section
    assert f'action="/calls/raise/{hub.id}"' not in section


def test_matching_page_form_carries_a_csrf_token_that_works(app, make, hub):
    """With CSRF on, the form on the Matching page raises; without a token, 400."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = sign_in_as(app.test_client(), make.user(Role.FACILITATOR))
    html = client.get("/matching/").text
    token = TOKEN.search(html).group(1)
    bad = client.post(f"/calls/raise/{hub.id}", data={"note": NOTE})
    assert bad.status_code == 400 and count(HubCall) == 0
    good = client.post(
        f"/calls/raise/{hub.id}", data={"note": NOTE, "csrf_token": token}
    )
    assert good.status_code == 302 and count(HubCall) == 1


def test_a_later_runs_hub_over_the_same_needs_is_the_same_call(as_role, hub, again_hub):
    client = as_role(Role.FACILITATOR)
    client.post(f"/calls/raise/{hub.id}", data={"note": NOTE})
    call = only_call()
    later = again_hub(hub.needs)
    html = client.get("/matching/").text
    section = html[html.index('id="hubs"') : html.index('id="pairings"')]
    assert "Raised with partners on" in section
    assert f'href="/calls/{call.id}"' in section
    assert f'action="/calls/raise/{later.id}"' not in section
    response = client.post(f"/calls/raise/{later.id}", data={"note": NOTE})
    assert response.status_code == 409 and count(HubCall) == 1


def test_other_needs_or_a_closed_call_let_a_later_hub_be_raised(
    as_role, hub, again_hub
):
    client = as_role(Role.FACILITATOR)
    client.post(f"/calls/raise/{hub.id}", data={"note": NOTE})
    call_id = only_call().id
    fewer = again_hub(hub.needs[:2])
    assert (
        client.post(f"/calls/raise/{fewer.id}", data={"note": NOTE}).status_code == 302
    )
    client.post(f"/calls/{call_id}/close")
    same = again_hub(hub.needs)
    assert (
        client.post(f"/calls/raise/{same.id}", data={"note": NOTE}).status_code == 302
    )
    assert count(HubCall) == 3
