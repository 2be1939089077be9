"""Form validation against mistakes and hostile input: a clear message next to the
field, a 422, never a 500, and nothing written."""

from __future__ import annotations

import pytest

from matchmaker.models import Need, NeedStatus, Offer, Organisation, Role
from tests.web.conftest import count, versions

NEED = {
    "title": "Cold chain for vaccines",
    "description": "Refrigerators and monitoring.",
    "category": "vaccine-manufacturing",
    "support_types": ["equipment", "technical"],
    "priority": "medium",
    "budget_usd": "50000",
    "deadline": "2099-01-31",
}
OFFER = {
    "title": "GMP training",
    "categories": ["pharmaceutical-production"],
    "support_types": ["capacity-building"],
    "eligible_any": "y",
    "capacity": "5",
    "modality": "bilateral",
    "valid_until": "2099-12-31",
}

BAD_NEEDS = [
    ({"title": ""}, "Enter a title."),
    ({"title": "   "}, "Enter a title."),
    ({"title": "x" * 201}, "200 characters or fewer"),
    ({"title": "x" * 1_000_000}, "200 characters or fewer"),
    ({"title": "Nul\x00byte"}, "control characters"),
    ({"description": "bell\x07"}, "control characters"),
    ({"description": "y" * 10_001}, "10,000 characters"),
    ({"budget_usd": "abc"}, "Not a valid decimal"),
    ({"budget_usd": "NaN"}, "as a number"),
    ({"budget_usd": "sNaN"}, "as a number"),
    ({"budget_usd": "Infinity"}, "as a number"),
    ({"budget_usd": "-1"}, "between 0 and"),
    ({"budget_usd": "1e20"}, "between 0 and"),
    ({"budget_usd": "1e999999999"}, "between 0 and"),
    ({"budget_usd": "10.001"}, "to the cent"),
    ({"deadline": "2027-02-30"}, "YYYY-MM-DD"),
    ({"deadline": "next week"}, "YYYY-MM-DD"),
    ({"deadline": "2027-01-01\x00"}, "YYYY-MM-DD"),
    ({"deadline": "1999-12-31"}, "between 2000 and 2100"),
    ({"deadline": "2001-01-01"}, "or a later one"),
    ({"category": "no-such-category"}, "Not a valid choice"),
    ({"category": ""}, "Choose a category"),
    ({"support_types": ["technical", "bribery"]}, "not a valid choice"),
    ({"support_types": []}, "at least one kind of support"),
    ({"priority": "urgent!!"}, "Not a valid choice"),
]


@pytest.mark.parametrize(("change", "message"), BAD_NEEDS, ids=repr)
def test_bad_need_is_refused_with_a_message(as_role, change, message):
    client = as_role(Role.FOCAL_POINT, country="NPL")
    before = versions()
    response = client.post("/needs/new", data={**NEED, **change})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message.lower() in page.lower()
    assert 'class="error-summary"' in page and "has-error" in page
    assert versions() == before


def test_injected_owner_fields_are_ignored(as_role, make):
    """A focal point cannot post for another country, nor set status or owner."""
    other = make.user(Role.FOCAL_POINT, country="BGD")
    client = as_role(Role.FOCAL_POINT, country="NPL")
    injected = {"country": "BGD", "country_alpha3": "BGD", "status": "matched",
                "created_by_id": str(other.id), "version": "99", "id": "7"}  # fmt: skip
    response = client.post("/needs/new", data={**NEED, **injected})
    assert response.status_code == 302
    (need,) = make_query(Need)
    assert (need.country_alpha3, need.status) == ("NPL", NeedStatus.DRAFT)
    assert need.created_by_id != other.id and need.version == 1


def test_partner_cannot_post_for_another_organisation(as_role, make):
    other_org = make.organisation("Someone else")
    client = as_role(Role.PARTNER)
    injected = {"organisation_id": str(other_org.id), "organisation": "Someone else",
                "status": "open"}  # fmt: skip
    assert client.post("/offers/new", data={**OFFER, **injected}).status_code == 302
    (offer,) = make_query(Offer)
    assert offer.organisation_id != other_org.id
    assert offer.status.value == "draft"


