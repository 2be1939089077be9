"""A sign-in attempt left pending by a killed worker stops counting after a grace.

Fresh pending attempts still count, so racing requests stay bounded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import AttemptState, SignInAttempt, utcnow
from matchmaker.services.throttle import PENDING_GRACE
from tests.auth.conftest import post_sign_in

PASSWORD = "correct horse battery staple"


def _leave_pending(email: str, at: datetime, count: int = 5) -> None:
    """Rows as a worker killed between reservation and settlement leaves them."""
    db.session.add_all(
        SignInAttempt(
            email=email, remote_addr="10.0.0.1", at=at, state=AttemptState.PENDING
        )
        for _ in range(count)
    )
    db.session.commit()


def test_stale_pending_attempts_do_not_lock_the_owner_out(client, make, app):
    make.user(email="crashed@example.org")
    window = timedelta(seconds=app.config["SIGNIN_WINDOW_SECONDS"])
    stale = utcnow() - PENDING_GRACE - timedelta(seconds=30)
    assert stale > utcnow() - window  # still inside the counting window
    _leave_pending("crashed@example.org", stale)
    assert post_sign_in(client, "crashed@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize("app_config", [{"SIGNIN_MAX_FAILURES_PER_ADDRESS": 3,
                                         "SIGNIN_DELAY_SECONDS": 0,
                                         "MAIL_BACKEND": "locmem"}])  # fmt: skip
def test_stale_pending_attempts_do_not_count_against_the_address(client, make):
    make.user(email="neighbour@example.org")
    _leave_pending("other@example.org", utcnow() - 2 * PENDING_GRACE, count=3)
    response = post_sign_in(
        client,
        "neighbour@example.org",
        PASSWORD,
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert response.status_code == 302


def test_fresh_pending_attempts_still_count(client, make):
    make.user(email="racing@example.org")
    _leave_pending("racing@example.org", utcnow())
    refused = post_sign_in(client, "racing@example.org", PASSWORD)
    assert refused.status_code == 429
    assert client.get("/").status_code == 302  # not signed in
