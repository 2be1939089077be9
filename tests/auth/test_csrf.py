"""With CSRF on, account writes without a token are refused and change nothing."""

from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.models import Role, User
from tests.auth.conftest import audit_events


@pytest.fixture
def app_config() -> dict:
    return {"WTF_CSRF_ENABLED": True, "MAIL_BACKEND": "locmem"}


def test_sign_in_without_token_is_refused_before_any_check(client, make):
    make.user(email="c@example.org")
    response = client.post(
        "/sign-in",
        data={"email": "c@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 400
    assert audit_events("auth.sign_in") == []
    assert client.get("/").status_code == 302


def test_sign_in_with_token_works_and_token_changes(client, make):
    make.user(email="c@example.org")
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/sign-in",
        data={
            "csrf_token": token,
            "email": "c@example.org",
            "password": "correct horse battery staple",
        },
    )
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    new_token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    assert new_token != token


def test_unsigned_sign_out_and_invite_change_nothing(signed_in, make):
    admin = make.user(Role.ADMIN)
    client = signed_in(admin)
    assert client.post("/sign-out").status_code == 400
    assert client.get("/").status_code == 200  # still signed in
    invite = client.post(
        "/admin/users/invite",
        data={"email": "x@example.org", "role": "admin"},
    )
    assert invite.status_code == 400
    db.session.rollback()
    assert db.session.scalar(db.select(User).filter_by(email="x@example.org")) is None
