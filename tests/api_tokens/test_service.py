"""Issuing, listing, revoking and checking personal API tokens (the service)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import text

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Role, TokenScope, utcnow
from matchmaker.services import api_tokens
from tests.api_tokens.conftest import (
    audit_actions,
    change_token,
    change_user,
    stored_tokens,
)


def test_issue_returns_the_raw_token_and_stores_only_its_hash(app, holder):
    token, raw = api_tokens.issue(
        holder, name="  Ministry portal sync ", scope=TokenScope.READ_WRITE, days=30
    )
    assert raw.startswith(api_tokens.RAW_PREFIX) and len(raw) >= 40
    [row] = stored_tokens()
    assert row.id == token.id and row.user_id == holder.id
    assert row.name == "Ministry portal sync"
    assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert row.prefix == raw[:12] and row.scope is TokenScope.READ_WRITE
    assert row.expires_at - row.created_at == timedelta(days=30)
    assert row.revoked_at is None and row.last_used_at is None
    # The raw token is in no column of any table (audit log included).
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for values in connection.execute(table.select()):
                assert raw not in repr(tuple(values)), table.name
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "api_token.created")
    )
    assert event.object_type == "api_token" and event.object_id == str(token.id)
    assert event.details["prefix"] == raw[:12]


def test_every_token_is_different(app, holder):
    raws = {
        api_tokens.issue(holder, name=f"T{i}", scope=TokenScope.READ, days=1)[1]
        for i in range(5)
    }
    assert len(raws) == 5


@pytest.mark.parametrize("days", [0, -1, 366, 10**9])
def test_issue_refuses_a_lifetime_out_of_range(app, holder, days):
    with pytest.raises(ValueError, match="from 1 to 365 days"):
        api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=days)
    assert stored_tokens() == []


def test_the_longest_lifetime_follows_the_setting(app, holder):
    app.config["API_TOKEN_MAX_DAYS"] = 400
    token, _ = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=400)
    assert token.expires_at - token.created_at == timedelta(days=400)
    app.config["API_TOKEN_MAX_DAYS"] = 10
    with pytest.raises(ValueError, match="from 1 to 10 days"):
        api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=11)


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Give the token a name"), ("   ", "Give the token a name"),
     ("x" * 81, "80 characters"), ("a\x00b", "control characters")],
)  # fmt: skip
def test_issue_refuses_a_bad_name(app, holder, name, message):
    with pytest.raises(ValueError, match=message):
        api_tokens.issue(holder, name=name, scope=TokenScope.READ, days=5)
    assert stored_tokens() == []


def test_issue_refuses_an_unknown_scope_and_a_disabled_account(app, make, holder):
    with pytest.raises(ValueError, match="read only, or read and write"):
        api_tokens.issue(holder, name="Sync", scope="admin", days=5)  # type: ignore[arg-type]
    disabled = make.user(Role.PARTNER, active=False)
    with pytest.raises(ValueError, match="disabled"):
        api_tokens.issue(disabled, name="Sync", scope=TokenScope.READ, days=5)
    assert stored_tokens() == []


def test_authenticate_finds_a_valid_token_with_its_user(app, holder):
    token, raw = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    found = api_tokens.authenticate(raw)
    assert found is not None and found.id == token.id
    assert found.user.email == "holder@example.org"
    assert found.scope is TokenScope.READ


@pytest.mark.parametrize(
    "raw", ["", "mm_", "mm_" + "A" * 43, "Bearer x", "\x00", "é" * 300, "\ud800"]
)
def test_authenticate_refuses_what_is_not_a_token(app, holder, raw):
    api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    assert api_tokens.authenticate(raw) is None


def test_authenticate_refuses_a_near_miss(app, holder):
    _, raw = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    last = "A" if raw[-1] != "A" else "B"
    assert api_tokens.authenticate(raw[:-1] + last) is None
    assert api_tokens.authenticate(raw + " ") is None
    assert api_tokens.authenticate(raw[:12]) is None


def test_a_revoked_token_is_refused_at_once(app, holder):
    token, raw = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    assert api_tokens.authenticate(raw) is not None  # loaded in this session
    assert api_tokens.revoke(holder, token.id) is True
    assert api_tokens.authenticate(raw) is None


def test_a_token_revoked_elsewhere_is_refused_at_once(app, holder):
    """Another worker revokes it: the next request this one serves refuses it,
    though the token was loaded into this session before."""
    token, raw = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    token_id = token.id
    assert api_tokens.authenticate(raw) is not None
    db.session.commit()  # a request ends its transaction
    with db.engine.begin() as other:  # another connection, as another worker
        other.execute(
            text("UPDATE api_tokens SET revoked_at = expires_at WHERE id = :id"),
            {"id": token_id},
        )
    assert api_tokens.authenticate(raw) is None


def test_an_expired_token_is_refused(app, holder):
    token, raw = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=1)
    change_token(token.id, expires_at=utcnow() + timedelta(seconds=30))
    assert api_tokens.authenticate(raw) is not None
    change_token(token.id, expires_at=utcnow())
    assert api_tokens.authenticate(raw) is None
    change_token(token.id, expires_at=utcnow() - timedelta(days=3))
    assert api_tokens.authenticate(raw) is None


def test_a_disabled_users_tokens_are_refused_at_once(app, holder):
    _, raw = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    assert api_tokens.authenticate(raw) is not None
    change_user(holder.id, active=False)
    assert api_tokens.authenticate(raw) is None
    change_user(holder.id, active=True)
    assert api_tokens.authenticate(raw) is not None


def test_a_user_revokes_only_their_own_tokens(app, make, holder):
    other = make.user(Role.PARTNER)
    theirs, their_raw = api_tokens.issue(
        other, name="Theirs", scope=TokenScope.READ, days=5
    )
    mine, _ = api_tokens.issue(holder, name="Mine", scope=TokenScope.READ, days=5)
    assert api_tokens.revoke(holder, theirs.id) is False
    assert api_tokens.authenticate(their_raw) is not None
    assert api_tokens.revoke(holder, 2**31 - 1) is False
    assert api_tokens.revoke(holder, mine.id) is True
    assert api_tokens.revoke(holder, mine.id) is False  # already revoked
    revoked = {t.name: t.revoked_at for t in stored_tokens()}
    assert revoked["Theirs"] is None and revoked["Mine"] is not None
    assert audit_actions().count("api_token.revoked") == 1


def test_own_token_finds_only_ones_own(app, make, holder):
    other = make.user(Role.PARTNER)
    theirs, _ = api_tokens.issue(other, name="Theirs", scope=TokenScope.READ, days=5)
    mine, _ = api_tokens.issue(holder, name="Mine", scope=TokenScope.READ, days=5)
    assert api_tokens.own_token(holder, theirs.id) is None
    assert api_tokens.own_token(holder, mine.id).name == "Mine"
    api_tokens.revoke(holder, mine.id)
    assert api_tokens.own_token(holder, mine.id) is not None  # revoked, still theirs


def test_tokens_of_lists_ones_own_newest_first_revoked_included(app, make, holder):
    other = make.user(Role.PARTNER)
    api_tokens.issue(other, name="Not mine", scope=TokenScope.READ, days=5)
    first, _ = api_tokens.issue(holder, name="First", scope=TokenScope.READ, days=5)
    api_tokens.issue(holder, name="Second", scope=TokenScope.READ_WRITE, days=5)
    api_tokens.revoke(holder, first.id)
    listed = api_tokens.tokens_of(holder)
    assert [t.name for t in listed] == ["Second", "First"]
    assert listed[1].revoked_at is not None


def test_count_use_records_when_a_token_was_last_used(app, holder):
    token, _ = api_tokens.issue(holder, name="Sync", scope=TokenScope.READ, days=5)
    assert api_tokens.count_use(token) is None
    [row] = stored_tokens()
    first = row.last_used_at
    assert first is not None and utcnow() - first < timedelta(seconds=30)
    # Within a minute the time is not written again (small writes per call)...
    assert api_tokens.count_use(row) is None
    assert stored_tokens()[0].last_used_at == first
    # ...after one it is.
    change_token(token.id, last_used_at=first - timedelta(seconds=61))
    assert api_tokens.count_use(row) is None
    assert stored_tokens()[0].last_used_at > first
