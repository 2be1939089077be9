"""Hypothesis over the raise form: whatever is posted, no 5xx; either one call is
written (a redirect) or nothing at all (a 422, or a 409 for a hub raised before)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import HubCall, Notification, Role
from tests.calls.conftest import count
from tests.conftest import sign_in_as

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Any text a browser could send (surrogates cannot be encoded as UTF-8 at all).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOTES = st.one_of(
    st.text(min_size=1, max_size=200),
    ANY_TEXT,
    st.sampled_from(["", " ", "\n\t", "ok\x00", "\x7f", "a" * 2000, "a" * 2001]),
    st.text(st.sampled_from("ab \n\r\t\x0b\x1f"), min_size=1995, max_size=2010),
)
FORMS = st.fixed_dictionaries(
    {"note": NOTES},
    optional={
        "status": st.sampled_from(["closed", "open"]),
        "proposal_id": st.integers().map(str),
        "raised_by_id": st.just("1"),
    },
)


@pytest.fixture
def staff(app, make):
    """A facilitator and their client, one for the whole test."""
    user = make.user(Role.FACILITATOR)
    return user.id, sign_in_as(app.test_client(), user)


@FUZZ
@given(data=FORMS, again=st.booleans())
def test_raise_form_never_fails_and_never_half_writes(
    staff, make_hub, data, again
) -> None:
    staff_id, client = staff
    raised = db.session.scalars(select(HubCall.proposal_id)).all()
    proposal_id = raised[0] if again and raised else make_hub().id
    calls, notes = count(HubCall), count(Notification)
    response = client.post(f"/calls/raise/{proposal_id}", data=data)
    event(f"answered {response.status_code}")
    if proposal_id in raised:
        assert response.status_code == 409
    else:
        assert response.status_code in (302, 422)
    if response.status_code != 302:
        assert (count(HubCall), count(Notification)) == (calls, notes)
        return
    assert count(HubCall) == calls + 1
    call = db.session.scalar(select(HubCall).where(HubCall.proposal_id == proposal_id))
    assert call.note == data["note"].strip() and 0 < len(call.note) <= 2000
    assert not CONTROL.search(call.note)
    # Status, hub and raiser come from the request's target and user, never the body.
    assert call.status.value == "open" and call.raised_by_id == staff_id
