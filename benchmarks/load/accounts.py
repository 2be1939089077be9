"""The load's users, created through the service, and what each may open and edit.

Every role is there in proportion (focal points 40 %, partners 32 %, facilitators
20 %, admins 8 %), with several users on one country or one organisation, so that
some edits meet a concurrent edit of the same listing (the 409 the service answers
then is expected, not an error). Passwords are generated per run and never leave
this process. What each user may open is read with the access policy's own
queries (``needs_visible_to``, ``offers_visible_to``), so a page the load asks for
is a page the user reaches by clicking; the listings it edits are the scaled rows
of its country or organisation that the form accepts as they are (no deadline or
validity in the past).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from benchmarks.load.scale import NEED_REFERENCE, OFFER_REFERENCE, ORGANISATION_PREFIX

DOMAIN = "load.example.org"
SHARE = {"focal-point": 0.40, "partner": 0.32, "facilitator": 0.20, "admin": 0.08}
USERS_PER_COUNTRY = 4
USERS_PER_ORGANISATION = 2
# Ids a user opens pages of: a sample is enough, and keeps the client small.
SAMPLE = 600


@dataclass
class LoadUser:
    """One signed-in user of the load and the listings it works with."""

    email: str
    password: str = field(repr=False)
    role: str
    need_ids: list[int] = field(default_factory=list)
    offer_ids: list[int] = field(default_factory=list)
    editable_need_ids: list[int] = field(default_factory=list)
    editable_offer_ids: list[int] = field(default_factory=list)
    # An open, valid offer it may see: the one the probe times (0: none).
    probe_offer_id: int = 0


def _counts(users: int) -> dict[str, int]:
    counts = {role: max(1, int(users * share)) for role, share in SHARE.items()}
    counts["focal-point"] += users - sum(counts.values())
    return counts


def create_users(users: int) -> list[LoadUser]:
    """Create ``users`` accounts of every role (committed); returns them."""
    from matchmaker.extensions import db
    from matchmaker.models import Need, NeedStatus, Offer, Organisation, Role
    from matchmaker.services.users import create_user

    counts = _counts(users)
    countries = list(
        db.session.scalars(
            select(Need.country_alpha3)
            .where(Need.reference.like(f"{NEED_REFERENCE}%"))
            .where(Need.status.in_([NeedStatus.DRAFT, NeedStatus.OPEN]))
            .group_by(Need.country_alpha3)
            .order_by(func.count().desc(), Need.country_alpha3)
        )
    )
    organisations = list(
        db.session.scalars(
            select(Organisation.name)
            .join(Offer, Offer.organisation_id == Organisation.id)
            .where(Organisation.name.like(f"{ORGANISATION_PREFIX}%"))
            .group_by(Organisation.name)
            .order_by(func.count().desc(), Organisation.name)
        )
    )
    made: list[LoadUser] = []
    for role, count in counts.items():
        for number in range(count):
            password = secrets.token_urlsafe(16)
            email = f"{role}-{number + 1:02d}@{DOMAIN}"
            create_user(
                email=email,
                role=Role(role),
                password=password,
                country=countries[number // USERS_PER_COUNTRY]
                if role == "focal-point"
                else None,
                organisation=organisations[number // USERS_PER_ORGANISATION]
                if role == "partner"
                else None,
                full_name=f"Load {role} {number + 1}",
            )
            made.append(LoadUser(email, password, role))
    _fill_pools(made)
    return made


def _fill_pools(users: list[LoadUser]) -> None:
    """Per user, the ids of listings it may open and those it may edit."""
    from matchmaker import policy
    from matchmaker.extensions import db
    from matchmaker.models import Need, NeedStatus, Offer, OfferStatus
    from matchmaker.services.users import find_by_email

    soon = date.today() + timedelta(days=7)
    for load_user in users:
        user = find_by_email(load_user.email)
        assert user is not None
        need_ids = db.session.scalars(
            policy.needs_visible_to(user).with_only_columns(Need.id)
        ).all()
        offer_ids = db.session.scalars(
            policy.offers_visible_to(user).with_only_columns(Offer.id)
        ).all()
        load_user.need_ids = _sample(need_ids, user.id)
        load_user.offer_ids = _sample(offer_ids, user.id)
        load_user.probe_offer_id = (
            db.session.scalar(
                policy.offers_visible_to(user)
                .with_only_columns(Offer.id)
                .where(Offer.status == OfferStatus.OPEN, Offer.valid_until > soon)
                .order_by(Offer.id.desc())
                .limit(1)
            )
            or 0
        )
        if user.country_alpha3:
            load_user.editable_need_ids = list(
                db.session.scalars(
                    select(Need.id).where(
                        Need.country_alpha3 == user.country_alpha3,
                        Need.reference.like(f"{NEED_REFERENCE}%"),
                        Need.status.in_([NeedStatus.DRAFT, NeedStatus.OPEN]),
                    )
                )
            )
        if user.organisation_id:
            load_user.editable_offer_ids = list(
                db.session.scalars(
                    select(Offer.id).where(
                        Offer.organisation_id == user.organisation_id,
                        Offer.reference.like(f"{OFFER_REFERENCE}%"),
                        Offer.status.in_([OfferStatus.DRAFT, OfferStatus.OPEN]),
                        Offer.valid_until > soon,
                    )
                )
            )
    db.session.rollback()


def _sample(ids: Sequence[int], seed: int) -> list[int]:
    values = sorted(ids)
    if len(values) <= SAMPLE:
        return values
    return sorted(random.Random(seed).sample(values, SAMPLE))
