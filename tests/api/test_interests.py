"""Expressions of interest through the API: who may, what is written, and what the
other side sees (which country or organisation, never who)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Interest, NeedStatus, Pairing, PairingStatus, Role
from tests.conftest import sign_in_as
from tests.facilitation.conftest import Parties, make_parties


@pytest.fixture
def parties(make) -> Parties:
    return make_parties(make)


def _interests() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Interest.id)))


def _express(client, need_id: int, offer_id: int, message: str = "Tell us more."):
    return client.post(
        "/api/v1/interests",
        json={"need_id": need_id, "offer_id": offer_id, "message": message},
    )


def test_a_focal_point_asks_for_an_introduction(parties: Parties, api_for, app):
    response = _express(api_for(parties.focal), parties.need.id, parties.offer.id)
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"] == (
        f"/api/v1/offers/{parties.offer.id}/interests"
    )
    body = response.get_json()
    assert body["side"] == "need"
    assert body["summary"] == "Bangladesh asked for an introduction"
    assert body["need"] == {"id": parties.need.id, "title": parties.need.title,
                            "country": "BGD", "country_name": "Bangladesh"}  # fmt: skip
    assert body["offer"]["organisation"] == "Lanka Diagnostics Partnership"
    db.session.rollback()
    [interest] = db.session.scalars(select(Interest)).all()
    assert interest.message == "Tell us more."
    pairing = db.session.scalar(select(Pairing))
    assert pairing.status is PairingStatus.PROPOSED
    # The partner reads the same through the API as on the offer's page: the
    # country, never the person.
    seen = api_for(parties.partner).get(response.headers["Location"])
    assert [i["summary"] for i in seen.get_json()["items"]] == [body["summary"]]
    page = sign_in_as(app.test_client(), parties.partner).get(
        f"/offers/{parties.offer.id}"
    )
    assert "Bangladesh asked for an introduction" in page.get_data(as_text=True)
    for secret in ("focal@example.org", "Farida", "Tell us more."):
        assert secret not in seen.get_data(as_text=True)


def test_a_partner_offers_support(parties: Parties, api_for):
    response = _express(api_for(parties.partner), parties.need.id, parties.offer.id)
    assert response.status_code == 201
    assert response.headers["Location"] == (
        f"/api/v1/needs/{parties.need.id}/interests"
    )
    assert response.get_json()["summary"] == (
        "Lanka Diagnostics Partnership offered support"
    )
    focal_view = api_for(parties.focal).get(response.headers["Location"]).get_json()
    assert focal_view["pagination"]["total"] == 1
    assert "partner@example.org" not in str(focal_view)


def test_twice_is_a_conflict(parties: Parties, api_for):
    client = api_for(parties.focal)
    assert _express(client, parties.need.id, parties.offer.id).status_code == 201
    again = _express(client, parties.need.id, parties.offer.id, "Again")
    assert again.status_code == 409
    assert "already expressed interest" in again.get_json()["detail"]
    assert _interests() == 1


def test_naming_someone_elses_listing_is_a_field_error(parties: Parties, api_as, make):
    nepal = api_as(Role.FOCAL_POINT, country="NPL")
    refused = _express(nepal, parties.need.id, parties.offer.id)
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {
        "need_id": ["Name one of your country's published needs."]
    }
    stranger = api_as(Role.PARTNER, organisation=make.organisation("Other"))
    refused = _express(stranger, parties.need.id, parties.offer.id)
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["offer_id"]
    draft = make.need(country="BGD", status=NeedStatus.DRAFT)
    own_draft = _express(
        api_as(Role.FOCAL_POINT, country="BGD"), draft.id, parties.offer.id
    )
    assert own_draft.status_code == 422
    assert _interests() == 0
    db.session.rollback()
    assert db.session.scalar(select(func.count(Pairing.id))) == 0


def test_a_listing_the_caller_may_not_see_is_404(parties: Parties, api_as, make):
    bangladesh_only = make.offer(
        organisation=parties.organisation, eligible_countries=("BGD",)
    )
    nepal = api_as(Role.FOCAL_POINT, country="NPL")
    nepal_need = make.need(country="NPL")
    hidden = _express(nepal, nepal_need.id, bangladesh_only.id)
    missing = _express(nepal, nepal_need.id, 2**31 - 1)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()
    assert _interests() == 0


def test_staff_do_not_express_interest(parties: Parties, api_for):
    response = _express(api_for(parties.facilitator), parties.need.id, parties.offer.id)
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"need_id": "1", "offer_id": 1}, "need_id"),
        ({"need_id": 1}, "offer_id"),
        ({"need_id": 1, "offer_id": 1, "message": None}, "message"),
        ({"need_id": 1, "offer_id": 1, "message": "a\x00b"}, "message"),
        ({"need_id": 1, "offer_id": 1, "message": "\udfff"}, "message"),
        ({"need_id": 1, "offer_id": 1, "message": "x" * 2001}, "message"),
        ({"need_id": 1, "offer_id": 1, "listing": 3}, "listing"),
        ({"need_id": 0, "offer_id": 1}, "need_id"),
        ({"need_id": True, "offer_id": 1}, "need_id"),
        ({"need_id": 1, "offer_id": 2**31}, "offer_id"),
    ],
)
def test_bad_bodies_are_422(parties: Parties, api_for, body, field):
    response = api_for(parties.focal).post("/api/v1/interests", json=body)
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == [field]


def test_the_message_is_trimmed(parties: Parties, api_for):
    response = _express(
        api_for(parties.focal), parties.need.id, parties.offer.id, "  Hello.\n "
    )
    assert response.status_code == 201
    db.session.rollback()
    assert db.session.scalar(select(Interest.message)) == "Hello."


def test_who_sees_which_interest_on_a_listing(parties: Parties, api_for, api_as, make):
    other_org = make.organisation("Other partner")
    other = api_as(Role.PARTNER, organisation=other_org)
    other_offer = make.offer(organisation=other_org, created_by=other.user)
    assert _express(other, parties.need.id, other_offer.id).status_code == 201
    assert (
        _express(api_for(parties.partner), parties.need.id, parties.offer.id)
    ).status_code == 201
    path = f"/api/v1/needs/{parties.need.id}/interests"
    # The need's own side and staff see all; another partner only their own.
    for client in (api_for(parties.focal), api_for(parties.facilitator)):
        assert client.get(path).get_json()["pagination"]["total"] == 2
    own = other.get(path).get_json()["items"]
    assert [i["offer"]["id"] for i in own] == [other_offer.id]
    paged = api_for(parties.focal).get(f"{path}?per_page=1&page=2").get_json()
    assert len(paged["items"]) == 1 and paged["pagination"]["pages"] == 2
    # Another country's focal point may not see Bangladesh's need at all.
    nepal = api_as(Role.FOCAL_POINT, country="NPL")
    assert nepal.get(path).status_code == 404
    assert nepal.get("/api/v1/needs/2147483647/interests").status_code == 404
