"""The offers API: the pages' scope and rules, eligibility, tags on every change,
strict bodies, and the text search of the offers list (service and API)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaker.dac_codes import codes_for
from matchmaker.extensions import db
from matchmaker.models import Offer, OfferStatus, Role
from matchmaker.services import offers
from matchmaker.services.listing import ListingConflict
from matchmaker.services.offers import OFFER_ACTIONS, OfferFilters
from tests.api.conftest import etag_of
from tests.api.test_needs import JSON_VALUES
from tests.conftest import sign_in_as
from tests.web.conftest import count

PROBLEM = "application/problem+json"
LATER = (date.today() + timedelta(days=120)).isoformat()
BODY = {
    "title": "Sequencing platform and training",
    "description": "Two sequencers and a bioinformatics course.",
    "categories": ["testing-laboratory", "genomics-bioinformatics"],
    "support_types": ["technical"],
    "eligible_any": False,
    "eligible_countries": ["BGD", "NPL"],
    "eligible_sub_regions": ["pacific"],
    "capacity": 3,
    "modality": "regional",
    "budget_usd": 99.99,
    "valid_until": LATER,
}
OFFER_FIELDS = {
    "id", "title", "description", "status", "organisation", "categories",
    "support_types", "eligible_any", "eligible_countries", "eligible_sub_regions",
    "capacity", "modality", "budget_usd", "valid_until", "created_at", "updated_at",
    "version", "dac_codes", "links",
}  # fmt: skip


def _fresh(offer: Offer) -> Offer:
    """The offer as the database holds it now."""
    db.session.rollback()
    found = db.session.get(Offer, offer.id)
    assert found is not None
    return found


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


# The text search of the service ------------------------------------------------


def _search(user, text: str, **filters) -> list[str]:
    query = offers.filtered(user, OfferFilters(text=text, **filters))
    return [offer.title for offer in db.session.scalars(query)]


def test_search_offers_every_word_in_title_description_or_organisation(make) -> None:
    staff = make.user(Role.FACILITATOR)
    institut = make.organisation("Institut Pasteur")
    make.offer(organisation=institut, title="Vaccine fill-finish", description="")
    make.offer(title="Sequencing course", description="Pasteur method refresher")
    make.offer(title="Calibration lab", description="Metrology")
    assert sorted(_search(staff, "PASTEUR")) == [
        "Sequencing course",
        "Vaccine fill-finish",
    ]
    assert _search(staff, "institut vaccine") == ["Vaccine fill-finish"]
    assert _search(staff, "pasteur course") == ["Sequencing course"]
    assert _search(staff, "pasteur metrology") == []
    assert len(_search(staff, "")) == 3


def test_offer_search_takes_wildcards_literally(make) -> None:
    staff = make.user(Role.ADMIN)
    make.offer(title="Grants up to 100%", description="")
    make.offer(title="Grants up to 100", description="")
    make.offer(title="lab_kits", description="")
    make.offer(title="labxkits", description="")
    assert _search(staff, "100%") == ["Grants up to 100%"]
    assert _search(staff, "lab_kits") == ["lab_kits"]


def test_offer_search_keeps_the_order_and_the_scope(make) -> None:
    focal = make.user(Role.FOCAL_POINT, country="NPL")
    make.offer(title="Training one")
    make.offer(title="Training draft", status=OfferStatus.DRAFT)
    make.offer(title="Training for Bangladesh", eligible_countries=("BGD",))
    make.offer(title="Training two")
    assert _search(focal, "training") == ["Training two", "Training one"]
    assert _search(focal, "training") == [
        o.title for o in db.session.scalars(offers.filtered(focal, OfferFilters()))
    ]


# Listing -----------------------------------------------------------------------


def test_each_role_lists_what_the_offers_pages_show(make, api_as) -> None:
    org_y = make.organisation("Organisation Y")
    make.offer(organisation=org_y, title="Y open")
    make.offer(organisation=org_y, title="Y draft", status=OfferStatus.DRAFT)
    make.offer(organisation=org_y, title="Y for BGD", eligible_countries=("BGD",))
    make.offer(title="Other open")
    make.offer(title="Other closed", status=OfferStatus.CLOSED)
    partner = api_as(Role.PARTNER, organisation=org_y)
    assert sorted(_titles(partner.get("/api/v1/offers"))) == [
        "Y draft",
        "Y for BGD",
        "Y open",
    ]
    npl = api_as(Role.FOCAL_POINT, country="NPL")
    assert sorted(_titles(npl.get("/api/v1/offers"))) == ["Other open", "Y open"]
    bgd = api_as(Role.FOCAL_POINT, country="BGD")
    assert sorted(_titles(bgd.get("/api/v1/offers"))) == [
        "Other open",
        "Y for BGD",
        "Y open",
    ]
    assert len(_titles(api_as(Role.ADMIN).get("/api/v1/offers"))) == 5


def test_country_filter_keeps_offers_eligible_for_it(make, api_as) -> None:
    make.offer(title="Any country")
    make.offer(title="Bangladesh only", eligible_countries=("BGD",))
    make.offer(title="Pacific", eligible_sub_regions=("pacific",))
    make.offer(title="South Asia", eligible_sub_regions=("south-south-west-asia",))
    api = api_as(Role.FACILITATOR)
    assert sorted(_titles(api.get("/api/v1/offers?country=NPL"))) == [
        "Any country",
        "South Asia",
    ]
    assert sorted(_titles(api.get("/api/v1/offers?country=BGD"))) == [
        "Any country",
        "Bangladesh only",
        "South Asia",
    ]
    assert sorted(_titles(api.get("/api/v1/offers?country=FJI"))) == [
        "Any country",
        "Pacific",
    ]


def test_other_offer_filters(make, api_as) -> None:
    make.offer(
        organisation=make.organisation("Karolinska"),
        title="Trial design",
        categories=("clinical-trials",),
    )
    make.offer(title="Closed one", status=OfferStatus.CLOSED)
    api = api_as(Role.ADMIN)
    assert _titles(api.get("/api/v1/offers?category=clinical-trials")) == [
        "Trial design"
    ]
    assert _titles(api.get("/api/v1/offers?status=closed")) == ["Closed one"]
    assert _titles(api.get("/api/v1/offers?q=karolinska")) == ["Trial design"]
    assert _titles(api.get("/api/v1/offers?q=karolinska&status=draft")) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=XXX", "country"),
        ("country=FRA", "country"),
        ("category=nothing", "category"),
        ("status=in_discussion", "status"),
        ("q=a%01b", "q"),
        ("per_page=0", "per_page"),
        ("organisation=1", "organisation"),
    ],
)
def test_bad_offer_filters_are_422(api_as, query: str, field: str) -> None:
    response = api_as(Role.PARTNER).get(f"/api/v1/offers?{query}")
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {field}


# Reading one -------------------------------------------------------------------


def test_an_offer_reads_with_every_field_and_its_tag(make, api_as) -> None:
    org = make.organisation("Organisation Y")
    offer = make.offer(
        organisation=org,
        categories=("testing-laboratory", "genomics-bioinformatics"),
        eligible_countries=("BGD",),
        eligible_sub_regions=("pacific",),
        capacity=4,
        valid_until=date(2099, 12, 31),
    )
    response = api_as(Role.FOCAL_POINT, country="BGD").get(f"/api/v1/offers/{offer.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == OFFER_FIELDS
    assert body["organisation"] == {"id": org.id, "name": "Organisation Y"}
    assert body["categories"] == ["testing-laboratory", "genomics-bioinformatics"]
    assert body["eligible_any"] is False
    assert body["eligible_countries"] == ["BGD"]
    assert body["eligible_sub_regions"] == ["pacific"]
    assert body["capacity"] == 4 and body["modality"] == "either"
    assert body["valid_until"] == "2099-12-31" and body["budget_usd"] is None
    codes = [
        c.code
        for slug in ("testing-laboratory", "genomics-bioinformatics")
        for c in codes_for(slug)
    ]
    assert [c["code"] for c in body["dac_codes"]] == list(dict.fromkeys(codes))
    assert len(codes) > len(body["dac_codes"])  # 12250 is in both, listed once
    assert body["links"] == {
        "self": f"/api/v1/offers/{offer.id}",
        "suggestions": f"/api/v1/offers/{offer.id}/suggestions",
    }
    assert response.headers["ETag"]


def test_an_offer_listing_nobody_reads_as_open_to_any_country(make, api_as) -> None:
    offer = make.offer(eligible_any=False)  # nothing listed: every country
    body = api_as(Role.ADMIN).get(f"/api/v1/offers/{offer.id}").get_json()
    assert body["eligible_any"] is True and body["eligible_countries"] == []


def test_an_offer_one_may_not_see_is_the_same_404_as_none(make, api_as) -> None:
    org_y = make.organisation("Organisation Y")
    draft = make.offer(organisation=org_y, status=OfferStatus.DRAFT)
    bgd_only = make.offer(organisation=org_y, eligible_countries=("BGD",))
    missing = api_as(Role.PARTNER).get("/api/v1/offers/2147483000")
    assert missing.status_code == 404
    for api, offer in (
        (api_as(Role.PARTNER), draft),
        (api_as(Role.FOCAL_POINT, country="BGD"), draft),
        (api_as(Role.FOCAL_POINT, country="NPL"), bgd_only),
    ):
        hidden = api.get(f"/api/v1/offers/{offer.id}")
        assert hidden.status_code == 404
        assert hidden.get_json() == missing.get_json()


# Creating ----------------------------------------------------------------------


def test_a_partner_posts_a_draft_of_their_organisation(app, make, api_as) -> None:
    org = make.organisation("Organisation Y")
    api = api_as(Role.PARTNER, organisation=org)
    response = api.post("/api/v1/offers", json=BODY)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/offers/{body['id']}"
    assert body["status"] == "draft"
    assert body["organisation"] == {"id": org.id, "name": "Organisation Y"}
    assert body["eligible_countries"] == ["BGD", "NPL"]
    assert body["eligible_sub_regions"] == ["pacific"]
    assert body["budget_usd"] == 99.99 and body["valid_until"] == LATER
    offer = db.session.get(Offer, body["id"])
    assert offer.budget_usd == Decimal("99.99") and offer.capacity == 3
    assert etag_of(response) == api.get(response.headers["Location"]).headers["ETag"]
    page = sign_in_as(app.test_client(), api.user).get(f"/offers/{body['id']}")
    assert page.status_code == 200
    assert "Sequencing platform and training" in page.get_data(as_text=True)


def test_defaults_of_a_short_offer(api_as) -> None:
    minimal = {
        "title": "Short",
        "categories": ["incubator"],
        "support_types": ["financial"],
        "eligible_any": True,
    }
    response = api_as(Role.PARTNER).post("/api/v1/offers", json=minimal)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["capacity"], body["modality"]) == (1, "either")
    assert body["eligible_any"] is True and body["eligible_countries"] == []


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.FACILITATOR, Role.ADMIN])
def test_only_partners_post_offers(api_as, role: Role) -> None:
    before = count(Offer)
    assert api_as(role).post("/api/v1/offers", json=BODY).status_code == 403
    assert count(Offer) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organisation_id": 1}, "organisation_id"),
        ({"status": "open"}, "status"),
        ({"capacity": "3"}, "capacity"),
        ({"capacity": 3.5}, "capacity"),
        ({"capacity": True}, "capacity"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 1001}, "capacity"),
        ({"capacity": 10**30}, "capacity"),
        ({"eligible_any": "yes"}, "eligible_any"),
        ({"eligible_any": True}, "eligible_any"),
        (
            {"eligible_countries": [], "eligible_sub_regions": []},
            "eligible_any",
        ),
        ({"eligible_countries": ["USA"]}, "eligible_countries"),
        ({"eligible_countries": ["bgd"]}, "eligible_countries"),
        ({"eligible_sub_regions": ["europe"]}, "eligible_sub_regions"),
        ({"categories": []}, "categories"),
        ({"categories": ["testing-laboratory", "nothing"]}, "categories"),
        ({"support_types": ["gifts"]}, "support_types"),
        ({"modality": "online"}, "modality"),
        ({"budget_usd": "99.99"}, "budget_usd"),
        ({"budget_usd": 0.001}, "budget_usd"),
        ({"valid_until": "2000-01-01"}, "valid_until"),
        ({"title": "\x1b[31mred"}, "title"),
    ],
)
def test_a_refused_offer_field_is_422_on_that_field(
    api_as, change: dict, field: str
) -> None:
    before = count(Offer)
    response = api_as(Role.PARTNER).post("/api/v1/offers", json={**BODY, **change})
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["errors"]) == {field}
    assert count(Offer) == before


def test_refusals_say_what_to_do(api_as) -> None:
    api = api_as(Role.PARTNER)
    body = {**BODY, "categories": [], "support_types": [], "capacity": 0}
    errors = api.post("/api/v1/offers", json=body).get_json()["errors"]
    assert errors == {
        "categories": ["Choose at least one category."],
        "support_types": ["Choose at least one kind of support."],
        "capacity": ["Enter a capacity from 1 to 1000."],
    }
    listed = {**BODY, "eligible_any": True}
    assert api.post("/api/v1/offers", json=listed).get_json()["errors"] == {
        "eligible_any": [
            "Either set eligible_any or list eligible countries and sub-regions, "
            "not both."
        ]
    }


# Changing ----------------------------------------------------------------------


@pytest.fixture
def owned(make, api_as):
    """A partner of organisation Y with their client and an open offer of Y."""
    org = make.organisation("Organisation Y")
    api = api_as(Role.PARTNER, organisation=org)
    offer = make.offer(
        organisation=org, created_by=api.user, eligible_countries=("BGD",)
    )
    return api, offer


def test_patch_changes_only_the_fields_sent(owned) -> None:
    api, offer = owned
    read = api.get(f"/api/v1/offers/{offer.id}")
    response = api.patch(
        f"/api/v1/offers/{offer.id}",
        json={"capacity": 7, "eligible_sub_regions": ["pacific"]},
        headers={"If-Match": etag_of(read)},
    )
    assert response.status_code == 200, response.get_json()
    body, before = response.get_json(), read.get_json()
    assert body["capacity"] == 7
    assert body["eligible_countries"] == ["BGD"]
    assert body["eligible_sub_regions"] == ["pacific"]
    assert body["version"] == before["version"] + 1
    for field in ("title", "categories", "support_types", "modality", "valid_until"):
        assert body[field] == before[field], field
    assert etag_of(response) == etag_of(api.get(f"/api/v1/offers/{offer.id}"))
    assert _fresh(offer).capacity == 7


def test_opening_a_listed_offer_to_every_country_needs_the_lists_emptied(
    owned,
) -> None:
    api, offer = owned
    url, star = f"/api/v1/offers/{offer.id}", {"If-Match": "*"}
    refused = api.patch(url, json={"eligible_any": True}, headers=star)
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]) == {"eligible_any"}
    opened = api.patch(
        url,
        json={"eligible_any": True, "eligible_countries": []},
        headers=star,
    )
    assert opened.status_code == 200
    assert opened.get_json()["eligible_any"] is True
    assert _fresh(offer).eligible_countries == []


def test_offer_patch_needs_a_current_tag(owned) -> None:
    api, offer = owned
    url = f"/api/v1/offers/{offer.id}"
    assert api.patch(url, json={"capacity": 2}).status_code == 428
    tag = etag_of(api.get(url))
    assert api.patch(
        url, json={"capacity": 2}, headers={"If-Match": tag}
    ).status_code == (200)
    stale = api.patch(url, json={"capacity": 9}, headers={"If-Match": tag})
    assert stale.status_code == 412
    assert _fresh(offer).capacity == 2


def test_an_offer_conflict_found_by_the_service_is_412(owned, monkeypatch) -> None:
    api, offer = owned

    def conflict(*_args, **_kwargs):
        raise ListingConflict(offer.id)

    monkeypatch.setattr(offers, "change_status", conflict)
    response = api.post(f"/api/v1/offers/{offer.id}/close", headers={"If-Match": "*"})
    assert response.status_code == 412


def test_offer_patch_refusals(owned, make, api_as) -> None:
    api, offer = owned
    url, star = f"/api/v1/offers/{offer.id}", {"If-Match": "*"}
    stranger = api_as(Role.PARTNER)
    assert stranger.patch(url, json={"capacity": 2}, headers=star).status_code == 404
    bgd = api_as(Role.FOCAL_POINT, country="BGD")
    assert bgd.patch(url, json={"capacity": 2}, headers=star).status_code == 403
    assert api_as(Role.ADMIN).patch(url, json={}, headers=star).status_code == 403
    closed = make.offer(organisation=offer.organisation, status=OfferStatus.CLOSED)
    refused = api.patch(
        f"/api/v1/offers/{closed.id}", json={"capacity": 2}, headers=star
    )
    assert refused.status_code == 409
    assert "closed" in refused.get_json()["detail"]
    assert (_fresh(offer).capacity, _fresh(offer).version) == (1, 1)


# Status actions ----------------------------------------------------------------


def test_every_offer_page_action_has_an_endpoint(app) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    for action in OFFER_ACTIONS:
        assert f"api_offers.{action}_offer" in endpoints


def test_publish_then_close_with_tags(make, owned) -> None:
    api, open_offer = owned
    offer = make.offer(organisation=open_offer.organisation, status=OfferStatus.DRAFT)
    url = f"/api/v1/offers/{offer.id}"
    assert api.post(f"{url}/publish").status_code == 428
    tag = etag_of(api.get(url))
    published = api.post(f"{url}/publish", headers={"If-Match": tag})
    assert published.status_code == 200
    assert published.get_json()["status"] == "open"
    assert api.post(f"{url}/close", headers={"If-Match": tag}).status_code == 412
    again = api.post(f"{url}/publish", headers={"If-Match": etag_of(published)})
    assert again.status_code == 409
    assert again.get_json()["detail"] == (
        "This offer is open, so it cannot be published. "
        "An offer can be published while it is a draft."
    )
    closed = api.post(f"{url}/close", headers={"If-Match": etag_of(published)})
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    final = api.post(f"{url}/close", headers={"If-Match": "*"})
    assert final.status_code == 409
    assert "while it is a draft or open" in final.get_json()["detail"]
    assert _fresh(offer).status is OfferStatus.CLOSED


def test_offer_status_actions_of_others_are_refused(owned, api_as) -> None:
    _api, offer = owned
    url, star = f"/api/v1/offers/{offer.id}/close", {"If-Match": "*"}
    assert api_as(Role.PARTNER).post(url, headers=star).status_code == 404
    assert api_as(Role.FOCAL_POINT, country="BGD").post(
        url, headers=star
    ).status_code == (403)
    assert api_as(Role.FACILITATOR).post(url, headers=star).status_code == 403
    assert _fresh(offer).status is OfferStatus.OPEN


# Whatever is posted ------------------------------------------------------------


def _maybe(valid: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(valid, valid, JSON_VALUES)


FUZZ_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "title": _maybe(st.text(min_size=1, max_size=210)),
        "categories": _maybe(
            st.lists(st.sampled_from(["incubator", "clinical-trials", "x"]), max_size=3)
        ),
        "support_types": _maybe(st.lists(st.sampled_from(["technical", "x"]))),
        "eligible_any": _maybe(st.booleans()),
        "eligible_countries": _maybe(
            st.lists(st.sampled_from(["BGD", "FJI", "USA"]), max_size=3)
        ),
        "eligible_sub_regions": _maybe(st.lists(st.sampled_from(["pacific", "x"]))),
        "capacity": _maybe(st.integers(-5, 2000)),
        "modality": _maybe(st.sampled_from(["bilateral", "regional", "either"])),
        "budget_usd": _maybe(st.integers(-1, 10**11)),
        "valid_until": _maybe(st.dates().map(str)),
    },
)


@pytest.fixture
def fuzz_client(make, api_as):
    """One client and offer for every example (hypothesis reuses the fixture)."""
    org = make.organisation("Fuzzing partner")
    api = api_as(Role.PARTNER, organisation=org)
    return api, make.offer(organisation=org, created_by=api.user)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=FUZZ_BODIES)
def test_any_offer_body_is_written_whole_or_refused(fuzz_client, body) -> None:
    api, offer = fuzz_client
    before = count(Offer)
    created = api.post("/api/v1/offers", json=body)
    assert created.status_code in (201, 422), created.get_json()
    assert count(Offer) == before + (created.status_code == 201)
    changed = api.patch(
        f"/api/v1/offers/{offer.id}", json=body, headers={"If-Match": "*"}
    )
    assert changed.status_code in (200, 422), changed.get_json()
    row = _fresh(offer)
    assert 1 <= row.capacity <= 1000 and row.categories and row.support_types
    assert row.eligible_any != bool(row.eligible_countries or row.eligible_sub_regions)
