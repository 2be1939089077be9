"""Two-step sign-in: enrol, enable, sign in with a code, no replay, role rules."""

from __future__ import annotations

import re
import time

import pyotp

from matchmaker.extensions import db
from matchmaker.models import Role, User
from tests.auth.conftest import audit_events, post_sign_in

PASSWORD = "correct horse battery staple"


def _enrol(client) -> tuple[str, str]:
    client.post("/account/two-factor/start")
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    assert "<svg" in page and "otpauth://totp/" in page
    code = pyotp.TOTP(secret).now()
    assert client.post("/account/two-factor", data={"code": code}).status_code == 302
    return secret, code


def test_enrol_then_sign_in_needs_a_fresh_code(app, make):
    make.user(Role.ADMIN, email="a@example.org")
    client = app.test_client()
    post_sign_in(client, "a@example.org", PASSWORD)
    secret, used_code = _enrol(client)
    assert all(secret not in str(e.details) for e in audit_events("auth.totp_enable"))
    client.post("/sign-out")
    response = post_sign_in(client, "a@example.org", PASSWORD)
    assert response.status_code == 302 and response.location.startswith("/sign-in/code")
    assert client.get("/").status_code == 302  # password alone is not enough
    wrong = client.post("/sign-in/code", data={"code": "000000"})
    assert "not correct" in wrong.get_data(as_text=True)
    # The code used to enable is spent: the same time step cannot sign in.
    replay = client.post("/sign-in/code", data={"code": used_code})
    assert "not correct" in replay.get_data(as_text=True)
    fresh = pyotp.TOTP(secret).at(int(time.time()) + 30)  # the next step's code
    assert client.post("/sign-in/code", data={"code": fresh}).status_code == 302
    assert client.get("/").status_code == 200
    db.session.rollback()
    user = db.session.scalar(db.select(User).filter_by(email="a@example.org"))
    assert user.totp_enabled


def test_required_role_must_enrol_before_any_page(app, signed_in, make):
    admin = make.user(Role.ADMIN, email="boss@example.org")
    signed_in(admin)
    client = app.test_client()
    make.user(Role.FACILITATOR, email="f@example.org")
    admin_client = signed_in(admin)
    admin_client.post("/admin/users/security", data={"require_facilitator": "y"})
    post_sign_in(client, "f@example.org", PASSWORD)
    response = client.get("/")
    assert response.status_code == 302 and response.location == "/account/two-factor"
    assert client.get("/account").status_code == 302
    _enrol(client)
    assert client.get("/").status_code == 200
    [event] = audit_events("settings.require_totp")
    assert event.details == {"required": True}


def test_focal_points_have_no_second_factor_pages(signed_in, make):
    client = signed_in(make.user(Role.FOCAL_POINT))
    assert client.get("/account/two-factor").status_code == 403


def test_second_factor_secrets_are_sealed_at_rest(app, make):
    import sqlalchemy as sa

    from matchmaker.models.sealed import unseal

    user = make.user(Role.ADMIN)
    user.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    db.session.commit()
    stored = db.session.scalar(
        sa.text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user.id}
    )
    assert "JBSWY3DP" not in stored
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == user.totp_secret
    assert unseal(stored, secret_key="another key after rotation") is None
