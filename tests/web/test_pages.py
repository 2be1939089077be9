"""The listing and admin pages as people use them: filters, pages, conflicts,
navigation, taxonomy retirement and the audit viewer."""

from __future__ import annotations

import re

from matchmaker.models import Category, NeedStatus, OfferStatus, Role
from tests.web.conftest import versions

NEED = {
    "title": "Pathogen genomics",
    "category": "genomics-bioinformatics",
    "support_types": "technical",
    "priority": "high",
}


def _titles(page: str) -> list[str]:
    return re.findall(r'<td><a href="/(?:needs|offers)/\d+">([^<]+)</a></td>', page)


def test_list_filters_by_country_category_and_status(as_role, make):
    make.need(country="NPL", title="Nepal open")
    make.need(country="BGD", title="Bangladesh open")
    make.need(country="BGD", title="Bangladesh draft", status=NeedStatus.DRAFT)
    make.need(country="BGD", title="Bangladesh vaccines",
              category="vaccine-manufacturing")  # fmt: skip
    client = as_role(Role.FACILITATOR)
    page = client.get("/needs/?country=BGD&status=open").get_data(as_text=True)
    assert sorted(_titles(page)) == ["Bangladesh open", "Bangladesh vaccines"]
    page = client.get("/needs/?category=vaccine-manufacturing").get_data(as_text=True)
    assert _titles(page) == ["Bangladesh vaccines"]


def test_bad_filter_values_are_reported_and_ignored(as_role, make):
    make.need(country="NPL", title="Still listed")
    response = as_role(Role.FACILITATOR).get("/needs/?country=XXX&status=%00&page=x")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Not a valid choice" in page and _titles(page) == ["Still listed"]


def test_focal_point_list_shows_only_their_country(as_role, make):
    make.need(country="NPL", title="Ours", status=NeedStatus.DRAFT)
    make.need(country="BGD", title="Theirs")
    client = as_role(Role.FOCAL_POINT, country="NPL")
    assert _titles(client.get("/needs/").get_data(as_text=True)) == ["Ours"]
    # Asking for another country's needs by filter yields nothing, not a leak.
    assert _titles(client.get("/needs/?country=BGD").get_data(as_text=True)) == []


def test_partner_sees_published_needs_and_own_offers(as_role, make):
    org = make.organisation("Own")
    make.need(country="BGD", title="Open need")
    make.need(country="BGD", title="Draft need", status=NeedStatus.DRAFT)
    make.offer(organisation=org, title="Own offer")
    make.offer(title="Foreign offer")
    client = as_role(Role.PARTNER, organisation=org)
    assert _titles(client.get("/needs/").get_data(as_text=True)) == ["Open need"]
    assert _titles(client.get("/offers/").get_data(as_text=True)) == ["Own offer"]


def test_pagination(as_role, make):
    for number in range(30):
        make.need(country="NPL", title=f"Need {number:02d}")
    client = as_role(Role.FACILITATOR)
    first = client.get("/needs/?country=NPL").get_data(as_text=True)
    second = client.get("/needs/?country=NPL&page=2").get_data(as_text=True)
    assert len(_titles(first)) == 25 and len(_titles(second)) == 5
    assert not set(_titles(first)) & set(_titles(second))
    assert "page=2" in first and "country=NPL" in first  # the pager keeps filters
    far = client.get("/needs/?page=999999999999").get_data(as_text=True)
    assert _titles(far) == []


