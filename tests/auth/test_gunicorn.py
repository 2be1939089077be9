"""The issue's done-when, against gunicorn with 4 workers on 127.0.0.1."""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from matchmaker.models import Outcome, Role
from tests.auth.conftest import audit_events
from tests.browser.server import gunicorn_server

pytestmark = pytest.mark.slow
logger = logging.getLogger(__name__)
PASSWORD = "correct horse battery staple"
ATTEMPTS = 40


@pytest.fixture(scope="module")
def server(migrated_url, tmp_path_factory):
    """One 4-worker server for the module; tests make their own rows."""
    folder = tmp_path_factory.mktemp("gunicorn")
    with gunicorn_server(migrated_url, folder, SIGNIN_DELAY_SECONDS="0") as base:
        yield base


def _csrf(session: requests.Session, base: str) -> str:
    page = session.get(f"{base}/sign-in").text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _attempt(base: str, password: str) -> int:
    session = requests.Session()
    token = _csrf(session, base)
    response = session.post(
        f"{base}/sign-in",
        data={"csrf_token": token, "email": "target@example.org", "password": password},
        allow_redirects=False,
        timeout=60,
    )
    return response.status_code


def test_concurrent_wrong_passwords_reach_verification_at_most_five_times(server, make):
    make.user(Role.FOCAL_POINT, email="target@example.org")
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(
            pool.map(lambda _: _attempt(server, "wrong guess!"), range(ATTEMPTS))
        )
    verified = [
        e for e in audit_events("auth.sign_in")
        if e.outcome is Outcome.FAILURE and e.details.get("reason") == "bad-credentials"
    ]  # fmt: skip
    assert len(verified) <= 5, len(verified)
    assert statuses.count(429) >= ATTEMPTS - 5
    assert set(statuses) <= {200, 429}
    logger.warning("%d of %d concurrent attempts reached verification", len(verified),
                   ATTEMPTS)  # fmt: skip


def test_cookie_captured_before_logout_gets_no_page(server, make):
    make.user(Role.FACILITATOR, email="leaver@example.org")
    browser = requests.Session()
    token = _csrf(browser, server)
    signed = browser.post(
        f"{server}/sign-in",
        data={"csrf_token": token, "email": "leaver@example.org", "password": PASSWORD},
        allow_redirects=False,
    )
    assert signed.status_code == 302
    captured = dict(browser.cookies)
    home = browser.get(f"{server}/", allow_redirects=False)
    assert home.status_code == 200 and "Sign out" in home.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', home.text).group(1)
    out = browser.post(
        f"{server}/sign-out", data={"csrf_token": token}, allow_redirects=False
    )
    assert out.status_code == 302
    for path in ("/", "/account", "/admin/users"):
        replay = requests.get(
            f"{server}{path}", cookies=captured, allow_redirects=False
        )
        assert replay.status_code in (302, 401), (path, replay.status_code)
        if replay.status_code == 302:
            assert "/sign-in" in replay.headers["Location"]
