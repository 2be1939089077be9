"""Hypothesis over the token form: whatever is posted, no 5xx, and either one valid
token is made and shown (200) or nothing at all, with a form error (422)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import ApiToken, TokenScope
from tests.conftest import sign_in_as

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Any text a browser could send (surrogates cannot be encoded as UTF-8 at all).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
DAYS = st.one_of(
    st.integers(-5, 400).map(str),
    st.sampled_from(["", " 30 ", "1e3", "3.5", "0x10", "1_0", "٣", "9" * 5000,
                     "-0", "+7", "NaN"]),
    ANY_TEXT,
)  # fmt: skip
FIELDS = st.fixed_dictionaries(
    {
        "name": st.one_of(st.text(min_size=1, max_size=90), ANY_TEXT),
        "scope": st.one_of(st.sampled_from(["read", "read-write"]), ANY_TEXT),
        "days": DAYS,
    }
)
# Sometimes a field is not sent at all, as a hand-made request may do.
FORMS = st.tuples(FIELDS, st.sets(st.sampled_from(["name", "scope", "days"]))).map(
    lambda pair: {k: v for k, v in pair[0].items() if k not in pair[1]}
)


@pytest.fixture
def fuzz_client(app, holder):
    """One signed-in client for every example."""
    return sign_in_as(app.test_client(), holder)


def _count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(ApiToken))


@FUZZ
@given(data=FORMS)
def test_token_form_never_fails_and_never_half_writes(fuzz_client, data) -> None:
    before = _count()
    response = fuzz_client.post("/account/api-tokens", data=data)
    event(f"answered {response.status_code}")
    assert response.status_code in (200, 422)
    html = response.get_data(as_text=True)
    if response.status_code == 422:
        assert _count() == before
        assert "There is a problem" in html and "Copy it now" not in html
        return
    assert _count() == before + 1
    token = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    assert token.name == token.name.strip() and 0 < len(token.name) <= 80
    assert "\x00" not in token.name
    assert token.scope in (TokenScope.READ, TokenScope.READ_WRITE)
    assert timedelta(days=1) <= token.expires_at - token.created_at
    assert token.expires_at - token.created_at <= timedelta(days=365)
    assert "Copy it now: it will not be shown again" in html
    assert response.headers["Cache-Control"] == "no-store"
