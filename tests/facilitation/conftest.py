"""A small world for the facilitation tests: one need, one offer that fits it,
the people on both sides, and a facilitator."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from matchmaker.models import Need, Offer, Organisation, Role, User
from tests.conftest import sign_in_as

# Mail goes to a real SMTP server on 127.0.0.1 in every facilitation test.
from tests.notifications.conftest import (  # noqa: F401, E402 (fixtures)
    app_config,
    inbox,
    smtp_server,
)


@dataclass
class Parties:
    """A need of Bangladesh and an offer of Org Y that fits it, with their people."""

    need: Need
    offer: Offer
    organisation: Organisation
    focal: User
    partner: User
    facilitator: User


@pytest.fixture
def parties(make) -> Parties:
    return make_parties(make)


def make_parties(make) -> Parties:
    """The people and listings of one pairing (the API's tests use them too)."""
    organisation = make.organisation("Lanka Diagnostics Partnership")
    focal = make.user(
        Role.FOCAL_POINT,
        country="BGD",
        email="focal@example.org",
        full_name="Farida Focal",
        phone="+880 2 555 0101",
    )
    partner = make.user(
        Role.PARTNER,
        organisation=organisation,
        email="partner@example.org",
        full_name="Peter Partner",
        phone="+94 11 555 0199",
    )
    facilitator = make.user(
        Role.FACILITATOR,
        email="facilitator@example.org",
        full_name="Fatima Facilitator",
    )
    need = make.need(country="BGD", created_by=focal)
    offer = make.offer(organisation=organisation, created_by=partner, capacity=2)
    return Parties(need, offer, organisation, focal, partner, facilitator)


@pytest.fixture
def as_user(app):
    """A new test client signed in as the given user."""

    def _client(user: User):
        return sign_in_as(app.test_client(), user)

    return _client


def accept(client, need_id: int, offer_id: int, version: int = 0,
           model: str = "bilateral-grant"):  # fmt: skip
    """Post an acceptance as the review page does."""
    return client.post(
        f"/review/{need_id}/{offer_id}/accept",
        data={"accept-version": str(version), "accept-cooperation_model": model},
    )


def decline(client, need_id: int, offer_id: int, version: int = 0,
            reason: str = "wrong-support-type"):  # fmt: skip
    """Post a decline as the review page does."""
    return client.post(
        f"/review/{need_id}/{offer_id}/decline",
        data={"decline-version": str(version), "decline-reason": reason},
    )
