"""The needs API: the pages' scope and rules, tags on every change, strict bodies,
and the text search of the needs list (service and API)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from matchmaker.dac_codes import codes_for
from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    Category,
    Need,
    NeedStatus,
    Role,
    TokenScope,
)
from matchmaker.services import needs, taxonomy
from matchmaker.services.listing import ListingConflict
from matchmaker.services.needs import NEED_ACTIONS, NeedFilters
from tests.api.conftest import etag_of
from tests.conftest import sign_in_as
from tests.web.conftest import count

PROBLEM = "application/problem+json"
LATER = (date.today() + timedelta(days=90)).isoformat()
BODY = {
    "title": "Genomic surveillance laboratory",
    "description": "Sequencers and training for pathogen genomics.",
    "category": "testing-laboratory",
    "support_types": ["technical", "equipment"],
    "priority": "high",
    "budget_usd": 250000.5,
    "deadline": LATER,
}
FACTORY_TITLE = "RT-PCR testing laboratory for the national public health lab"
NEED_FIELDS = {
    "id", "title", "description", "status", "country", "category", "support_types",
    "priority", "budget_usd", "deadline", "created_at", "updated_at", "version",
    "dac_codes", "links",
}  # fmt: skip


def _fresh(need: Need) -> Need:
    """The need as the database holds it now."""
    db.session.rollback()
    found = db.session.get(Need, need.id)
    assert found is not None
    return found


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


# The text search of the service ------------------------------------------------


def _search(user, text: str, **filters) -> list[str]:
    query = needs.filtered(user, NeedFilters(text=text, **filters))
    return [need.title for need in db.session.scalars(query)]


def test_search_needs_every_word_in_title_description_or_country_name(make) -> None:
    staff = make.user(Role.FACILITATOR)
    make.need(country="BGD", title="Genomic sequencing hub", description="Labs")
    make.need(country="NPL", title="Vaccine cold chain", description="Genomic data")
    make.need(country="THA", title="Clinical trials unit", description="Ethics")
    assert sorted(_search(staff, "GENOMIC")) == [
        "Genomic sequencing hub",
        "Vaccine cold chain",
    ]
    assert _search(staff, "genomic nepal") == ["Vaccine cold chain"]
    assert _search(staff, "thailand ETHICS") == ["Clinical trials unit"]
    assert _search(staff, "genomic thailand") == []
    assert _search(staff, "  ") == _search(staff, "") and len(_search(staff, "")) == 3


def test_search_takes_percent_and_underscore_literally(make) -> None:
    staff = make.user(Role.ADMIN)
    make.need(title="Coverage to 95% of districts", description="")
    make.need(title="Coverage to 95 of districts", description="")
    make.need(title="Field_lab kits", description="")
    make.need(title="Fieldxlab kits", description="")
    assert _search(staff, "95%") == ["Coverage to 95% of districts"]
    assert _search(staff, "%") == ["Coverage to 95% of districts"]
    assert _search(staff, "field_lab") == ["Field_lab kits"]
    assert _search(staff, "_") == ["Field_lab kits"]


def test_search_keeps_the_order_and_the_scope(make) -> None:
    partner = make.user(Role.PARTNER)
    focal = make.user(Role.FOCAL_POINT, country="BGD")
    first = make.need(country="BGD", title="Laboratory one")
    make.need(country="BGD", title="Laboratory draft", status=NeedStatus.DRAFT)
    make.need(country="NPL", title="Laboratory two")
    make.need(country="BGD", title="Laboratory three")
    with_text = _search(partner, "laboratory")
    assert with_text == [
        n.title for n in db.session.scalars(needs.filtered(partner, NeedFilters()))
    ]
    assert with_text == ["Laboratory three", "Laboratory two", "Laboratory one"]
    assert _search(focal, "laboratory") == [
        "Laboratory three",
        "Laboratory draft",
        "Laboratory one",
    ]
    assert _search(focal, "laboratory", status=NeedStatus.OPEN, country="BGD") == [
        "Laboratory three",
        first.title,
    ]


def test_search_matches_text_beyond_ascii_in_the_case_it_was_written(make) -> None:
    """Case folding beyond ASCII is the database's (SQLite folds ASCII only)."""
    staff = make.user(Role.ADMIN)
    make.need(title="Évaluation des laboratoires", description="Ärzte und Technik")
    assert _search(staff, "Évaluation") == ["Évaluation des laboratoires"]
    assert _search(staff, "LABORATOIRES Ärzte") == ["Évaluation des laboratoires"]
    assert _search(staff, "Ärzte Ärzte") == ["Évaluation des laboratoires"]


