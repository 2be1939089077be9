"""Hypothesis over the choices above the region's pictures: whatever the query
string holds, every page answers 200 (a bad choice is reported and ignored), the
downloads stay CSV, and nothing is written."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, NeedStatus, OfferStatus, Role
from tests.conftest import sign_in_as

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)


def _maybe(*valid: str) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(valid), ANY_TEXT)


CHOICES = st.fixed_dictionaries(
    {},
    optional={
        "measure": _maybe("unmet", "open", "covered", "all"),
        "sub_region": _maybe("south-east-asia", "pacific", ""),
        "support_type": _maybe("financial", "technical", ""),
        "category": _maybe("testing-laboratory", "incubator", ""),
        "by": _maybe("country", "sub-region"),
        "page": ANY_TEXT,
    },
)
PAGES = (
    "/region/gaps",
    "/region/gaps.csv",
    "/region/landscape",
    "/region/landscape.csv",
    "/region/network",
    "/region/progress",
    "/region/report/",
)


@pytest.fixture
def staff_client(client, make):
    """A facilitator's client over a few listings of two countries."""
    make.need(country="NPL", status=NeedStatus.OPEN)
    make.need(country="BGD", status=NeedStatus.OPEN)
    make.offer(status=OfferStatus.OPEN)
    return sign_in_as(client, make.user(Role.FACILITATOR))


@FUZZ
@given(choices=CHOICES, path=st.sampled_from(PAGES))
def test_any_choice_gets_a_page_and_writes_nothing(staff_client, choices, path):
    client = staff_client
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    response = client.get(path, query_string=choices)
    assert response.status_code == 200, (path, choices)
    if path.endswith(".csv"):
        assert response.mimetype == "text/csv"
    else:
        assert response.mimetype == "text/html"
    db.session.rollback()
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before
