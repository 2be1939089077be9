"""The "Contact and notifications" form on the account page: saved and audited
when valid; a plain error (422) and no write at all when not, whatever is posted."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.forms.contact import MAX_DIGITS, MIN_DIGITS
from matchmaker.models import AuditEvent, EmailPreference, Role, User
from tests.conftest import sign_in_as

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
PHONEISH = st.one_of(
    st.sampled_from(["", " ", "+977 1 4123456", "(02) 9876-5432", "12345",
                     "+1234567890123456", "+", "++977 1234567", "077 12\x00345",
                     "+63 2 8123 4567 ext 5", "१२३४५६७८", "0" * 41]),
    st.from_regex(r"\+?[0-9 ()./-]{0,45}", fullmatch=True),
    st.from_regex(r"\+?[1-9][0-9 ]{7,14}", fullmatch=True),
    ANY_TEXT,
)  # fmt: skip
VALID_PREFERENCE = st.sampled_from(["immediately", "daily", "never"])
PREFERENCES = st.one_of(
    VALID_PREFERENCE,
    VALID_PREFERENCE,
    st.sampled_from(["", "Daily", "weekly", "daily "]),
    ANY_TEXT,
)


def _account(user_id: int) -> tuple:
    db.session.rollback()
    user = db.session.get(User, user_id, populate_existing=True)
    audits = db.session.scalar(select(func.count()).select_from(AuditEvent))
    return user.phone, user.email_preference, audits


def test_the_account_page_shows_the_form_and_why(client, make):
    user = make.user(Role.PARTNER)
    sign_in_as(client, user)
    html = client.get("/account").get_data(as_text=True)
    assert "Contact and notifications" in html
    assert "only after a facilitator introduces you" in html
    for label in ("Immediately", "Once a day", "Never"):
        assert f">{label}</label>" in html
    assert re.search(r'<input checked [^>]*value="immediately"', html)


def test_valid_input_is_saved_and_audited_without_the_number(client, make):
    user = make.user(Role.PARTNER)
    sign_in_as(client, user)
    response = client.post(
        "/account/contact",
        data={"phone": "  +977   1 4123456 ", "email_preference": "daily"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account#contact")
    phone, preference, _ = _account(user.id)
    assert (phone, preference) == ("+977 1 4123456", EmailPreference.DAILY)
    [audit] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.contact_settings")
    )
    assert audit.actor_id == user.id
    assert audit.details == {
        "phone": "added",
        "email_preference": {"before": "immediately", "after": "daily"},
    }
    page = client.get("/account").get_data(as_text=True)
    assert "are saved" in page and 'value="+977 1 4123456"' in page


def test_saving_the_same_values_writes_nothing(client, make):
    user = make.user(Role.PARTNER)
    sign_in_as(client, user)
    before = _account(user.id)
    response = client.post("/account/contact", data={"email_preference": "immediately"})
    assert response.status_code == 302
    assert _account(user.id) == before


def test_bad_phone_gets_a_plain_message_and_nothing_changes(client, make):
    user = make.user(Role.PARTNER)
    sign_in_as(client, user)
    before = _account(user.id)
    response = client.post(
        "/account/contact", data={"phone": "call me", "email_preference": "never"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Use digits, spaces, brackets and dashes only" in html
    assert 'aria-invalid="true"' in html
    assert _account(user.id) == before


def test_missing_preference_gets_a_plain_message(client, make):
    user = make.user(Role.PARTNER)
    sign_in_as(client, user)
    response = client.post("/account/contact", data={"phone": ""})
    assert response.status_code == 422
    assert "Choose when to get notifications by email" in response.get_data(
        as_text=True
    )


def _valid_phone(phone: str) -> bool:
    digits = sum(ch.isdigit() for ch in phone)
    return phone == "" or (
        len(phone) <= 40
        and re.fullmatch(r"\+?[0-9][0-9 ()./-]*", phone) is not None
        and MIN_DIGITS <= digits <= MAX_DIGITS
    )


@FUZZ
@given(phone=PHONEISH, preference=PREFERENCES)
def test_contact_form_never_fails_and_never_writes_invalid_input(
    app, make, phone, preference
):
    client = app.test_client()
    user = make.user(Role.FOCAL_POINT, country="NPL")
    sign_in_as(client, user)
    before = _account(user.id)
    response = client.post(
        "/account/contact", data={"phone": phone, "email_preference": preference}
    )
    event(f"answered {response.status_code}")
    assert response.status_code in (302, 422)
    after = _account(user.id)
    if response.status_code == 422:
        assert after == before
        return
    saved_phone, saved_preference, _ = after
    assert _valid_phone(saved_phone)
    assert saved_phone == " ".join(phone.split())
    assert saved_preference.value == preference
