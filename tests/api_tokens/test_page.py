"""The "API tokens" page: a token is shown once, never cached, revoked by its owner."""

from __future__ import annotations

import re
from datetime import timedelta

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Role, TokenScope, utcnow
from matchmaker.services import api_tokens
from tests.api_tokens.conftest import audit_actions, change_token, stored_tokens
from tests.conftest import sign_in_as

PAGE = "/account/api-tokens"
RAW = re.compile(r"mm_[A-Za-z0-9_-]{43}")
FORM = {"name": "Ministry portal sync", "scope": "read-write", "days": "30"}


def test_the_page_explains_tokens_and_offers_the_form(client, holder):
    sign_in_as(client, holder)
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/" in html and "Authorization: Bearer &lt;token&gt;" in html
    assert "You have no API tokens yet." in html
    assert 'name="days"' in html and 'value="90"' in html  # the suggested lifetime
    assert "Read only" in html and "Read and write" in html


def test_the_account_page_links_to_it(client, holder):
    sign_in_as(client, holder)
    assert f'href="{PAGE}"' in client.get("/account").get_data(as_text=True)


def test_a_new_token_is_shown_once_and_never_cached(client, holder):
    sign_in_as(client, holder)
    made = client.post(PAGE, data=FORM)
    assert made.status_code == 200
    assert made.headers["Cache-Control"] == "no-store"
    html = made.get_data(as_text=True)
    assert "Copy it now: it will not be shown again" in html
    [raw] = set(RAW.findall(html))
    found = api_tokens.authenticate(raw)
    assert found is not None and found.user.email == holder.email
    assert found.scope is TokenScope.READ_WRITE and found.name == FORM["name"]
    # Not in the cookie, and nowhere on the next visit: only its start is.
    assert raw not in (client.get_cookie("session").value or "")
    later = client.get(PAGE).get_data(as_text=True)
    assert raw not in later and "Copy it now" not in later
    assert raw[:12] in later and "Ministry portal sync" in later
    assert "Read and write" in later and "Never" in later and "Active" in later


def test_making_a_token_is_audited_without_the_token(client, holder):
    sign_in_as(client, holder)
    raw = RAW.search(client.post(PAGE, data=FORM).get_data(as_text=True)).group(0)
    assert audit_actions() == ["api_token.created"]
    event = db.session.scalar(db.select(AuditEvent))
    assert event.actor_id == holder.id
    assert raw not in repr(event.details)


def test_bad_input_gives_form_errors_and_no_token(client, holder):
    sign_in_as(client, holder)
    for data, message in (
        ({**FORM, "name": " "}, "Give the token a name"),
        ({**FORM, "name": "x" * 81}, "80 characters or fewer"),
        ({**FORM, "days": "0"}, "from 1 to 365"),
        ({**FORM, "days": "366"}, "from 1 to 365"),
        ({**FORM, "days": "ninety"}, "whole number of days"),
        ({**FORM, "days": ""}, "for how many days"),
        ({**FORM, "scope": "admin"}, "read only, or read and write"),
    ):
        answer = client.post(PAGE, data=data)
        assert answer.status_code == 422, data
        html = answer.get_data(as_text=True)
        assert message in html and "There is a problem" in html
        assert not RAW.search(html)
    assert stored_tokens() == []


def test_the_owner_revokes_a_token(client, holder):
    sign_in_as(client, holder)
    token, raw = api_tokens.issue(
        holder, name="Old sync", scope=TokenScope.READ, days=9
    )
    answer = client.post(f"{PAGE}/{token.id}/revoke")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(PAGE)
    assert api_tokens.authenticate(raw) is None
    html = client.get(PAGE).get_data(as_text=True)
    assert "The token “Old sync” is revoked" in html and "Revoked" in html
    again = client.post(f"{PAGE}/{token.id}/revoke", follow_redirects=True)
    assert "was revoked already" in again.get_data(as_text=True)
    assert audit_actions() == ["api_token.created", "api_token.revoked"]


def test_someone_elses_token_answers_404_and_stays(client, make, holder):
    other = make.user(Role.PARTNER)
    token, raw = api_tokens.issue(other, name="Theirs", scope=TokenScope.READ, days=9)
    sign_in_as(client, holder)
    assert client.post(f"{PAGE}/{token.id}/revoke").status_code == 404
    assert client.post(f"{PAGE}/{2**31 - 1}/revoke").status_code == 404
    assert api_tokens.authenticate(raw) is not None
    assert "Theirs" not in client.get(PAGE).get_data(as_text=True)
    assert "access.denied" in audit_actions()


def test_an_admin_cannot_revoke_another_persons_token_either(client, make, holder):
    token, raw = api_tokens.issue(holder, name="Mine", scope=TokenScope.READ, days=9)
    sign_in_as(client, make.user(Role.ADMIN))
    assert client.post(f"{PAGE}/{token.id}/revoke").status_code == 404
    assert api_tokens.authenticate(raw) is not None


def test_anonymous_visitors_are_sent_to_sign_in(client, holder):
    token, _ = api_tokens.issue(holder, name="Mine", scope=TokenScope.READ, days=9)
    assert client.get(PAGE).headers["Location"].startswith("/sign-in")
    assert client.post(PAGE, data=FORM).status_code == 401
    assert client.post(f"{PAGE}/{token.id}/revoke").status_code == 401
    assert len(stored_tokens()) == 1 and stored_tokens()[0].revoked_at is None


def test_expired_and_revoked_tokens_are_listed_as_such(client, holder):
    old, _ = api_tokens.issue(holder, name="Expired one", scope=TokenScope.READ, days=1)
    change_token(old.id, expires_at=utcnow() - timedelta(days=1))
    gone, _ = api_tokens.issue(
        holder, name="Revoked one", scope=TokenScope.READ, days=1
    )
    api_tokens.revoke(holder, gone.id)
    sign_in_as(client, holder)
    html = client.get(PAGE).get_data(as_text=True)
    assert "Expired" in html and "Revoked" in html
    assert "/revoke" not in html  # nothing left to revoke