def test_create_edit_publish_journey(as_role):
    client = as_role(Role.FOCAL_POINT, country="NPL")
    form = client.get("/needs/new").get_data(as_text=True)
    assert '<label for="title">Title</label>' in form
    assert 'name="country"' not in form and 'name="status"' not in form
    response = client.post("/needs/new", data=NEED)
    detail_url = response.headers["Location"]
    detail = client.get(detail_url).get_data(as_text=True)
    assert "Pathogen genomics" in detail and "draft" in detail and "Publish" in detail
    edit = client.get(f"{detail_url}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in edit
    saved = client.post(f"{detail_url}/edit", data={**NEED, "title": "Renamed",
                                                   "version": "1"})  # fmt: skip
    assert saved.status_code == 302
    published = client.post(f"{detail_url}/publish", data={"version": "2"})
    assert published.status_code == 302
    assert "open" in client.get(detail_url).get_data(as_text=True)


def test_stale_edit_is_refused_with_409_and_overwrites_nothing(as_role, make):
    focal = make.user(Role.FOCAL_POINT, country="NPL")
    need = make.need(country="NPL", title="Original", status=NeedStatus.DRAFT)
    from tests.conftest import sign_in_as

    first, second = (sign_in_as(make_client(), focal) for _ in range(2))
    url = f"/needs/{need.id}/edit"
    assert (
        first.post(url, data={**NEED, "title": "First", "version": "1"}).status_code
        == 302
    )
    before = versions()
    response = second.post(url, data={**NEED, "title": "Second", "version": "1"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this need" in page
    assert 'value="Second"' in page  # the user's typing is not lost
    assert versions() == before
    stale_publish = first.post(f"/needs/{need.id}/publish", data={"version": "1"})
    assert stale_publish.status_code == 409


def make_client():
    from flask import current_app

    return current_app.test_client()


def test_navigation_by_role(as_role):
    admin_page = as_role(Role.ADMIN).get("/needs/").get_data(as_text=True)
    for link in ("Needs", "Offers", "Organisations", "Taxonomy", "Audit log"):
        assert f">{link}</a>" in admin_page
    focal_page = as_role(Role.FOCAL_POINT).get("/needs/").get_data(as_text=True)
    assert ">Needs</a>" in focal_page and ">Taxonomy</a>" not in focal_page
    assert "Post a need" in focal_page
    partner_page = as_role(Role.PARTNER).get("/needs/").get_data(as_text=True)
    assert "Post a need" not in partner_page


def test_retired_category_leaves_choices_but_stays_on_its_listings(as_role, make):
    from sqlalchemy import select

    from matchmaker.extensions import db

    need = make.need(country="NPL", category="incubator", status=NeedStatus.DRAFT)
    category = db.session.scalar(select(Category).where(Category.slug == "incubator"))
    admin = as_role(Role.ADMIN)
    url = f"/admin/taxonomy/categories/{category.id}/deactivate"
    assert admin.post(url).status_code == 302
    assert "Retired" in admin.get("/admin/taxonomy").get_data(as_text=True)
    focal = as_role(Role.FOCAL_POINT, country="NPL")
    assert 'value="incubator"' not in focal.get("/needs/new").get_data(as_text=True)
    edit = focal.get(f"/needs/{need.id}/edit").get_data(as_text=True)
    assert 'selected value="incubator"' in edit and "(retired)" in edit
    refused = focal.post("/needs/new", data={**NEED, "category": "incubator"})
    assert refused.status_code == 422


def test_admin_edits_category_label_and_related(as_role, make):
    from sqlalchemy import select

    from matchmaker.extensions import db

    category = db.session.scalar(select(Category).where(Category.slug == "incubator"))
    admin = as_role(Role.ADMIN)
    data = {"label": "Incubators", "description": "Start-ups.",
            "related": ["rd-institute", "clinical-trials"]}  # fmt: skip
    url = f"/admin/taxonomy/categories/{category.id}/edit"
    assert admin.post(url, data=data).status_code == 302
    db.session.expire_all()
    category = db.session.get(Category, category.id)
    assert category.label == "Incubators"
    assert {c.slug for c in category.related} == {"rd-institute", "clinical-trials"}


def test_audit_viewer_filters_and_shows_utc(as_role, make):
    admin = as_role(Role.ADMIN)
    focal = as_role(Role.FOCAL_POINT, country="NPL")
    focal.post("/needs/new", data=NEED)
    focal.get("/admin/audit")  # refused, and audited
    page = admin.get("/admin/audit?outcome=denied").get_data(as_text=True)
    assert "<code>access.denied</code>" in page
    assert "<code>need.create</code>" not in page
    page = admin.get("/admin/audit?action=need.create").get_data(as_text=True)
    assert "<code>need.create</code>" in page and "UTC" in page
    page = admin.get("/admin/audit?actor=nobody%25").get_data(as_text=True)
    assert "No events" in page


def test_unknown_listing_is_404(as_role):
    client = as_role(Role.FACILITATOR)
    assert client.get("/needs/999999").status_code == 404
    assert client.get("/offers/999999").status_code == 404


def test_listings_a_user_may_not_see_answer_as_if_missing(as_role, make):
    from matchmaker.models import Outcome
    from tests.auth.conftest import audit_events

    theirs = make.need(country="BGD", title="Theirs", status=NeedStatus.DRAFT)
    foreign_draft = make.offer(title="Their draft offer", status=OfferStatus.DRAFT)
    missing = max(theirs.id, foreign_draft.id) + 1000
    focal = as_role(Role.FOCAL_POINT, country="NPL")
    for path in (f"/needs/{theirs.id}", f"/needs/{theirs.id}/edit"):
        assert focal.get(path).status_code == focal.get(f"/needs/{missing}").status_code
        assert focal.get(path).status_code == 404
    assert focal.post(f"/needs/{theirs.id}/publish").status_code == 404
    assert as_role(Role.PARTNER).get(f"/offers/{foreign_draft.id}").status_code == 404
    denied = [e for e in audit_events("access.denied") if e.outcome is Outcome.DENIED]
    assert denied, "concealed refusals are still audited"


def test_visible_listing_that_is_not_yours_is_forbidden(as_role, make):
    open_need = make.need(country="BGD", title="Open, not yours")
    partner = as_role(Role.PARTNER)
    assert partner.get(f"/needs/{open_need.id}").status_code == 200
    assert partner.get(f"/needs/{open_need.id}/edit").status_code == 403
