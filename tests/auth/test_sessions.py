"""Sessions end: idle and absolute timeouts, password change, disabling."""

from __future__ import annotations

import time

import pytest

from matchmaker.config import build_config
from matchmaker.extensions import db
from matchmaker.models import Role, User
from tests.auth.conftest import post_sign_in

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new passphrase 42"


def _age_session(client, *, signed_in_ago: int, seen_ago: int) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session["signed_in_at"] = now - signed_in_ago
        session["last_seen"] = now - seen_ago


@pytest.mark.parametrize(
    ("signed_in_ago", "seen_ago", "still_in"),
    [(60, 60, True), (3600, 31 * 60, False), (13 * 3600, 10, False)],
    ids=["fresh", "idle-31-min", "absolute-13-h"],
)
def test_timeouts(client, make, signed_in_ago, seen_ago, still_in):
    make.user(email="t@example.org")
    post_sign_in(client, "t@example.org", PASSWORD)
    _age_session(client, signed_in_ago=signed_in_ago, seen_ago=seen_ago)
    assert (client.get("/").status_code == 200) is still_in


def test_session_without_times_is_not_accepted(client, make):
    user = make.user()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert client.get("/").status_code == 302


def test_password_change_keeps_this_session_and_ends_the_others(app, make):
    make.user(email="pw@example.org")
    mine, other = app.test_client(), app.test_client()
    post_sign_in(mine, "pw@example.org", PASSWORD)
    post_sign_in(other, "pw@example.org", PASSWORD)
    response = mine.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert mine.get("/").status_code == 200
    assert other.get("/").status_code == 302
    fresh = app.test_client()
    assert post_sign_in(fresh, "pw@example.org", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong password!", NEW_PASSWORD, NEW_PASSWORD, "current password is not"),
        (PASSWORD, "password1", "password1", "commonly used"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "differ"),
        (PASSWORD, "short", "short", "at least 8"),
    ],
    ids=["wrong-current", "common", "mismatch", "short"],
)
def test_password_change_errors_change_nothing(signed_in, make, current, new, confirm,
                                               message):  # fmt: skip
    user = make.user()
    generation, hashed = user.session_generation, user.password_hash
    response = signed_in(user).post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": confirm},
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert (user.session_generation, user.password_hash) == (generation, hashed)


def test_disabling_ends_sessions_at_once(app, make):
    admin = make.user(Role.ADMIN, email="admin@example.org")
    make.user(Role.FOCAL_POINT, email="victim@example.org")
    victim_client, admin_client = app.test_client(), app.test_client()
    post_sign_in(victim_client, "victim@example.org", PASSWORD)
    post_sign_in(admin_client, admin.email, PASSWORD)
    victim = db.session.scalar(db.select(User).filter_by(email="victim@example.org"))
    response = admin_client.post(
        f"/admin/users/{victim.id}/status", data={"action": "disable"}
    )
    assert response.status_code == 302
    assert victim_client.get("/").status_code == 302


def test_production_cookie_settings(tmp_path):
    config = build_config(
        tmp_path,
        {"MATCHMAKER_ENV": "production", "MATCHMAKER_SECRET_KEY": "k" * 40},
    )
    assert config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["MAIL_BACKEND"] == "matchmaker.services.mail.EmailBackend"