def make_query(model):
    from sqlalchemy import select

    from matchmaker.extensions import db

    db.session.rollback()
    return list(db.session.scalars(select(model)))


BAD_OFFERS = [
    ({"capacity": "0"}, "from 1 to 1000"),
    ({"capacity": "1001"}, "from 1 to 1000"),
    ({"capacity": "1e3"}, "Not a valid integer"),
    ({"capacity": "9" * 5000}, "Not a valid integer"),
    ({"capacity": ""}, "from 1 to 1000"),
    ({"categories": []}, "at least one category"),
    ({"categories": ["nope"]}, "not a valid choice"),
    ({"eligible_any": "", "eligible_countries": []}, "Say who may benefit"),
    ({"eligible_countries": ["BGD"]}, "not both"),
    ({"eligible_any": "", "eligible_countries": ["XXX"]}, "not a valid choice"),
    ({"eligible_any": "", "eligible_sub_regions": ["atlantis"]}, "not a valid choice"),
    ({"modality": "teleport"}, "Not a valid choice"),
    ({"valid_until": "31/12/2099"}, "YYYY-MM-DD"),
    ({"budget_usd": "1,000"}, "Not a valid decimal"),
]


@pytest.mark.parametrize(("change", "message"), BAD_OFFERS, ids=repr)
def test_bad_offer_is_refused_with_a_message(as_role, change, message):
    client = as_role(Role.PARTNER)
    before = versions()
    response = client.post("/offers/new", data={**OFFER, **change})
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()
    assert versions() == before


def test_specific_eligibility_is_saved(as_role):
    client = as_role(Role.PARTNER)
    data = {**OFFER, "eligible_any": "", "eligible_countries": ["NPL", "BTN"],
            "eligible_sub_regions": ["pacific"]}  # fmt: skip
    assert client.post("/offers/new", data=data).status_code == 302
    (offer,) = make_query(Offer)
    assert offer.eligibility_codes == ["BTN", "NPL", "pacific"]


@pytest.mark.parametrize(
    ("change", "message"),
    [({"name": ""}, "Enter the organisation"),
     ({"website": "javascript:alert(1)"}, "https://"),
     ({"website": "https://"}, "https://"),
     ({"country": "ZZZ"}, "Not a valid choice"),
     ({"kind": "cartel"}, "Not a valid choice"),
     ({"name": "Org\x00"}, "control characters")],
    ids=repr,
)  # fmt: skip
def test_bad_organisation_is_refused(as_role, change, message):
    client = as_role(Role.ADMIN)
    data = {"name": "Institut Pasteur", "kind": "research", "country": "FRA",
            "website": "https://www.pasteur.fr", **change}  # fmt: skip
    response = client.post("/admin/organisations/new", data=data)
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()
    assert count(Organisation) == 0


def test_duplicate_organisation_name_is_a_form_error(as_role, make):
    make.organisation("Institut Pasteur")
    client = as_role(Role.ADMIN)
    data = {"name": "institut pasteur", "kind": "research", "country": ""}
    response = client.post("/admin/organisations/new", data=data)
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


@pytest.mark.parametrize("slug", ["Bad Slug", "-lead", "trail-", "a--b", "ü", ""])
def test_bad_slug_is_refused(as_role, slug):
    client = as_role(Role.ADMIN)
    response = client.post(
        "/admin/taxonomy/categories/new", data={"slug": slug, "label": "Label"}
    )
    assert response.status_code == 422


def test_duplicate_slug_is_a_form_error(as_role):
    client = as_role(Role.ADMIN)
    data = {"slug": "testing-laboratory", "label": "Again"}
    response = client.post("/admin/taxonomy/categories/new", data=data)
    assert response.status_code == 422
    assert "already in use" in response.get_data(as_text=True)
