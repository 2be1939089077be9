"""Hypothesis over the need and offer forms: whatever is posted, no 5xx, and either
one valid listing is written (a redirect) or nothing at all (a 422)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Need, NeedStatus, Offer, OfferStatus, Role
from tests.web.conftest import count

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Any text a browser could send (surrogates cannot be encoded as UTF-8 at all).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
NUMBERISH = st.one_of(
    st.sampled_from(["", "0", "1", "-1", "NaN", "Infinity", "1e400", "0.001",
                     "10000000000", "10000000000.01", "1_000", " 7 ", "0x10"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    ANY_TEXT,
)  # fmt: skip
DATEISH = st.one_of(
    st.dates().map(str), st.sampled_from(["2099-02-30", "", "2099-1-1"]), ANY_TEXT
)


def _maybe(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a valid value, sometimes anything."""
    return st.one_of(valid, valid, ANY_TEXT)


def _slugs(*valid: str) -> st.SearchStrategy:
    return st.lists(st.one_of(st.sampled_from(valid), ANY_TEXT), max_size=4)


NEED_FORMS = st.fixed_dictionaries(
    {
        "title": _maybe(st.text(min_size=1, max_size=220)),
        "description": ANY_TEXT,
        "category": _maybe(st.sampled_from(["testing-laboratory", "incubator"])),
        "support_types": _slugs("technical", "financial", "equipment"),
        "priority": _maybe(st.sampled_from(["high", "medium", "low"])),
        "budget_usd": NUMBERISH,
        "deadline": DATEISH,
        "country": st.sampled_from(["BGD", "NPL", "THA"]),
        "status": st.sampled_from(["open", "matched"]),
    }
)
OFFER_FORMS = st.fixed_dictionaries(
    {
        "title": _maybe(st.text(min_size=1, max_size=220)),
        "description": ANY_TEXT,
        "categories": _slugs("testing-laboratory", "clinical-trials"),
        "support_types": _slugs("technical", "financial"),
        "eligible_any": st.sampled_from(["", "y", "false", "on"]),
        "eligible_countries": st.one_of(st.just([]), _slugs("NPL", "BGD", "FJI")),
        "eligible_sub_regions": st.one_of(st.just([]), _slugs("pacific")),
        "capacity": _maybe(st.integers(1, 1000).map(str)) | NUMBERISH,
        "modality": _maybe(st.sampled_from(["bilateral", "regional", "either"])),
        "budget_usd": st.just("") | NUMBERISH,
        "valid_until": st.just("") | DATEISH,
        "organisation_id": st.just("1"),
    }
)


def _check_budget(value: Decimal | None) -> None:
    assert value is None or Decimal(0) <= value <= Decimal(10**10)


@FUZZ
@given(data=NEED_FORMS)
def test_need_form_never_fails_and_never_half_writes(as_role_once, data) -> None:
    client = as_role_once(Role.FOCAL_POINT, country="NPL")
    before = count(Need)
    response = client.post("/needs/new", data=data)
    event(f"answered {response.status_code}")
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert count(Need) == before
        return
    assert count(Need) == before + 1
    need = db.session.scalars(select(Need).order_by(Need.id.desc())).first()
    assert (need.country_alpha3, need.status) == ("NPL", NeedStatus.DRAFT)
    assert 0 < len(need.title) <= 200 and "\x00" not in need.title + need.description
    assert need.category is not None and need.support_types
    _check_budget(need.budget_usd)


@FUZZ
@given(data=OFFER_FORMS)
def test_offer_form_never_fails_and_never_half_writes(as_role_once, data) -> None:
    client = as_role_once(Role.PARTNER)
    before = count(Offer)
    response = client.post("/offers/new", data=data)
    event(f"answered {response.status_code}")
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert count(Offer) == before
        return
    assert count(Offer) == before + 1
    offer = db.session.scalars(select(Offer).order_by(Offer.id.desc())).first()
    assert offer.status is OfferStatus.DRAFT
    assert offer.organisation.name == "Fuzzing partner"
    assert 1 <= offer.capacity <= 1000 and offer.categories and offer.support_types
    assert 0 < len(offer.title) <= 200 and "\x00" not in offer.title
    assert offer.eligible_any != bool(
        offer.eligible_countries or offer.eligible_sub_regions
    )
    _check_budget(offer.budget_usd)
