"""The pairings API: decisions as on the review page, steps as on the pairing page,
If-Match on every step, and contacts exactly where the pairing page shows them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    Need,
    NeedStatus,
    Pairing,
    PairingStatus,
    Role,
    TokenScope,
    utcnow,
)
from matchmaker.services import pairing_pages
from tests.api.conftest import etag_of
from tests.conftest import sign_in_as
from tests.facilitation.conftest import Parties, make_parties


@pytest.fixture
def parties(make) -> Parties:
    return make_parties(make)


def decide(client, parties: Parties, decision: str = "accept", **fields):
    """POST a decision on the parties' pair."""
    body = {"need_id": parties.need.id, "offer_id": parties.offer.id,
            "decision": decision}  # fmt: skip
    if decision == "accept":
        body["cooperation_model"] = "bilateral-grant"
    body.update(fields)
    return client.post("/api/v1/pairings", json=body)


def _pairing() -> Pairing:
    db.session.rollback()
    return db.session.scalar(select(Pairing))


def _pairings() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Pairing.id)))


@pytest.fixture
def staff(parties, api_for):
    return api_for(parties.facilitator)


@pytest.fixture
def introduced(parties, staff) -> dict:
    """The parties' pair accepted and introduced through the API."""
    accepted = decide(staff, parties)
    assert accepted.status_code == 201, accepted.get_json()
    path = accepted.headers["Location"]
    response = staff.post(
        f"{path}/introduce", json={}, headers={"If-Match": etag_of(accepted)}
    )
    assert response.status_code == 200, response.get_json()
    return {"path": path, "response": response}


# Decisions ---------------------------------------------------------------------------


def test_accepting_creates_the_pairing_as_the_review_page_does(parties, staff, app):
    response = decide(staff, parties, note="A good fit.")
    assert response.status_code == 201
    body = response.get_json()
    pairing = _pairing()
    assert response.headers["Location"] == f"/api/v1/pairings/{pairing.id}"
    assert response.headers["ETag"]
    assert body["id"] == pairing.id
    assert (body["status"], body["status_label"]) == ("accepted", "Accepted")
    assert body["cooperation_model"] == "bilateral-grant"
    assert body["version"] == pairing.version
    assert pairing.score is not None and pairing.score > 0  # kept, as the page does
    [event] = body["timeline"]
    assert event["action"] == "accept" and event["label"] == "Accepted"
    assert event["actor"] == "Fatima Facilitator"
    assert "A good fit." in event["note"]
    assert body["next_steps"] == {"introduce": True, "report": [], "close": True}
    audits = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "pairing.accept")
    ).all()
    assert [a.actor_id for a in audits] == [parties.facilitator.id]
    # The pairing page shows what the API wrote.
    page = sign_in_as(app.test_client(), parties.facilitator).get(
        f"/pairings/{pairing.id}"
    )
    html = page.get_data(as_text=True)
    assert "Accepted" in html and body["cooperation_model_label"] in html
    assert "A good fit." in html


def test_a_second_decision_on_a_decided_pair_is_a_conflict(parties, staff, api_as):
    assert decide(staff, parties).status_code == 201
    admin = api_as(Role.ADMIN)
    again = decide(admin, parties, "decline", reason="wrong-category")
    assert again.status_code == 409
    assert "decided already" in again.get_json()["detail"]
    assert _pairing().status is PairingStatus.ACCEPTED


def test_a_decision_on_a_stale_version_is_a_conflict(parties, staff):
    deferred = decide(
        staff, parties, "defer", defer_until=(date.today() + timedelta(30)).isoformat()
    )
    assert deferred.status_code == 201
    assert deferred.get_json()["status"] == "proposed"
    stale = decide(staff, parties, version=0)
    assert stale.status_code == 409
    assert "Someone else decided" in stale.get_json()["detail"]
    current = decide(staff, parties, version=deferred.get_json()["version"])
    assert current.status_code == 200  # the pair had a pairing: decided, not created
    assert current.get_json()["status"] == "accepted"
    assert "Location" not in current.headers


