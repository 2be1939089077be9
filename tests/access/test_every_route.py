"""Every route in the URL map × every actor, against objects owned by someone else.

The done-when of access control: a route without a policy entry fails the suite; no
actor outside ``allowed`` gets a 2xx (or a redirect after a POST); a refused POST
leaves every table as it was; a GET changes no table, whoever asks; and the allowed
actors of the listing entries really succeed, so that the table cannot pass by
refusing everyone.
"""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.access.cases import ACTORS, RouteCase
from tests.access.objects import World
from tests.access.state import difference, fingerprint
from tests.access.table import POLICY_TABLE, case_id, is_api, is_strict

IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})


def test_every_route_has_a_policy_entry(app: Flask) -> None:
    covered = {(case.endpoint, case.method) for case in POLICY_TABLE}
    missing = sorted(
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
        if (rule.endpoint, method) not in covered
    )
    assert not missing, "routes without a policy table entry:\n" + "\n".join(missing)


def test_every_entry_names_its_route(app: Flask, world: World) -> None:
    """A stale entry (renamed route, wrong path) would test nothing."""
    adapter = app.url_map.bind("localhost")
    wrong = []
    for case in POLICY_TABLE:
        path = case.path.format(**world.objects).partition("?")[0]
        try:
            endpoint, _ = adapter.match(path, method=case.method)
        except (NotFound, MethodNotAllowed):
            endpoint = None
        if endpoint != case.endpoint:
            wrong.append(f"{case_id(case)} goes to {endpoint}, not {case.endpoint}")
    assert not wrong, "\n".join(wrong)


def test_every_actor_is_known() -> None:
    unknown = {a for case in POLICY_TABLE for a in case.allowed} - set(ACTORS)
    assert not unknown


def _request(client: FlaskClient, case: RouteCase, world: World):
    path = case.path.format(**world.objects)
    if is_api(case):
        return _api_request(client, case, world, path)
    if case.method == "GET":
        response = client.get(path)
    else:
        data = {k: v.format(**world.objects) for k, v in case.data.items()}
        response = client.open(path, method=case.method, data=data)
    response.close()  # static files hold an open file until closed
    return response


def _api_request(client: FlaskClient, case: RouteCase, world: World, path: str):
    """An API request with the actor's token (kept on the client) and a JSON body."""
    headers = {k: v.format(**world.objects) for k, v in case.headers.items()}
    token = getattr(client, "api_token", None)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = _formatted(case.json, world.objects) if case.json is not None else None
    response = client.open(path, method=case.method, headers=headers, json=body)
    response.close()
    return response


def _formatted(value, objects: dict[str, str]):
    """``value`` with its placeholders filled; ``"{need:int}"`` gives an int."""
    if isinstance(value, dict):
        return {k: _formatted(v, objects) for k, v in value.items()}
    if isinstance(value, list):
        return [_formatted(v, objects) for v in value]
    if isinstance(value, str) and value.endswith(":int}") and value.startswith("{"):
        return int(objects[value[1:-5]])
    if isinstance(value, str):
        return value.format(**objects)
    return value


def _sign_in_path() -> str | None:
    from flask import current_app

    view = current_app.login_manager.login_view
    if not view:
        return None
    with current_app.test_request_context():
        return url_for(view)


def _refusal_problem(actor: str, case: RouteCase, response) -> str | None:
    """Why this answer to an actor outside ``allowed`` is not a refusal, or None."""
    status = response.status_code
    if 200 <= status < 300:
        return f"{actor} got {status}"
    if 300 <= status < 400:
        location = response.headers.get("Location", "")
        to_sign_in = _sign_in_path() and location.startswith(_sign_in_path())
        if case.method != "GET" and not to_sign_in:
            return f"{actor} got a {status} redirect to {location} after a write"
        if actor in ("anonymous", "disabled") and not to_sign_in:
            return f"{actor} was redirected to {location}, not to sign in"
    if status >= 500:
        return f"{actor} got {status}"
    return None


def _success_problem(
    actor: str, case: RouteCase, response, changed: list, first: bool = True
) -> str:
    status = response.status_code
    if case.once and not first:
        # Decided already by the first allowed actor: a clean conflict is right.
        if status == 409 or 300 <= status < 400 or 200 <= status < 300:
            return ""
        return f"{actor} acted second and got {status}, not 409"
    if status >= 500 or (is_strict(case) and status >= 400):
        return f"{actor} is allowed but got {status}"
    if is_strict(case) and case.method == "GET" and status != 200:
        return f"{actor} is allowed but got {status}"
    if is_strict(case) and case.method == "POST" and not changed:
        return f"{actor} is allowed but its {case.method} changed nothing"
    return ""


@pytest.mark.parametrize("case", POLICY_TABLE, ids=case_id)
def test_route_as_every_actor(
    case: RouteCase, world: World, clients: dict[str, FlaskClient]
) -> None:
    """Refused actors first (together they may change nothing), then the allowed
    ones (a GET changes nothing; a listing write must write)."""
    problems = []
    refused = [a for a in ACTORS if a not in case.allowed]
    before = fingerprint()
    for actor in refused:
        problem = _refusal_problem(actor, case, _request(clients[actor], case, world))
        if problem:
            problems.append(problem)
    changed = difference(before, fingerprint())
    if changed:
        problems.append(f"refused actors {refused} changed {changed}")
    for position, actor in enumerate([a for a in ACTORS if a in case.allowed]):
        before = fingerprint()
        response = _request(clients[actor], case, world)
        changed = difference(before, fingerprint())
        problem = _success_problem(actor, case, response, changed, position == 0)
        if changed and case.method == "GET":
            problem = f"{actor}'s GET changed {changed}"
        if problem:
            problems.append(problem)
    assert not problems, f"{case_id(case)}:\n" + "\n".join(problems)