# Listing -----------------------------------------------------------------------


def test_each_role_lists_what_the_needs_pages_show(make, api_as) -> None:
    make.need(country="BGD", title="Open BGD")
    make.need(country="BGD", title="Draft BGD", status=NeedStatus.DRAFT)
    make.need(country="NPL", title="Open NPL")
    make.need(country="NPL", title="Withdrawn NPL", status=NeedStatus.WITHDRAWN)
    focal = api_as(Role.FOCAL_POINT, country="BGD")
    assert sorted(_titles(focal.get("/api/v1/needs"))) == ["Draft BGD", "Open BGD"]
    partner = api_as(Role.PARTNER)
    assert sorted(_titles(partner.get("/api/v1/needs"))) == ["Open BGD", "Open NPL"]
    assert len(_titles(api_as(Role.FACILITATOR).get("/api/v1/needs"))) == 4
    assert len(_titles(api_as(Role.ADMIN).get("/api/v1/needs"))) == 4


def test_filters_narrow_the_list(make, api_as) -> None:
    make.need(country="BGD", title="Sequencing hub BGD", category="testing-laboratory")
    make.need(country="NPL", title="Vaccine plant", category="vaccine-manufacturing")
    make.need(country="NPL", title="Sequencing hub NPL", status=NeedStatus.DRAFT)
    api = api_as(Role.ADMIN)
    assert _titles(api.get("/api/v1/needs?country=BGD")) == ["Sequencing hub BGD"]
    assert _titles(api.get("/api/v1/needs?category=vaccine-manufacturing")) == [
        "Vaccine plant"
    ]
    assert _titles(api.get("/api/v1/needs?status=draft")) == ["Sequencing hub NPL"]
    assert _titles(api.get("/api/v1/needs?q=sequencing+NEPAL")) == [
        "Sequencing hub NPL"
    ]
    assert _titles(api.get("/api/v1/needs?q=sequencing&status=open&country=NPL")) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=XXX", "country"),
        ("country=USA", "country"),
        ("country=npl", "country"),
        ("category=no-such-category", "category"),
        ("category=Testing", "category"),
        ("status=closed", "status"),
        ("q=%00", "q"),
        ("q=" + "x" * 201, "q"),
        ("page=0", "page"),
        ("per_page=101", "per_page"),
        ("per_page=ten", "per_page"),
        ("colour=red", "colour"),
    ],
)
def test_bad_filters_are_422_on_their_field(api_as, query: str, field: str) -> None:
    response = api_as(Role.FACILITATOR).get(f"/api/v1/needs?{query}")
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert set(response.get_json()["errors"]) == {field}


def test_pages_are_bounded_and_counted(make, api_as) -> None:
    for number in range(3):
        make.need(title=f"Need {number}")
    api = api_as(Role.ADMIN)
    first = api.get("/api/v1/needs?per_page=2").get_json()
    assert len(first["items"]) == 2
    assert first["pagination"] == {"page": 1, "per_page": 2, "total": 3, "pages": 2}
    second = api.get("/api/v1/needs?per_page=2&page=2").get_json()
    assert [i["title"] for i in second["items"]] == ["Need 0"]
    assert api.get("/api/v1/needs?page=100000").get_json()["items"] == []