def test_interest_then_decision_answers_200(parties, staff, api_for):
    asked = api_for(parties.focal).post(
        "/api/v1/interests",
        json={"need_id": parties.need.id, "offer_id": parties.offer.id},
    )
    assert asked.status_code == 201
    declined = decide(staff, parties, "decline", reason="wrong-support-type")
    assert declined.status_code == 200
    body = declined.get_json()
    assert (body["status"], body["reason"]) == ("declined", "wrong-support-type")
    assert [e["action"] for e in body["timeline"]] == ["interest", "decline"]
    # Staff see who asked, as on the pairing page.
    assert [i["person"] for i in body["interests"]] == ["Farida Focal"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"decision": "approve"}, "decision"),
        ({"cooperation_model": "no-such-model"}, "cooperation_model"),
        ({"cooperation_model": None}, "cooperation_model"),
        ({"decision": "decline", "reason": "no-such-reason"}, "reason"),
        ({"decision": "decline", "cooperation_model": "bilateral-grant"}, "reason"),
        ({"decision": "defer", "defer_until": "2020-01-01"}, "defer_until"),
        ({"decision": "defer", "defer_until": "9999-12-31"}, "defer_until"),
        ({"decision": "defer", "defer_until": "tomorrow"}, "defer_until"),
        ({"need_id": str(10**12)}, "need_id"),
        ({"need_id": 2**31}, "need_id"),
        ({"offer_id": 1.5}, "offer_id"),
        ({"version": -1}, "version"),
        ({"note": "x\x00y"}, "note"),
        ({"note": "\ud800"}, "note"),
        ({"note": "x" * 2001}, "note"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_decisions_are_refused_on_their_field(parties, staff, fields, field):
    body = {"need_id": parties.need.id, "offer_id": parties.offer.id,
            "decision": "accept", "cooperation_model": "bilateral-grant"}  # fmt: skip
    if fields.get("decision", "accept") != "accept":
        body.pop("cooperation_model")
    body.update(fields)
    response = staff.post("/api/v1/pairings", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
    assert _pairings() == 0


def test_a_missing_decision_field_is_named(parties, staff):
    response = staff.post(
        "/api/v1/pairings",
        json={"need_id": parties.need.id, "offer_id": parties.offer.id,
              "decision": "accept"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "cooperation_model": ["Choose how the parties will cooperate."]
    }


def test_only_staff_decide(parties, api_for, api_as):
    for client in (api_for(parties.focal), api_for(parties.partner)):
        assert decide(client, parties).status_code == 403
    read_only = api_for(parties.facilitator, scope=TokenScope.READ)
    assert decide(read_only, parties).status_code == 403
    assert _pairings() == 0


def test_deciding_an_unknown_listing_is_404(parties, staff):
    response = staff.post(
        "/api/v1/pairings",
        json={"need_id": 2**31 - 1, "offer_id": parties.offer.id,
              "decision": "decline", "reason": "wrong-category"},
    )  # fmt: skip
    assert response.status_code == 404


def test_a_full_offer_is_refused_with_the_services_words(parties, make, staff):
    parties.offer.capacity = 1
    other = make.need(country="BGD", title="Another laboratory")
    db.session.add(Pairing(need=other, offer=parties.offer,
                           status=PairingStatus.ACCEPTED))  # fmt: skip
    db.session.commit()
    response = decide(staff, parties)
    assert response.status_code == 409
    assert "no capacity left" in response.get_json()["detail"]


# Reading -----------------------------------------------------------------------------


def test_parties_see_the_pairing_only_from_the_introduction(parties, staff, api_for):
    accepted = decide(staff, parties)
    path = accepted.headers["Location"]
    focal, partner = api_for(parties.focal), api_for(parties.partner)
    for client in (focal, partner):
        assert client.get(path).status_code == 404
        assert client.get("/api/v1/pairings").get_json()["items"] == []
    introduced = staff.post(
        f"{path}/introduce", json={}, headers={"If-Match": etag_of(accepted)}
    )
    assert introduced.status_code == 200
    for client in (focal, partner):
        assert client.get(path).status_code == 200
        listed = client.get("/api/v1/pairings").get_json()["items"]
        assert [p["id"] for p in listed] == [accepted.get_json()["id"]]


def test_contacts_are_exactly_those_the_pairing_page_shows(
    parties, introduced, api_for, app
):
    path = introduced["path"]
    pairing = _pairing()
    page = sign_in_as(app.test_client(), parties.partner).get(f"/pairings/{pairing.id}")
    html = page.get_data(as_text=True)
    body = api_for(parties.partner).get(path).get_json()
    shown = pairing_pages.detail(parties.partner, pairing)
    assert body["contacts"] == {
        "need_side": [
            {"name": "Farida Focal", "email": "focal@example.org",
             "phone": "+880 2 555 0101", "organisation": "Focal point for Bangladesh"}
        ],
        "offer_side": [
            {"name": "Peter Partner", "email": "partner@example.org",
             "phone": "+94 11 555 0199",
             "organisation": "Lanka Diagnostics Partnership"}
        ],
    }  # fmt: skip
    assert len(shown.need_contacts) == 1 and len(shown.offer_contacts) == 1
    for contact in body["contacts"]["need_side"] + body["contacts"]["offer_side"]:
        assert contact["email"] in html and contact["phone"] in html
    # Parties never see who expressed interest (the page shows it to staff only).
    assert body["interests"] == []


def test_no_contacts_before_the_introduction_even_for_a_party_later(
    parties, staff, api_for
):
    accepted = decide(staff, parties).get_json()
    # Staff see contacts at every stage, as on the page.
    assert accepted["contacts"]["need_side"][0]["email"] == "focal@example.org"
    text = str(api_for(parties.partner).get("/api/v1/pairings").get_json())
    assert "focal@example.org" not in text


def test_strangers_never_reach_a_pairing(parties, introduced, api_as, make):
    path = introduced["path"]
    nepal = api_as(Role.FOCAL_POINT, country="NPL")
    other_org = api_as(Role.PARTNER, organisation=make.organisation("Other"))
    missing = nepal.get("/api/v1/pairings/2147483647")
    for client in (nepal, other_org):
        response = client.get(path)
        assert response.status_code == 404
        assert response.get_json() == missing.get_json()
        listing = client.get(f"/api/v1/pairings?need_id={parties.need.id}")
        assert listing.get_json()["items"] == []
        assert listing.get_json()["pagination"]["total"] == 0
        step = client.post(
            f"{path}/report", json={"status": "agreed"}, headers={"If-Match": "*"}
        )
        assert step.status_code == 404
    assert _pairing().status is PairingStatus.INTRODUCED


def test_the_list_filters_and_pages(parties, make, staff):
    other_need = make.need(country="BGD", title="Second need")
    db.session.add_all([
        Pairing(need=other_need, offer=parties.offer, status=PairingStatus.DECLINED),
        Pairing(need=parties.need, offer=make.offer(title="Other offer"),
                status=PairingStatus.PROPOSED),
    ])  # fmt: skip
    db.session.commit()
    everything = staff.get("/api/v1/pairings?per_page=2").get_json()
    assert everything["pagination"] == {"page": 1, "per_page": 2, "total": 2,
                                        "pages": 1}  # fmt: skip
    declined = staff.get("/api/v1/pairings?status=declined").get_json()["items"]
    assert [p["need"]["id"] for p in declined] == [other_need.id]
    by_need = staff.get(f"/api/v1/pairings?need_id={parties.need.id}").get_json()
    assert [p["status"] for p in by_need["items"]] == ["proposed"]
    by_offer = staff.get(f"/api/v1/pairings?offer_id={parties.offer.id}")
    assert by_offer.get_json()["pagination"]["total"] == 1
    second = staff.get("/api/v1/pairings?per_page=1&page=2").get_json()
    assert len(second["items"]) == 1


@pytest.mark.parametrize(
    "query",
    [
        "status=under-review",
        "status=",
        "need_id=abc",
        "need_id=0",
        "offer_id=99999999999",
        "per_page=101",
        "per_page=0",
        "page=0",
        "colour=blue",
    ],
)
def test_bad_list_arguments_are_422(staff, query):
    response = staff.get(f"/api/v1/pairings?{query}")
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"]


# Steps --------------------------------------------------------------------------------


def test_introduce_needs_if_match(parties, staff):
    accepted = decide(staff, parties)
    path = accepted.headers["Location"]
    missing = staff.post(f"{path}/introduce", json={})
    assert missing.status_code == 428
    stale = staff.post(f"{path}/introduce", json={}, headers={"If-Match": '"old"'})
    assert stale.status_code == 412
    assert _pairing().status is PairingStatus.ACCEPTED
    done = staff.post(
        f"{path}/introduce",
        json={"note": "Please meet."},
        headers={"If-Match": etag_of(accepted)},
    )
    assert done.status_code == 200
    assert done.headers["ETag"] != accepted.headers["ETag"]
    assert done.headers["ETag"] == staff.get(path).headers["ETag"]
    body = done.get_json()
    assert body["status"] == "introduced" and body["introduced"] is True
    assert body["timeline"][-1]["label"] == "Parties introduced"
    db.session.rollback()
    assert db.session.get(Need, parties.need.id).status is NeedStatus.IN_DISCUSSION
    # The old tag is stale now; a second introduction conflicts for staff.
    again = staff.post(
        f"{path}/introduce", json={}, headers={"If-Match": etag_of(accepted)}
    )
    assert again.status_code == 409


def test_introduce_takes_an_empty_body(parties, staff):
    accepted = decide(staff, parties)
    response = staff.post(
        f"{accepted.headers['Location']}/introduce",
        headers={"If-Match": etag_of(accepted)},
    )
    assert response.status_code == 200, response.get_json()


def test_parties_report_progress_along_the_stages(parties, introduced, api_for):
    path = introduced["path"]
    focal, partner = api_for(parties.focal), api_for(parties.partner)
    read = focal.get(path)
    assert read.get_json()["next_steps"] == {
        "introduce": False, "report": ["agreed"], "close": False
    }  # fmt: skip
    agreed = focal.post(
        f"{path}/report",
        json={"status": "agreed", "note": "Signed."},
        headers={"If-Match": etag_of(read)},
    )
    assert agreed.status_code == 200
    assert agreed.get_json()["timeline"][-1]["label"] == "Progress: agreed"
    # A step that does not follow is refused with the service's words.
    skipped = partner.post(
        f"{path}/report",
        json={"status": "completed"},
        headers={"If-Match": etag_of(agreed)},
    )
    assert skipped.status_code == 409
    assert "does not follow" in skipped.get_json()["detail"]
    started = partner.post(
        f"{path}/report",
        json={"status": "in_progress"},
        headers={"If-Match": etag_of(agreed)},
    )
    assert started.status_code == 200
    assert started.get_json()["status"] == "in_progress"
    # The page shows the same status.
    db.session.rollback()
    assert db.session.get(Pairing, started.get_json()["id"]).status is (
        PairingStatus.IN_PROGRESS
    )


@pytest.mark.parametrize(
    "body",
    [{}, {"status": "closed"}, {"status": "AGREED"}, {"status": 1},
     {"status": "agreed", "extra": 1}],
)  # fmt: skip
def test_bad_reports_are_422(introduced, staff, body):
    response = staff.post(
        f"{introduced['path']}/report", json=body, headers={"If-Match": "*"}
    )
    assert response.status_code == 422


def test_a_party_may_not_close(parties, introduced, api_for):
    response = api_for(parties.partner).post(
        f"{introduced['path']}/close",
        json={"reason": "parties-did-not-agree"},
        headers={"If-Match": "*"},
    )
    assert response.status_code == 403
    assert _pairing().status is PairingStatus.INTRODUCED


def test_closing_with_a_reason(parties, introduced, staff):
    path = introduced["path"]
    tag = etag_of(introduced["response"])
    unknown = staff.post(
        f"{path}/close", json={"reason": "bored"}, headers={"If-Match": tag}
    )
    assert unknown.status_code == 422
    assert "reason" in unknown.get_json()["errors"]
    closed = staff.post(
        f"{path}/close",
        json={"reason": "parties-did-not-agree", "note": "No funds."},
        headers={"If-Match": tag},
    )
    assert closed.status_code == 200
    body = closed.get_json()
    assert (body["status"], body["reason"]) == ("closed", "parties-did-not-agree")
    assert body["reason_details"] == "No funds."
    assert body["next_steps"] == {"introduce": False, "report": [], "close": False}
    db.session.rollback()
    assert db.session.get(Need, parties.need.id).status is NeedStatus.OPEN


def test_a_read_only_token_takes_no_step(parties, introduced, api_for):
    client = api_for(parties.focal, scope=TokenScope.READ)
    assert client.get(introduced["path"]).status_code == 200
    response = client.post(
        f"{introduced['path']}/report",
        json={"status": "agreed"},
        headers={"If-Match": "*"},
    )
    assert response.status_code == 403


def test_timestamps_are_utc(parties, introduced, staff):
    body = staff.get(introduced["path"]).get_json()
    for moment in (body["created_at"], body["updated_at"], body["introduced_at"]):
        assert moment.endswith("+00:00")
    assert abs((utcnow().date() - date.fromisoformat(body["updated_at"][:10])).days) < 2
