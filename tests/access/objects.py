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
from matchmaker.models import (
    Category,
    HubCall,
    MatchRun,
    NeedStatus,
    Notification,
    NotificationKind,
    OfferStatus,
    Pairing,
    PairingStatus,
    ProposalKind,
    RegionalCooperation,
    RegionalProposal,
    Role,
    RunKind,
    RunStatus,
    Suggestion,
    SupportType,
    User,
    utcnow,
)
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
        "offer": make.offer(organisation=org_y, created_by=owner_y, capacity=5),
        "draft_offer": make.offer(
            organisation=org_y, status=OfferStatus.DRAFT, created_by=owner_y
        ),
        # Open, but eligible for Bangladesh only: not for focal_a's Nepal.
        "bgd_offer": make.offer(
            organisation=org_y, eligible_countries=("BGD",), created_by=owner_y
        ),
        "user": make.user(Role.FOCAL_POINT, country="THA"),
    }
    rows.update(_workflow_rows(rows, actors))
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


def _workflow_rows(rows: dict, actors: dict[str, User | None]) -> dict[str, object]:
    """Pairings, a run with its proposals, a notification and an open call.

    ``{pairing}`` is introduced (focal_b and partner_y are its parties);
    ``{accepted_pairing}`` is accepted but not yet introduced; ``{review_need}``
    is a need of country B that the run ``{run}`` suggests ``{offer}`` for, not yet
    decided; ``{hub}`` and ``{regional}`` are that run's proposals; ``{call}`` an
    open call raised from the hub; ``{notification}`` is focal_b's.
    """
    from tests.factories import Factories

    make = Factories()
    need, offer = rows["need"], rows["offer"]
    owner_b = actors["focal_b"]
    second = make.need(country="BGD", created_by=owner_b, title="Calibration centre")
    review_need = make.need(country="BGD", created_by=owner_b)
    npl_need = make.need(country="NPL", created_by=actors["focal_a"])
    now = utcnow()
    pairing = Pairing(
        need=need, offer=offer, status=PairingStatus.INTRODUCED, introduced_at=now
    )
    accepted = Pairing(need=second, offer=offer, status=PairingStatus.ACCEPTED)
    run = MatchRun(
        kind=RunKind.FULL,
        status=RunStatus.SUCCEEDED,
        finished_at=now,
        counts={"needs": 3, "offers": 1, "suggestions": 1, "pairings": 1,
                "regional": 1, "hubs": 1, "unmet": 0},
        timings={"total_s": 0.1},
    )  # fmt: skip
    suggestion = Suggestion(
        run=run, need=review_need, offer=offer, rank=1, score=72.5, assigned=True
    )
    hub = RegionalProposal(
        run=run,
        kind=ProposalKind.HUB,
        theme="genomic surveillance",
        sub_region_slug="south-south-west-asia",
        suggested_host_alpha3="BGD",
        why="Three countries need genomic surveillance; no offer covers it.",
        needs=[review_need, npl_need],
    )
    regional = RegionalProposal(
        run=run,
        kind=ProposalKind.REGIONAL_OFFER,
        offer=offer,
        score=70.0,
        why="One offer for 2 countries: Bangladesh, Nepal",
        needs=[review_need, npl_need],
    )
    call = HubCall(
        theme="vaccine fill-finish",
        sub_region_slug="south-south-west-asia",
        why="Several countries need fill-finish capacity.",
        needs=[npl_need],
    )
    notification = Notification(
        user=owner_b,
        kind=NotificationKind.DECISION,
        subject="A suggestion for your need was accepted",
        link=f"/needs/{need.id}",
    )
    cooperation = RegionalCooperation(
        offer=offer, title="Regional", pairings=[accepted]
    )
    db.session.add_all(
        [pairing, accepted, run, suggestion, hub, regional, call, notification,
         cooperation]
    )  # fmt: skip
    db.session.commit()
    # Every other actor has an unread notification of their own too, so that
    # "mark all as read" has something to change for each of them.
    db.session.add_all(
        Notification(user=user, kind=NotificationKind.RUN_FINISHED,
                     subject="Matching finished", link="/")
        for name, user in actors.items()
        if user is not None and name != "focal_b"
    )  # fmt: skip
    db.session.commit()
    return {
        "second_need": second,
        "review_need": review_need,
        "npl_need": npl_need,
        "pairing": pairing,
        "accepted_pairing": accepted,
        "run": run,
        "hub": hub,
        "regional": regional,
        "call": call,
        "notification": notification,
        "regional_cooperation": cooperation,
        **_settings_rows(),
    }


def _settings_rows() -> dict[str, object]:
    """``{decline_reason}`` and ``{cooperation_model}``: seeded terms;
    ``{settings_version}``: saved match settings that differ from the defaults
    (a hub needs four countries), so that restoring the defaults writes."""
    from matchmaker.models import CooperationModel, DeclineReason, MatchSettingsVersion

    version = MatchSettingsVersion(values={"hub_min_countries": 4}, note="World")
    db.session.add(version)
    db.session.commit()
    return {
        "decline_reason": db.session.scalar(
            select(DeclineReason).order_by(DeclineReason.id)
        ),
        "cooperation_model": db.session.scalar(
            select(CooperationModel).order_by(CooperationModel.id)
        ),
        "settings_version": version,
    }
