"""Failed sign-ins are counted in the database: slowed, then refused with 429."""

from __future__ import annotations

import pytest

from matchmaker.models import Outcome
from tests.auth.conftest import audit_events, post_sign_in

PASSWORD = "correct horse battery staple"


def _verified_failures() -> int:
    """Attempts that reached password verification and failed."""
    return sum(
        1
        for e in audit_events("auth.sign_in")
        if e.outcome is Outcome.FAILURE and e.details.get("reason") == "bad-credentials"
    )


def test_sixth_failure_is_refused_before_verification(client, make):
    make.user(email="victim@example.org")
    for _ in range(5):
        assert (
            post_sign_in(client, "victim@example.org", "wrong guess!").status_code
            == 200
        )
    refused = post_sign_in(client, "victim@example.org", PASSWORD)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 900
    assert "Too many sign-in attempts" in refused.get_data(as_text=True)
    assert _verified_failures() == 5
    assert client.get("/").status_code == 302  # even the right password was refused


def test_unknown_email_is_throttled_the_same(client):
    for _ in range(5):
        post_sign_in(client, "nobody@example.org", "wrong guess!")
    assert post_sign_in(client, "nobody@example.org", "x" * 8).status_code == 429


@pytest.mark.parametrize("app_config", [{"SIGNIN_DELAY_SECONDS": 30,
                                         "MAIL_BACKEND": "locmem"}])  # fmt: skip
def test_slow_down_after_three_failures(client, make):
    make.user(email="slow@example.org")
    for _ in range(3):
        assert (
            post_sign_in(client, "slow@example.org", "wrong guess!").status_code == 200
        )
    waited = post_sign_in(client, "slow@example.org", PASSWORD)
    assert waited.status_code == 429
    assert 25 <= int(waited.headers["Retry-After"]) <= 30
    assert _verified_failures() == 3


@pytest.mark.parametrize("app_config", [{"SIGNIN_MAX_FAILURES_PER_ADDRESS": 4,
                                         "SIGNIN_DELAY_SECONDS": 0,
                                         "MAIL_BACKEND": "locmem"}])  # fmt: skip
def test_one_address_spraying_many_accounts_is_refused(client):
    for number in range(4):
        post_sign_in(client, f"user{number}@example.org", "wrong guess!")
    assert post_sign_in(client, "fresh@example.org", "wrong guess!").status_code == 429


def test_success_forgets_earlier_failures(client, make):
    make.user(email="typo@example.org")
    for _ in range(4):
        post_sign_in(client, "typo@example.org", "wrong guess!")
    assert post_sign_in(client, "typo@example.org", PASSWORD).status_code == 302
    client.post("/sign-out")
    for _ in range(4):
        assert (
            post_sign_in(client, "typo@example.org", "wrong guess!").status_code == 200
        )


def test_attempts_past_the_window_are_pruned(client, make, app):
    from datetime import timedelta

    import sqlalchemy as sa

    from matchmaker.extensions import db
    from matchmaker.models import AttemptState, SignInAttempt, utcnow

    window = timedelta(seconds=app.config["SIGNIN_WINDOW_SECONDS"])
    stale = utcnow() - window - timedelta(minutes=1)
    db.session.add_all(
        SignInAttempt(
            email="old@example.org", remote_addr="10.0.0.1", at=stale,
            state=AttemptState.FAILED,
        )
        for _ in range(3)
    )  # fmt: skip
    db.session.commit()
    post_sign_in(client, "someone@example.org", "wrong guess!")
    db.session.rollback()
    emails = set(db.session.scalars(sa.select(SignInAttempt.email)))
    assert emails == {"someone@example.org"}
