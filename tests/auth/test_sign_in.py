"""Signing in and out through the real pages, and what an old cookie is worth."""

from __future__ import annotations

import re

import pytest

from matchmaker.models import Outcome, Role
from tests.auth.conftest import audit_events, post_sign_in

PASSWORD = "correct horse battery staple"


def test_sign_in_page_has_labelled_fields_and_button(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert re.search(r'<label for="email">Email</label>', page)
    assert re.search(r'<label for="password">Password</label>', page)
    assert 'id="email"' in page and 'id="password"' in page
    assert ">Sign in</button>" in page


def test_good_credentials_land_on_home_with_sign_out(client, make):
    user = make.user(Role.FOCAL_POINT, email="fp@example.org")
    response = post_sign_in(client, "FP@example.org", PASSWORD)
    assert response.status_code == 302 and response.location == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert ">Sign out</button>" in home.get_data(as_text=True)
    assert home.headers["Cache-Control"] == "no-store"
    [event] = audit_events("auth.sign_in")
    assert event.outcome is Outcome.SUCCESS and event.actor_id == user.id


def test_unknown_email_and_wrong_password_look_the_same(client, make):
    make.user(email="known@example.org")
    wrong = post_sign_in(client, "known@example.org", "not the password")
    unknown = post_sign_in(client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200

    def message(response):
        return re.search(
            r'<p id="form-error">(.*?)</p>', response.get_data(as_text=True)
        )

    assert message(wrong).group(1) == message(unknown).group(1)
    assert "not correct" in message(wrong).group(1)
    events = audit_events("auth.sign_in")
    assert [e.outcome for e in events] == [Outcome.FAILURE, Outcome.FAILURE]
    assert events[1].details["email"] == "nobody@example.org"
    assert all("password" not in str(e.details) for e in events)


def test_disabled_account_cannot_sign_in(client, make):
    make.user(email="gone@example.org", active=False)
    response = post_sign_in(client, "gone@example.org", PASSWORD)
    assert "not correct" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_sign_in_clears_what_the_session_held_before(client, make):
    make.user(email="a@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["csrf_token"] = "old-token"
    post_sign_in(client, "a@example.org", PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != "old-token"
        assert session["signed_in_at"] and session["last_seen"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/needs/", "/needs/"),
        ("/?tab=1", "/?tab=1"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("evil.example", "/"),
        ("/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"),
    ],
    ids=["local", "query", "scheme-relative", "absolute", "backslash",
         "double-backslash", "javascript", "relative", "encoded-crlf"],
)  # fmt: skip
def test_next_only_to_local_paths(client, make, target, expected):
    make.user(email="n@example.org")
    response = client.post(
        "/sign-in",
        query_string={"next": target},
        data={"email": "n@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.location == expected


def test_signed_in_user_visiting_sign_in_goes_home(signed_in):
    response = signed_in().get("/sign-in")
    assert response.status_code == 302 and response.location == "/"


def test_sign_out_is_post_only(signed_in):
    client = signed_in()
    assert client.get("/sign-out").status_code == 405


def test_cookie_captured_before_sign_out_opens_nothing(client, make):
    make.user(email="out@example.org")
    post_sign_in(client, "out@example.org", PASSWORD)
    captured = client.get_cookie("session").value
    response = client.post("/sign-out")
    assert response.status_code == 302 and response.location == "/sign-in"
    assert client.get("/").status_code == 302
    client.set_cookie("session", captured)  # replay the old cookie
    replayed = client.get("/")
    assert replayed.status_code == 302 and "/sign-in" in replayed.location
    assert [e.action for e in audit_events("auth.sign_out")] == ["auth.sign_out"]


def test_anonymous_pages_are_not_marked_no_store(client):
    assert "no-store" not in client.get("/healthz").headers.get("Cache-Control", "")
