"""A token reaches exactly what its user reaches on the pages, never more.

In the access tests' world (two countries' focal points, two organisations'
partners, drafts, pairings at several stages, notifications), every actor's token
walks every page of every collection and asks for every object by id. What comes
back is held to the policy module's own answer for that user and object: nothing of
another country or organisation the user may not see is listed or readable, and
nothing the user may see is missing from the lists.
"""

from __future__ import annotations

from typing import Any

import pytest

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.models import Need, Notification, Offer, Pairing
from tests.access.objects import World, build_world
from tests.api.conftest import ApiClient, issue_token

ACTORS = ("focal_a", "focal_b", "partner_x", "partner_y", "facilitator", "admin")


@pytest.fixture
def world(app, make) -> World:
    return build_world(make)


def _every_item(api: ApiClient, path: str) -> list[dict[str, Any]]:
    """All items of a collection, page by page at the largest page size."""
    items, page = [], 1
    while True:
        response = api.get(f"{path}?per_page=100&page={page}")
        assert response.status_code == 200, (path, response.get_json())
        body = response.get_json()
        items += body["items"]
        if page >= body["pagination"]["pages"]:
            return items
        page += 1


def _ids(model: type) -> list[int]:
    db.session.rollback()
    return list(db.session.scalars(db.select(model.id)))


@pytest.mark.parametrize("actor", ACTORS)
def test_lists_hold_exactly_what_the_policy_lets_the_user_see(
    app, world: World, actor: str
) -> None:
    user = world.actors[actor]
    api = ApiClient(app.test_client(), issue_token(user), user)
    checks = (
        ("/api/v1/needs", Need, policy.can_view_need),
        ("/api/v1/offers", Offer, policy.can_view_offer),
    )
    for path, model, may_see in checks:
        listed = {item["id"] for item in _every_item(api, path)}
        db.session.rollback()
        visible = {
            row.id for row in db.session.scalars(db.select(model)) if may_see(user, row)
        }
        assert listed == visible, f"{actor} {path}"
    pairings = {item["id"] for item in _every_item(api, "/api/v1/pairings")}
    db.session.rollback()
    allowed = {
        p.id
        for p in db.session.scalars(db.select(Pairing))
        if policy.can_view_pairing(user, p)
    }
    assert pairings <= allowed, f"{actor} lists pairings it may not see"
    notes = {item["id"] for item in _every_item(api, "/api/v1/notifications")}
    db.session.rollback()
    own = set(
        db.session.scalars(
            db.select(Notification.id).where(Notification.user_id == user.id)
        )
    )
    assert notes == own, f"{actor} notifications"


@pytest.mark.parametrize("actor", ACTORS)
def test_objects_out_of_reach_are_not_found(app, world: World, actor: str) -> None:
    user = world.actors[actor]
    api = ApiClient(app.test_client(), issue_token(user), user)
    reads = [
        (Need, policy.can_view_need, "/api/v1/needs/{}"),
        (Need, policy.can_view_need, "/api/v1/needs/{}/suggestions"),
        (Offer, policy.can_view_offer, "/api/v1/offers/{}"),
        (Offer, policy.can_view_offer, "/api/v1/offers/{}/suggestions"),
        (Pairing, policy.can_view_pairing, "/api/v1/pairings/{}"),
    ]
    problems = []
    for model, may_see, path in reads:
        for object_id in _ids(model):
            row = db.session.get(model, object_id)
            expected = 200 if may_see(user, row) else 404
            status = api.get(path.format(object_id)).status_code
            if status != expected:
                problems.append(f"{path.format(object_id)}: {status}, not {expected}")
    other = world.rows["notification"]
    mark = api.post(f"/api/v1/notifications/{other.id}/read")
    if actor != "focal_b":
        assert mark.status_code == 404
    assert not problems, f"{actor}:\n" + "\n".join(problems)


def test_the_world_has_objects_out_of_someones_reach(app, world: World) -> None:
    """Guards the two tests above against a world where everyone sees everything."""
    focal_a = world.actors["focal_a"]
    partner_x = world.actors["partner_x"]
    assert not policy.can_view_need(focal_a, world.rows["draft_need"])
    assert not policy.can_view_offer(partner_x, world.rows["draft_offer"])
    assert not policy.can_view_pairing(partner_x, world.rows["pairing"])
