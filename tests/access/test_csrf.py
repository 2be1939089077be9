"""With CSRF protection on, as in production: an unsigned write is refused and
changes nothing, on every state-changing route of the policy table."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from matchmaker.extensions import db
from tests.access.cases import ACTORS, RouteCase
from tests.access.objects import World
from tests.access.state import difference, fingerprint
from tests.access.table import POLICY_TABLE, case_id, is_api

WRITE_CASES = [
    case
    for case in POLICY_TABLE
    if case.method not in ("GET", "HEAD") and not is_api(case)
]
# The API ignores the session cookie, so a forged cross-site request has nothing
# to ride on; it needs no CSRF token (see matchmaker/api/auth.py).
API_WRITE_CASES = [
    case for case in POLICY_TABLE if case.method not in ("GET", "HEAD") and is_api(case)
]
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config() -> dict:
    return {"WTF_CSRF_ENABLED": True}


def _actor_for(case: RouteCase) -> str:
    """Someone the route would otherwise serve, so only the token is missing."""
    allowed = [a for a in ACTORS if a in case.allowed and a != "disabled"]
    return allowed[0] if allowed else "admin"


def test_unsigned_writes_are_refused_and_change_nothing(
    world: World, clients: dict[str, FlaskClient]
) -> None:
    """Every write route of the table, in one world: refused writes change nothing,
    so each case starts from the same state."""
    problems = []
    for case in WRITE_CASES:
        client = clients[_actor_for(case)]
        before = fingerprint()
        response = client.open(
            case.path.format(**world.objects), method=case.method, data=case.data
        )
        changed = difference(before, fingerprint())
        if response.status_code != 400 or changed:
            problems.append(f"{case_id(case)}: {response.status_code}, {changed}")
    assert len(WRITE_CASES) > 20
    assert not problems, "\n".join(problems)


def test_api_writes_with_only_a_session_cookie_are_refused(
    world: World, clients: dict[str, FlaskClient]
) -> None:
    """A signed-in browser's cookie alone reaches no API write: 401, nothing changed."""
    problems = []
    for case in API_WRITE_CASES:
        client = clients[_actor_for(case)]
        before = fingerprint()
        response = client.open(
            case.path.format(**world.objects),
            method=case.method,
            json={},
            headers={"If-Match": "*"},
        )
        changed = difference(before, fingerprint())
        if response.status_code != 401 or changed:
            problems.append(f"{case_id(case)}: {response.status_code}, {changed}")
    assert len(API_WRITE_CASES) > 10
    assert not problems, "\n".join(problems)


def test_write_with_a_forged_token_is_refused(world, clients) -> None:
    before = fingerprint()
    response = clients["focal_a"].post(
        "/needs/new", data={"title": "Forged", "csrf_token": "forged.token.value"}
    )
    assert response.status_code == 400
    assert difference(before, fingerprint()) == []


def test_token_of_another_session_is_refused(world, clients) -> None:
    page = clients["focal_b"].get("/needs/new").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    before = fingerprint()
    response = clients["focal_a"].post(
        "/needs/new",
        data={"title": "Cross-session", "category": "testing-laboratory",
              "support_types": "technical", "priority": "low", "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 400
    assert difference(before, fingerprint()) == []


def test_signed_write_goes_through(world, clients) -> None:
    """The control: the same form with its own token is accepted."""
    client = clients["focal_a"]
    token = TOKEN.search(client.get("/needs/new").get_data(as_text=True)).group(1)
    before = fingerprint()
    response = client.post(
        "/needs/new",
        data={"title": "Signed", "category": "testing-laboratory",
              "support_types": "technical", "priority": "low", "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 302
    assert "needs" in difference(before, fingerprint())


def test_signed_status_button_goes_through(world, clients) -> None:
    """The publish button's own form carries a valid token and the version."""
    client = clients["focal_b"]
    need_id = world.objects["draft_need"]
    page = client.get(f"/needs/{need_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/needs/{need_id}/publish", data={"csrf_token": token, "version": "1"}
    )
    assert response.status_code == 302
    db.session.rollback()  # read what the request committed
    assert world.rows["draft_need"].status.value == "open"