# Reading one -------------------------------------------------------------------


def test_a_need_reads_with_every_field_and_its_tag(make, api_as) -> None:
    need = make.need(
        country="BGD",
        category="testing-laboratory",
        support_types=("technical",),
        budget_usd=1200,
        deadline=date(2099, 1, 31),
    )
    response = api_as(Role.PARTNER).get(f"/api/v1/needs/{need.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == NEED_FIELDS
    assert body["country"] == "BGD" and body["status"] == "open"
    assert body["category"] == "testing-laboratory"
    assert body["support_types"] == ["technical"]
    assert body["budget_usd"] == 1200 and body["deadline"] == "2099-01-31"
    assert body["created_at"].endswith("+00:00")
    assert body["dac_codes"] == [
        {"code": c.code, "name": c.name} for c in codes_for("testing-laboratory")
    ]
    assert body["dac_codes"]
    assert body["links"] == {
        "self": f"/api/v1/needs/{need.id}",
        "suggestions": f"/api/v1/needs/{need.id}/suggestions",
    }
    assert response.headers["ETag"].startswith('"')


def test_a_need_without_category_reads_with_nulls(make, api_as) -> None:
    need = make.need(category=None, support_types=())
    body = api_as(Role.ADMIN).get(f"/api/v1/needs/{need.id}").get_json()
    assert body["category"] is None and body["dac_codes"] == []
    assert body["budget_usd"] is None and body["deadline"] is None


def test_a_need_one_may_not_see_is_the_same_404_as_none(make, api_as) -> None:
    need = make.need(country="BGD")
    draft = make.need(country="BGD", status=NeedStatus.DRAFT)
    stranger = api_as(Role.FOCAL_POINT, country="NPL")
    hidden = stranger.get(f"/api/v1/needs/{need.id}")
    missing = stranger.get("/api/v1/needs/2147483000")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()
    assert hidden.mimetype == PROBLEM
    assert api_as(Role.PARTNER).get(f"/api/v1/needs/{draft.id}").status_code == 404


# Creating ----------------------------------------------------------------------


def test_a_focal_point_posts_a_draft_for_their_country(app, api_as) -> None:
    api = api_as(Role.FOCAL_POINT, country="BGD")
    response = api.post("/api/v1/needs", json=BODY)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/needs/{body['id']}"
    assert body["status"] == "draft" and body["country"] == "BGD"
    assert body["budget_usd"] == 250000.5 and body["deadline"] == LATER
    assert body["support_types"] == ["technical", "equipment"]
    need = db.session.get(Need, body["id"])
    assert need.budget_usd == Decimal("250000.50")
    assert need.created_by_id == api.user.id
    assert etag_of(response) == api.get(response.headers["Location"]).headers["ETag"]
    # What the API wrote is what the pages show.
    page = sign_in_as(app.test_client(), api.user).get(f"/needs/{body['id']}")
    assert page.status_code == 200
    assert "Genomic surveillance laboratory" in page.get_data(as_text=True)


def test_defaults_of_a_short_body(api_as) -> None:
    minimal = {k: BODY[k] for k in ("title", "category", "support_types")}
    response = api_as(Role.FOCAL_POINT).post("/api/v1/needs", json=minimal)
    assert response.status_code == 201
    body = response.get_json()
    assert body["priority"] == "medium" and body["description"] == ""
    assert body["budget_usd"] is None and body["deadline"] is None


@pytest.mark.parametrize("role", [Role.PARTNER, Role.FACILITATOR, Role.ADMIN])
def test_only_focal_points_post_needs(api_as, role: Role) -> None:
    before = count(Need)
    response = api_as(role).post("/api/v1/needs", json=BODY)
    assert response.status_code == 403
    assert count(Need) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "NPL"}, "country"),
        ({"status": "open"}, "status"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Lab\x00"}, "title"),
        ({"title": "Lab \ud800"}, "title"),
        ({"title": 7}, "title"),
        ({"description": "Line\x07"}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"category": "no-such-category"}, "category"),
        ({"category": None}, "category"),
        ({"support_types": []}, "support_types"),
        ({"support_types": ["technical", "gifts"]}, "support_types"),
        ({"support_types": "technical"}, "support_types"),
        ({"priority": "urgent"}, "priority"),
        ({"budget_usd": "250000"}, "budget_usd"),
        ({"budget_usd": True}, "budget_usd"),
        ({"budget_usd": -1}, "budget_usd"),
        ({"budget_usd": 10.005}, "budget_usd"),
        ({"budget_usd": 10_000_000_000.01}, "budget_usd"),
        ({"budget_usd": 1e300}, "budget_usd"),
        ({"deadline": "2020-01-01"}, "deadline"),
        ({"deadline": "2101-01-01"}, "deadline"),
        ({"deadline": "31/12/2099"}, "deadline"),
        ({"deadline": 20991231}, "deadline"),
    ],
)
def test_a_refused_field_is_422_on_that_field_and_writes_nothing(
    api_as, change: dict, field: str
) -> None:
    api = api_as(Role.FOCAL_POINT)
    before = count(Need)
    response = api.post("/api/v1/needs", json={**BODY, **change})
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == PROBLEM
    assert set(response.get_json()["errors"]) == {field}
    assert count(Need) == before


