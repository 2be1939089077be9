"""Answering a call: /offers/new?call=<id> opens the offer form prefilled."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import HubCall, HubCallStatus, Offer, Role
from tests.calls.conftest import NOTE, count, only_call


def _raise(as_role, hub) -> HubCall:
    as_role(Role.FACILITATOR).post(f"/calls/raise/{hub.id}", data={"note": NOTE})
    return only_call()


def _checked(html: str, name: str) -> set[str]:
    """The values of the checked boxes named ``name``."""
    boxes = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return {
        re.search(r'value="([^"]*)"', box).group(1) for box in boxes if "checked" in box
    }


def _title(html: str) -> str:
    return re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)


def test_the_offer_form_starts_from_the_call(as_role, hub):
    call = _raise(as_role, hub)
    response = as_role(Role.PARTNER).get(f"/offers/new?call={call.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Shared facility for South-East Asia: vaccine, fill, mrna"' in (
        _title(html)
    )
    assert _checked(html, "categories") == {"vaccine-manufacturing"}
    assert _checked(html, "eligible_sub_regions") == {"south-east-asia"}
    assert _checked(html, "eligible_any") == set()
    assert '<option selected value="regional">' in html
    assert "There is a problem" not in html


def test_the_prefilled_form_saves_as_an_ordinary_draft_offer(as_role, hub):
    call = _raise(as_role, hub)
    partner = as_role(Role.PARTNER)
    html = partner.get(f"/offers/new?call={call.id}").text
    data = {
        "title": re.search(r'value="([^"]*)"', _title(html)).group(1),
        "categories": sorted(_checked(html, "categories")),
        "support_types": "technical",
        "eligible_sub_regions": sorted(_checked(html, "eligible_sub_regions")),
        "capacity": "3",
        "modality": "regional",
    }
    response = partner.post(f"/offers/new?call={call.id}", data=data)
    assert response.status_code == 302
    offer = db.session.scalars(select(Offer)).one()
    assert offer.title == "Shared facility for South-East Asia: vaccine, fill, mrna"
    assert [s.slug for s in offer.eligible_sub_regions] == ["south-east-asia"]


def test_posted_values_win_over_the_call(as_role, hub):
    """The call only fills a blank form; what the partner posts is what is saved."""
    call = _raise(as_role, hub)
    data = {
        "title": "My own title",
        "categories": "testing-laboratory",
        "support_types": "technical",
        "eligible_any": "y",
        "capacity": "1",
        "modality": "either",
    }
    response = as_role(Role.PARTNER).post(f"/offers/new?call={call.id}", data=data)
    assert response.status_code == 302
    offer = db.session.scalars(select(Offer)).one()
    assert offer.title == "My own title" and offer.eligible_any


@pytest.mark.parametrize(
    "value", ["", "abc", "-1", "0", "1e3", "999999", "9" * 40, "%00", " ", "١"]
)
def test_an_invalid_call_id_is_ignored(as_role, hub, value):
    _raise(as_role, hub)
    response = as_role(Role.PARTNER).get("/offers/new", query_string={"call": value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Shared facility" not in html and _checked(html, "categories") == set()


def test_a_closed_call_is_ignored(as_role, hub):
    call = _raise(as_role, hub)
    call.status = HubCallStatus.CLOSED
    db.session.commit()
    html = as_role(Role.PARTNER).get(f"/offers/new?call={call.id}").text
    assert "Shared facility" not in html and _checked(html, "categories") == set()


def test_only_partners_reach_the_offer_form_even_with_a_call(as_role, hub):
    call = _raise(as_role, hub)
    for role, kwargs in ((Role.FOCAL_POINT, {"country": "PHL"}), (Role.ADMIN, {})):
        response = as_role(role, **kwargs).get(f"/offers/new?call={call.id}")
        assert response.status_code == 403
    assert count(Offer) == 0
