"""Regional proposals through the API: what the Regional cooperation page shows."""

from __future__ import annotations

import pytest

from matchmaker.extensions import db
from matchmaker.models import Role
from matchmaker.services import hub_calls, match_runs
from tests.conftest import sign_in_as
from tests.factories import regional_genomics

PROBLEM = "application/problem+json"
PROPOSALS = "/api/v1/regional-proposals"
FILL_FINISH = (
    "Technology transfer for mRNA vaccine fill-finish and biomanufacturing at a "
    "state vaccine plant."
)


@pytest.fixture
def proposals(make):
    """A run with one regional offer (genomics, three countries) and one hub
    (vaccine fill-finish, four countries, no offer)."""
    offer, genomics = regional_genomics(make)
    vaccines = [
        make.need(
            country=country,
            title="mRNA vaccine fill-finish line",
            description=FILL_FINISH,
            category="vaccine-manufacturing",
        )
        for country in ("PHL", "MYS", "LAO", "KHM")
    ]
    run = match_runs.run_full_match()
    return run, offer, genomics, vaccines


def _by_kind(items: list[dict]) -> dict[str, list[dict]]:
    kinds: dict[str, list[dict]] = {}
    for item in items:
        kinds.setdefault(item["kind"], []).append(item)
    return kinds


def test_both_kinds_with_countries_host_reason_and_ids(api_as, proposals):
    run, offer, genomics, vaccines = proposals
    body = api_as(Role.FACILITATOR).get(PROPOSALS).get_json()
    kinds = _by_kind(body["items"])
    (regional,) = kinds["regional-offer"]
    (hub,) = kinds["hub"]
    assert body["pagination"]["total"] == 2

    assert regional["run_id"] == run.id and regional["offer_id"] == offer.id
    assert regional["countries"] == ["LAO", "MYS", "PHL"]
    assert regional["need_ids"] == sorted(n.id for n in genomics)
    assert regional["theme"] is None and regional["suggested_host"] is None
    assert regional["category"] == "genomics-bioinformatics"
    assert regional["sub_region"] == "south-east-asia"
    assert regional["kind_label"] == "One offer for several countries"
    assert regional["reason"].startswith("One offer for 3 countries")
    assert 0 < regional["score"] <= 100
    assert regional["outcome"] == "Not taken up yet."
    assert regional["acted_on"] is False and regional["call_id"] is None

    assert hub["offer_id"] is None
    assert hub["countries"] == ["KHM", "LAO", "MYS", "PHL"]
    assert hub["need_ids"] == sorted(n.id for n in vaccines)
    assert hub["theme"] and hub["suggested_host"] in hub["countries"]
    assert hub["category"] == "vaccine-manufacturing"
    assert hub["sub_region"] == "south-east-asia"
    assert "similarity" not in hub["reason"]  # in words, as the page says it
    assert hub["outcome"] == "Not raised with partners yet."


def test_what_came_of_a_hub_is_what_the_page_says(app, api_as, make, proposals):
    api = api_as(Role.ADMIN)
    hub = _by_kind(api.get(PROPOSALS).get_json()["items"])["hub"][0]
    call = hub_calls.raise_call(
        api.user, hub["id"], "Write to us.", link_for=lambda i: f"/calls/{i}"
    )
    db.session.rollback()
    hub = _by_kind(api.get(PROPOSALS).get_json()["items"])["hub"][0]
    assert hub["acted_on"] is True and hub["call_id"] == call.id
    assert hub["outcome"].startswith("Raised with partners on ")
    assert hub["outcome"].endswith("the call is open.")
    page = sign_in_as(app.test_client(), api.user).get("/region/cooperation").text
    assert hub["outcome"] in page


def test_filters_by_kind_and_sub_region(api_as, proposals):
    api = api_as(Role.FACILITATOR)
    hubs = api.get(f"{PROPOSALS}?kind=hub").get_json()
    assert [item["kind"] for item in hubs["items"]] == ["hub"]
    assert hubs["pagination"]["total"] == 1
    offers = api.get(f"{PROPOSALS}?kind=regional-offer&sub_region=south-east-asia")
    assert [item["kind"] for item in offers.get_json()["items"]] == ["regional-offer"]
    elsewhere = api.get(f"{PROPOSALS}?sub_region=south-south-west-asia")
    assert elsewhere.status_code == 200 and elsewhere.get_json()["items"] == []
    paged = api.get(f"{PROPOSALS}?per_page=1&page=2").get_json()
    assert len(paged["items"]) == 1 and paged["pagination"]["pages"] == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=offer", "kind"),
        ("kind=", "kind"),
        ("sub_region=atlantis", "sub_region"),
        ("sub_region=South-East-Asia", "sub_region"),
        ("sub_region=%00", "sub_region"),
        ("per_page=500", "per_page"),
        ("region=south-east-asia", "region"),
    ],
)
def test_bad_filters_are_422_on_their_field(api_as, query, field):
    response = api_as(Role.FACILITATOR).get(f"{PROPOSALS}?{query}")
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert set(response.get_json()["errors"]) == {field}


def test_no_run_yet_means_no_proposals(api_as):
    body = api_as(Role.ADMIN).get(PROPOSALS).get_json()
    assert body["items"] == [] and body["pagination"]["total"] == 0


@pytest.mark.parametrize(
    ("role", "kwargs"),
    [(Role.FOCAL_POINT, {"country": "PHL"}), (Role.PARTNER, {})],
)
def test_focal_points_and_partners_are_refused_as_on_the_page(
    app, api_as, make, proposals, role, kwargs
):
    """Even a focal point whose country is in a proposal: the page is staff's."""
    api = api_as(role, **kwargs)
    response = api.get(PROPOSALS)
    assert response.status_code == 403 and response.mimetype == PROBLEM
    page = sign_in_as(app.test_client(), api.user).get("/region/cooperation")
    assert page.status_code == 403
