"""Fixtures for page tests: signed-in clients per role and row counts."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Need, Offer, Organisation, Role
from tests.conftest import sign_in_as


@pytest.fixture
def as_role(app: Flask, make):
    """A function returning a new client signed in as a new user of ``role``."""

    def _client(role: Role, **kwargs) -> FlaskClient:
        return sign_in_as(app.test_client(), make.user(role, **kwargs))

    return _client


def count(model: type) -> int:
    """Rows of ``model``, read in a fresh transaction."""
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def versions() -> tuple:
    """Every need's and offer's (id, version) and the organisation count."""
    db.session.rollback()
    return (
        sorted(db.session.execute(select(Need.id, Need.version)).all()),
        sorted(db.session.execute(select(Offer.id, Offer.version)).all()),
        count(Organisation),
    )


@pytest.fixture
def as_role_once(app: Flask, make):
    """Like ``as_role``, but one client per role for the whole test: hypothesis
    calls it once per example."""
    made: dict[Role, FlaskClient] = {}

    def _client(role: Role, **kwargs) -> FlaskClient:
        if role not in made:
            if role is Role.PARTNER:
                kwargs.setdefault("organisation", make.organisation("Fuzzing partner"))
            made[role] = sign_in_as(app.test_client(), make.user(role, **kwargs))
        return made[role]

    return _client
