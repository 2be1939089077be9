"""The sign-in journey as a person makes it, in headless Chromium."""

from __future__ import annotations

import pyotp
import pytest

from matchmaker.extensions import db
from matchmaker.models import Role, User
from tests.factories import writing

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery staple"


def test_chromium_launches(browser):
    page = browser.new_page()
    page.set_content("<p id='x'>ready</p>")
    assert page.inner_text("#x") == "ready"
    page.close()


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_good_credentials_then_sign_out(page, live_server, make):
    make.user(Role.FOCAL_POINT, email="walker@example.org")
    _sign_in(page, live_server, "walker@example.org", PASSWORD)
    assert page.url == f"{live_server}/"
    sign_out = page.get_by_role("button", name="Sign out")
    assert sign_out.is_visible()
    sign_out.click()
    assert page.url == f"{live_server}/sign-in"
    page.goto(f"{live_server}/")
    assert page.url.startswith(f"{live_server}/sign-in")


def test_wrong_password_shows_the_error(page, live_server, make):
    make.user(email="typo@example.org")
    _sign_in(page, live_server, "typo@example.org", "not my password")
    assert page.url.startswith(f"{live_server}/sign-in")
    assert "The email or password is not correct." in page.inner_text("main")


def test_two_step_sign_in(page, live_server, make):
    user = make.user(Role.ADMIN, email="two@example.org")
    secret = pyotp.random_base32(32)
    with writing():
        user.totp_secret, user.totp_enabled = secret, True
        db.session.commit()
    _sign_in(page, live_server, "two@example.org", PASSWORD)
    assert page.url.startswith(f"{live_server}/sign-in/code")
    page.get_by_label("Authentication code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    assert page.url == f"{live_server}/"
    assert page.get_by_role("link", name="Users").is_visible()
    assert db.session.get(User, user.id) is not None