def test_a_missing_field_or_a_body_that_is_no_object_is_422(api_as) -> None:
    api = api_as(Role.FOCAL_POINT)
    response = api.post("/api/v1/needs", json={"title": "Only a title"})
    assert set(response.get_json()["errors"]) == {"category", "support_types"}
    assert api.post("/api/v1/needs", json=["a list"]).status_code == 422
    broken = api.post(
        "/api/v1/needs", data="{", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400


def test_a_retired_category_cannot_be_chosen_for_a_new_need(api_as) -> None:
    _retire("incubator")
    response = api_as(Role.FOCAL_POINT).post(
        "/api/v1/needs", json={**BODY, "category": "incubator"}
    )
    assert response.status_code == 422
    assert "incubator" in response.get_json()["errors"]["category"][0]


def _retire(slug: str) -> None:
    db.session.rollback()
    taxonomy.set_active(taxonomy.by_slug(Category, slug), False)


# Changing ----------------------------------------------------------------------


@pytest.fixture
def owned(make, api_as):
    """A focal point of BGD with their client and an open need of BGD."""
    api = api_as(Role.FOCAL_POINT, country="BGD")
    need = make.need(
        country="BGD", created_by=api.user, budget_usd=500, deadline=date(2099, 5, 1)
    )
    return api, need


def test_patch_changes_only_the_fields_sent(owned) -> None:
    api, need = owned
    read = api.get(f"/api/v1/needs/{need.id}")
    response = api.patch(
        f"/api/v1/needs/{need.id}",
        json={"title": "  Renamed  ", "budget_usd": None},
        headers={"If-Match": etag_of(read)},
    )
    assert response.status_code == 200, response.get_json()
    body, before = response.get_json(), read.get_json()
    assert body["title"] == "Renamed" and body["budget_usd"] is None
    assert body["version"] == before["version"] + 1
    for field in ("description", "category", "support_types", "priority", "deadline"):
        assert body[field] == before[field], field
    assert etag_of(response) != etag_of(read)
    assert etag_of(response) == etag_of(api.get(f"/api/v1/needs/{need.id}"))
    assert _fresh(need).title == "Renamed"


def test_patch_needs_a_current_tag(owned) -> None:
    api, need = owned
    url = f"/api/v1/needs/{need.id}"
    missing = api.patch(url, json={"title": "No tag"})
    assert missing.status_code == 428 and missing.mimetype == PROBLEM
    stale_tag = etag_of(api.get(url))
    first = api.patch(url, json={"title": "First"}, headers={"If-Match": stale_tag})
    assert first.status_code == 200
    stale = api.patch(url, json={"title": "Second"}, headers={"If-Match": stale_tag})
    assert stale.status_code == 412
    assert _fresh(need).title == "First"


def test_a_conflict_found_by_the_service_is_412(owned, monkeypatch) -> None:
    api, need = owned

    def conflict(*_args, **_kwargs):
        raise ListingConflict(need.id)

    monkeypatch.setattr(needs, "update", conflict)
    response = api.patch(
        f"/api/v1/needs/{need.id}", json={"title": "x"}, headers={"If-Match": "*"}
    )
    assert response.status_code == 412
    assert "Read it again" in response.get_json()["detail"]


def test_a_patch_that_is_not_json_is_400(owned) -> None:
    api, need = owned
    response = api.patch(
        f"/api/v1/needs/{need.id}",
        data="title=Renamed",
        headers={"If-Match": "*", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "JSON" in response.get_json()["detail"]
    assert _fresh(need).version == 1


def test_an_empty_patch_changes_nothing(owned) -> None:
    api, need = owned
    response = api.patch(f"/api/v1/needs/{need.id}", json={}, headers={"If-Match": "*"})
    assert response.status_code == 200
    assert response.get_json()["version"] == 1 == _fresh(need).version


def test_patch_refusals(owned, make, api_as) -> None:
    api, need = owned
    url, star = f"/api/v1/needs/{need.id}", {"If-Match": "*"}
    other_country = api_as(Role.FOCAL_POINT, country="NPL")
    assert other_country.patch(url, json={"title": "x"}, headers=star).status_code == (
        404
    )
    assert api_as(Role.PARTNER).patch(url, json={}, headers=star).status_code == 403
    assert api_as(Role.ADMIN).patch(url, json={}, headers=star).status_code == 403
    unknown = api.patch(url, json={"country": "NPL"}, headers=star)
    assert unknown.status_code == 422 and set(unknown.get_json()["errors"]) == {
        "country"
    }
    discussed = make.need(country="BGD", status=NeedStatus.IN_DISCUSSION)
    refused = api.patch(
        f"/api/v1/needs/{discussed.id}", json={"title": "x"}, headers=star
    )
    assert refused.status_code == 409
    assert "in discussion" in refused.get_json()["detail"]
    assert (_fresh(need).title, _fresh(need).version) == (FACTORY_TITLE, 1)


def test_a_retired_category_the_need_has_may_stay(owned) -> None:
    api, need = owned
    _retire("testing-laboratory")
    url, star = f"/api/v1/needs/{need.id}", {"If-Match": "*"}
    kept = api.patch(url, json={"title": "Still a laboratory"}, headers=star)
    assert kept.status_code == 200 and kept.get_json()["category"] == (
        "testing-laboratory"
    )
    other = api.patch(url, json={"category": "rd-institute"}, headers=star)
    assert other.status_code == 200
    back = api.patch(url, json={"category": "testing-laboratory"}, headers=star)
    assert back.status_code == 422


def test_a_legacy_need_without_category_must_get_one_when_changed(make, api_as) -> None:
    api = api_as(Role.FOCAL_POINT, country="BGD")
    need = make.need(country="BGD", category=None)
    url, star = f"/api/v1/needs/{need.id}", {"If-Match": "*"}
    refused = api.patch(url, json={"title": "x"}, headers=star)
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"category": ["Choose a category."]}
    fixed = api.patch(url, json={"category": "incubator"}, headers=star)
    assert fixed.status_code == 200


def test_a_read_only_token_cannot_patch(make, api_for) -> None:
    user = make.user(Role.FOCAL_POINT, country="BGD")
    need = make.need(country="BGD")
    api = api_for(user, scope=TokenScope.READ)
    response = api.patch(
        f"/api/v1/needs/{need.id}", json={"title": "x"}, headers={"If-Match": "*"}
    )
    assert response.status_code == 403


# Status actions ----------------------------------------------------------------


def test_every_page_action_has_an_endpoint(app) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    for action in NEED_ACTIONS:
        assert f"api_needs.{action}_need" in endpoints


def test_publish_then_withdraw_with_tags(make, api_as) -> None:
    api = api_as(Role.FOCAL_POINT, country="BGD")
    need = make.need(country="BGD", status=NeedStatus.DRAFT)
    url = f"/api/v1/needs/{need.id}"
    assert api.post(f"{url}/publish").status_code == 428
    tag = etag_of(api.get(url))
    published = api.post(f"{url}/publish", headers={"If-Match": tag})
    assert published.status_code == 200
    assert published.get_json()["status"] == "open"
    assert etag_of(published) != tag
    stale = api.post(f"{url}/withdraw", headers={"If-Match": tag})
    assert stale.status_code == 412
    again = api.post(f"{url}/publish", headers={"If-Match": etag_of(published)})
    assert again.status_code == 409
    assert again.get_json()["detail"] == (
        "This need is open, so it cannot be published. "
        "A need can be published while it is a draft."
    )
    withdrawn = api.post(f"{url}/withdraw", headers={"If-Match": etag_of(published)})
    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["status"] == "withdrawn"
    assert _fresh(need).status is NeedStatus.WITHDRAWN
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == str(need.id))
    ).all()
    assert {"need.publish", "need.withdraw"} <= set(actions)
    final = api.post(f"{url}/withdraw", headers={"If-Match": "*"})
    assert final.status_code == 409
    assert "draft, open or in discussion" in final.get_json()["detail"]


