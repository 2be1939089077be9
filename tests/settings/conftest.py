"""Fixtures for the settings area: signed-in staff and pairings with a history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    CooperationModel,
    DeclineReason,
    Offer,
    Pairing,
    PairingEvent,
    PairingStatus,
    Role,
    User,
    utcnow,
)
from tests.conftest import sign_in_as

# The steps a pairing takes to reach each status, after it was proposed.
PATHS: dict[PairingStatus, tuple[PairingStatus, ...]] = {
    PairingStatus.DECLINED: (PairingStatus.DECLINED,),
    PairingStatus.ACCEPTED: (PairingStatus.ACCEPTED,),
    PairingStatus.INTRODUCED: (PairingStatus.ACCEPTED, PairingStatus.INTRODUCED),
    PairingStatus.AGREED: (
        PairingStatus.ACCEPTED, PairingStatus.INTRODUCED, PairingStatus.AGREED,
    ),
    PairingStatus.IN_PROGRESS: (
        PairingStatus.ACCEPTED, PairingStatus.INTRODUCED, PairingStatus.AGREED,
        PairingStatus.IN_PROGRESS,
    ),
    PairingStatus.STALLED: (
        PairingStatus.ACCEPTED, PairingStatus.INTRODUCED, PairingStatus.AGREED,
        PairingStatus.STALLED,
    ),
    PairingStatus.COMPLETED: (
        PairingStatus.ACCEPTED, PairingStatus.INTRODUCED, PairingStatus.AGREED,
        PairingStatus.IN_PROGRESS, PairingStatus.COMPLETED,
    ),
    PairingStatus.CLOSED: (PairingStatus.ACCEPTED, PairingStatus.CLOSED),
    PairingStatus.PROPOSED: (),
}  # fmt: skip
ACTIONS = {
    PairingStatus.DECLINED: "decline",
    PairingStatus.ACCEPTED: "accept",
    PairingStatus.INTRODUCED: "introduce",
    PairingStatus.CLOSED: "close",
}


@pytest.fixture
def admin(make) -> User:
    return make.user(Role.ADMIN)


@pytest.fixture
def as_user(app: Flask) -> Callable[[User], FlaskClient]:
    """A new client signed in as ``user``."""
    return lambda user: sign_in_as(app.test_client(), user)


def term(model: type, slug: str):
    """A seeded decline reason or cooperation model by slug."""
    return db.session.scalar(select(model).where(model.slug == slug))


@pytest.fixture
def make_pairing(make):
    """A function writing one pairing (a new need of ``country`` and one shared
    offer) that reached ``status`` step by step, its last step ``days_ago``."""
    shared: dict[str, Offer] = {}

    def _make(
        status: PairingStatus,
        *,
        reason: str | None = None,
        model: str | None = None,
        country: str = "NPL",
        days_ago: float = 1,
        now: datetime | None = None,
    ) -> Pairing:
        if "offer" not in shared:
            shared["offer"] = make.offer(capacity=1000)
        need = make.need(country=country)
        at = (now or utcnow()) - timedelta(days=days_ago)
        pairing = Pairing(
            need=need,
            offer=shared["offer"],
            status=status,
            reason=term(DeclineReason, reason) if reason else None,
            cooperation_model=term(CooperationModel, model) if model else None,
        )
        steps = PATHS[status]
        before: PairingStatus | None = None
        for position, step in enumerate(steps):
            pairing.events.append(
                PairingEvent(
                    action=ACTIONS.get(step, "report"),
                    from_status=before,
                    to_status=step,
                    at=at - timedelta(hours=len(steps) - 1 - position),
                )
            )
            before = step
        db.session.add(pairing)
        db.session.commit()
        return pairing

    return _make


def rows(model: type) -> int:
    """Rows of ``model``, read in a fresh transaction."""
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))
