"""Suggestions through the API: the listing page's suggestions, for the same viewers,
with their explanations as data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Need, NeedStatus, Pairing, PairingStatus, Role
from matchmaker.services import suggestions
from tests.conftest import sign_in_as
from tests.facilitation.conftest import Parties, make_parties


@pytest.fixture
def parties(make) -> Parties:
    suggestions.clear_cache()
    return make_parties(make)


def _need_path(parties: Parties) -> str:
    return f"/api/v1/needs/{parties.need.id}/suggestions"


def test_a_need_owner_reads_what_the_need_page_shows(parties: Parties, api_for, app):
    response = api_for(parties.focal).get(_need_path(parties))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["reason"] == ""
    [item] = body["items"]
    assert item["offer_id"] == parties.offer.id
    assert item["organisation"] == "Lanka Diagnostics Partnership"
    assert item["rank"] == 1 and item["pairing"] is None
    assert 0 < item["score"] <= 100
    assert item["band"] in ("strong", "good", "weak") and item["band_label"]
    assert item["explanation_total"] == pytest.approx(item["score"], abs=0.05)
    comparisons = {row["comparison"]: row for row in item["explanation"]}
    assert comparisons["title"]["label"] == "Title wording"
    assert comparisons["title"]["need_value"] == parties.need.title
    assert comparisons["title"]["offer_value"] == parties.offer.title
    for row in item["explanation"]:
        assert 0 <= row["similarity"] <= 1
        assert (
            row["contribution"]
            == pytest.approx(row["similarity"] * row["weight"] * 100, abs=0.05)
            or row["comparison"] == "domain"
        )
    # The same as the service the page calls, and the page shows the score.
    db.session.rollback()
    need = db.session.get(Need, parties.need.id)
    page = suggestions.suggested_offers(parties.focal, need)
    assert [s.listing.id for s in page.items] == [parties.offer.id]
    assert page.items[0].score == item["score"]
    html = sign_in_as(app.test_client(), parties.focal).get(f"/needs/{parties.need.id}")
    assert f"{item['score']:.1f}" in html.get_data(as_text=True)


def test_the_first_five_are_the_pages(parties: Parties, make, api_for):
    for n in range(7):
        make.offer(
            title=f"Molecular diagnostics laboratory support {n}",
            organisation=parties.organisation,
        )
    body = api_for(parties.facilitator).get(_need_path(parties)).get_json()
    db.session.rollback()
    need = db.session.get(Need, parties.need.id)
    page = suggestions.suggested_offers(parties.facilitator, need)
    assert [i["offer_id"] for i in body["items"][:5]] == [
        s.listing.id for s in page.items
    ]
    assert body["pagination"]["total"] == 8
    assert [i["rank"] for i in body["items"]] == list(range(1, 9))
    second = api_for(parties.facilitator).get(
        f"{_need_path(parties)}?per_page=3&page=2"
    )
    assert [i["rank"] for i in second.get_json()["items"]] == [4, 5, 6]


def test_only_offers_the_viewer_may_see_are_suggested(parties: Parties, api_as, make):
    """A partner sees their own organisation's offers only, so another
    organisation's offer is never suggested to them."""
    other = api_as(Role.PARTNER, organisation=make.organisation("Other"))
    body = other.get(_need_path(parties)).get_json()
    assert body["items"] == []
    assert body["reason"] == "No open offer that you can see fits this need yet."


def test_another_countrys_need_is_404(parties: Parties, api_as):
    nepal = api_as(Role.FOCAL_POINT, country="NPL")
    hidden = nepal.get(_need_path(parties))
    missing = nepal.get("/api/v1/needs/2147483647/suggestions")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()


def test_a_draft_says_why_nothing_is_suggested(parties: Parties, make, api_for):
    draft = make.need(country="BGD", status=NeedStatus.DRAFT)
    body = api_for(parties.focal).get(f"/api/v1/needs/{draft.id}/suggestions")
    assert body.get_json()["items"] == []
    assert body.get_json()["reason"].startswith("This need is a draft")
    partner = api_for(parties.partner)
    assert partner.get(f"/api/v1/needs/{draft.id}/suggestions").status_code == 404


def test_needs_that_fit_an_offer(parties: Parties, make, api_for, api_as):
    nepal_need = make.need(country="NPL", title="RT-PCR testing laboratory")
    path = f"/api/v1/offers/{parties.offer.id}/suggestions"
    staff = api_for(parties.facilitator).get(path).get_json()
    assert {i["need_id"] for i in staff["items"]} == {parties.need.id, nepal_need.id}
    # Bangladesh's focal point sees only Bangladesh's need fit the offer.
    focal = api_for(parties.focal).get(path).get_json()
    assert [i["need_id"] for i in focal["items"]] == [parties.need.id]
    assert focal["items"][0]["country"] == "BGD"
    assert focal["items"][0]["country_name"] == "Bangladesh"
    # Another organisation's partner may not see the offer.
    stranger = api_as(Role.PARTNER, organisation=make.organisation("Other"))
    assert stranger.get(path).status_code == 404


def test_the_pair_pairing_is_shown_only_to_who_may_see_it(parties: Parties, api_for):
    """Interest put the pair under review: staff see its pairing on the
    suggestion; the parties do not see a pairing before the introduction."""
    asked = api_for(parties.focal).post(
        "/api/v1/interests",
        json={"need_id": parties.need.id, "offer_id": parties.offer.id},
    )
    assert asked.status_code == 201
    db.session.rollback()
    pairing = db.session.scalar(select(Pairing))
    staff = api_for(parties.facilitator).get(_need_path(parties)).get_json()
    assert staff["items"][0]["pairing"] == {
        "id": pairing.id,
        "status": "proposed",
        "status_label": "Under review",
    }
    focal = api_for(parties.focal).get(_need_path(parties)).get_json()
    assert focal["items"][0]["pairing"] is None
    assert pairing.status is PairingStatus.PROPOSED


@pytest.mark.parametrize(
    "query", ["per_page=101", "per_page=0", "page=0", "page=x", "sort=score"]
)
def test_bad_page_arguments_are_422(parties: Parties, api_for, query):
    response = api_for(parties.focal).get(f"{_need_path(parties)}?{query}")
    assert response.status_code == 422
    assert response.get_json()["errors"]
