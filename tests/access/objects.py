"""The world every access case runs in: eight actors and objects owned by others.

Owners are chosen so that each actor meets objects that are *not theirs*: ``{need}``
belongs to country B (BGD), ``{offer}`` to organisation Y, so focal_a (NPL) and
partner_x are strangers to them; focal_b and partner_y are their owners.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Category, NeedStatus, OfferStatus, Role, SupportType, User
from tests.factories import Factories


@dataclass
class World:
    """Actors by name (None for anonymous) and path placeholder values."""

    actors: dict[str, User | None]
    objects: dict[str, str]
    rows: dict[str, object] = field(default_factory=dict)


def build_world(make: Factories) -> World:
    """Create the actors and the objects the policy table's paths refer to."""
    org_x = make.organisation("Organisation X")
    org_y = make.organisation("Organisation Y")
    actors: dict[str, User | None] = {
        "anonymous": None,
        "focal_a": make.user(Role.FOCAL_POINT, country="NPL"),
        "focal_b": make.user(Role.FOCAL_POINT, country="BGD"),
        "partner_x": make.user(Role.PARTNER, organisation=org_x),
        "partner_y": make.user(Role.PARTNER, organisation=org_y),
        "facilitator": make.user(Role.FACILITATOR),
        "admin": make.user(Role.ADMIN),
        "disabled": make.user(Role.ADMIN),
    }
    owner_b, owner_y = actors["focal_b"], actors["partner_y"]
    rows = {
        "need": make.need(country="BGD", created_by=owner_b),
        "draft_need": make.need(
            country="BGD", status=NeedStatus.DRAFT, created_by=owner_b
        ),
        "offer": make.offer(organisation=org_y, created_by=owner_y),
        "draft_offer": make.offer(
            organisation=org_y, status=OfferStatus.DRAFT, created_by=owner_y
        ),
        # Open, but eligible for Bangladesh only: not for focal_a's Nepal.
        "bgd_offer": make.offer(
            organisation=org_y, eligible_countries=("BGD",), created_by=owner_y
        ),
        "user": make.user(Role.FOCAL_POINT, country="THA"),
    }
    category = db.session.scalar(select(Category).order_by(Category.id))
    support_type = db.session.scalar(select(SupportType).order_by(SupportType.id))
    objects = {name: str(row.id) for name, row in rows.items()}
    objects.update(
        organisation=str(org_y.id),
        category=str(category.id),
        support_type=str(support_type.id),
        token=secrets.token_urlsafe(32),
    )
    return World(actors=actors, objects=objects, rows=rows)