def test_status_actions_of_others_are_refused(make, api_as) -> None:
    need = make.need(country="BGD", status=NeedStatus.DRAFT)
    star = {"If-Match": "*"}
    url = f"/api/v1/needs/{need.id}/publish"
    assert api_as(Role.FOCAL_POINT, country="NPL").post(
        url, headers=star
    ).status_code == (404)
    assert api_as(Role.PARTNER).post(url, headers=star).status_code == 403
    assert api_as(Role.FACILITATOR).post(url, headers=star).status_code == 403
    assert _fresh(need).status is NeedStatus.DRAFT


# Whatever is posted ------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _maybe(valid: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(valid, valid, JSON_VALUES)


FUZZ_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "title": _maybe(st.text(min_size=1, max_size=210)),
        "description": _maybe(st.text(max_size=50)),
        "category": _maybe(st.sampled_from(["testing-laboratory", "incubator", "x"])),
        "support_types": _maybe(
            st.lists(st.sampled_from(["technical", "equipment", "gifts"]), max_size=3)
        ),
        "priority": _maybe(st.sampled_from(["high", "medium", "low"])),
        "budget_usd": _maybe(
            st.decimals(0, 10**11, places=3, allow_nan=False).map(float)
        ),
        "deadline": _maybe(st.dates().map(str)),
        "country": st.sampled_from(["NPL", "THA"]),
    },
)


@pytest.fixture
def fuzz_client(make, api_as):
    """One client for every example (hypothesis reuses the fixture)."""
    api = api_as(Role.FOCAL_POINT, country="BGD")
    return api, make.need(country="BGD", created_by=api.user)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=FUZZ_BODIES)
def test_any_body_is_written_whole_or_refused_never_a_5xx(fuzz_client, body) -> None:
    api, need = fuzz_client
    before = count(Need)
    created = api.post("/api/v1/needs", json=body)
    assert created.status_code in (201, 422), created.get_json()
    assert count(Need) == before + (created.status_code == 201)
    changed = api.patch(
        f"/api/v1/needs/{need.id}", json=body, headers={"If-Match": "*"}
    )
    assert changed.status_code in (200, 422), changed.get_json()
    row = _fresh(need)
    assert row.status is NeedStatus.OPEN and row.country_alpha3 == "BGD"
    assert 0 < len(row.title) <= 200 and "\x00" not in row.title
