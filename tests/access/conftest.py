"""Fixtures for the access tests: the world of actors and their signed-in clients."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from matchmaker.extensions import db
from tests.access.objects import World, build_world
from tests.conftest import sign_in_as


@pytest.fixture
def world(app: Flask, make) -> World:
    """Actors and objects owned by someone else; see ``objects.py``."""
    return build_world(make)


@pytest.fixture
def clients(app: Flask, world: World) -> dict[str, FlaskClient]:
    """One client per actor. The disabled admin signs in, then is disabled (only
    the flag: its session generation is left as it was), so its client replays a
    cookie that was valid before."""
    from tests.api.conftest import issue_token

    result = {}
    for name, user in world.actors.items():
        client = app.test_client()
        if user is not None:
            sign_in_as(client, user)
            # API entries send this instead of the cookie (see test_every_route).
            client.api_token = issue_token(user)  # type: ignore[attr-defined]
        result[name] = client
    disabled = world.actors["disabled"]
    disabled.active = False
    db.session.commit()
    return result
