"""The policy functions, as tables of (who, what, expected), and the query scopes
held equal to the per-object rules.

Each table is checked row by row in one world (building a world per row would cost
more than the checks); a failure lists every wrong row.
"""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.models import NeedStatus, OfferStatus, Role

OWN, OTHER = "own", "other"


@pytest.fixture
def people(make):
    org_x, org_y = make.organisation("X"), make.organisation("Y")
    return {
        "anonymous": AnonymousUserMixin(),
        "focal_npl": make.user(Role.FOCAL_POINT, country="NPL"),
        "focal_bgd": make.user(Role.FOCAL_POINT, country="BGD"),
        "focal_fji": make.user(Role.FOCAL_POINT, country="FJI"),
        "partner_x": make.user(Role.PARTNER, organisation=org_x),
        "partner_y": make.user(Role.PARTNER, organisation=org_y),
        "facilitator": make.user(Role.FACILITATOR),
        "admin": make.user(Role.ADMIN),
        "disabled_admin": make.user(Role.ADMIN, active=False),
        "org_y": org_y,
    }


NEED_VIEW = [
    # who, need status, expected (the need is Bangladesh's)
    ("focal_bgd", NeedStatus.DRAFT, True),
    ("focal_bgd", NeedStatus.WITHDRAWN, True),
    ("focal_npl", NeedStatus.OPEN, False),
    ("focal_npl", NeedStatus.DRAFT, False),
    ("partner_x", NeedStatus.OPEN, True),
    ("partner_x", NeedStatus.IN_DISCUSSION, True),
    ("partner_x", NeedStatus.DRAFT, False),
    ("partner_x", NeedStatus.WITHDRAWN, False),
    ("partner_x", NeedStatus.FULFILLED, False),
    ("facilitator", NeedStatus.DRAFT, True),
    ("admin", NeedStatus.DRAFT, True),
    ("anonymous", NeedStatus.OPEN, False),
    ("disabled_admin", NeedStatus.OPEN, False),
]


def test_can_view_need(people, make):
    wrong = []
    for who, status, expected in NEED_VIEW:
        need = make.need(country="BGD", status=status)
        visible = db.session.scalars(policy.needs_visible_to(people[who])).all()
        if policy.can_view_need(people[who], need) is not expected:
            wrong.append((who, status, "function"))
        if (need in visible) is not expected:
            wrong.append((who, status, "query"))
        db.session.delete(need)
        db.session.commit()
    assert not wrong


NEED_EDIT = [
    ("focal_bgd", NeedStatus.DRAFT, True),
    ("focal_bgd", NeedStatus.OPEN, True),
    ("focal_bgd", NeedStatus.IN_DISCUSSION, False),
    ("focal_bgd", NeedStatus.WITHDRAWN, False),
    ("focal_npl", NeedStatus.DRAFT, False),
    ("partner_x", NeedStatus.OPEN, False),
    ("facilitator", NeedStatus.OPEN, False),
    ("admin", NeedStatus.OPEN, False),
    ("anonymous", NeedStatus.OPEN, False),
]


def test_can_edit_need(people, make):
    needs = {status: make.need(country="BGD", status=status) for status in NeedStatus}
    wrong = [
        (who, status)
        for who, status, expected in NEED_EDIT
        if policy.can_edit_need(people[who], needs[status]) is not expected
    ]
    assert not wrong


NEED_STATUS = [
    ("focal_bgd", NeedStatus.DRAFT, NeedStatus.OPEN, True),
    ("focal_bgd", NeedStatus.DRAFT, NeedStatus.WITHDRAWN, True),
    ("focal_bgd", NeedStatus.OPEN, NeedStatus.WITHDRAWN, True),
    ("focal_bgd", NeedStatus.OPEN, NeedStatus.OPEN, False),
    ("focal_bgd", NeedStatus.OPEN, NeedStatus.MATCHED, False),
    ("focal_bgd", NeedStatus.WITHDRAWN, NeedStatus.OPEN, False),
    ("focal_npl", NeedStatus.DRAFT, NeedStatus.OPEN, False),
    ("facilitator", NeedStatus.OPEN, NeedStatus.WITHDRAWN, False),
    ("admin", NeedStatus.DRAFT, NeedStatus.OPEN, False),
]


def test_can_change_need_status(people, make):
    needs = {status: make.need(country="BGD", status=status) for status in NeedStatus}
    wrong = [
        (who, status, new)
        for who, status, new, expected in NEED_STATUS
        if policy.can_change_need_status(people[who], needs[status], new)
        is not expected
    ]
    assert not wrong


def test_who_may_create_listings(people):
    need_makers = {n for n, p in people.items() if policy.can_create_need(p)}
    offer_makers = {n for n, p in people.items() if policy.can_create_offer(p)}
    assert need_makers == {"focal_npl", "focal_bgd", "focal_fji"}
    assert offer_makers == {"partner_x", "partner_y"}


OFFER_VIEW = [
    # who, status, eligibility (countries, sub-regions), expected; owned by Y
    ("partner_y", OfferStatus.DRAFT, ((), ()), True),
    ("partner_y", OfferStatus.CLOSED, ((), ()), True),
    ("partner_x", OfferStatus.OPEN, ((), ()), False),
    ("focal_npl", OfferStatus.OPEN, ((), ()), True),
    ("focal_npl", OfferStatus.DRAFT, ((), ()), False),
    ("focal_npl", OfferStatus.CLOSED, ((), ()), False),
    ("focal_npl", OfferStatus.OPEN, (("BGD",), ()), False),
    ("focal_bgd", OfferStatus.OPEN, (("BGD",), ()), True),
    ("focal_npl", OfferStatus.OPEN, ((), ("south-south-west-asia",)), True),
    ("focal_fji", OfferStatus.OPEN, ((), ("south-south-west-asia",)), False),
    ("focal_fji", OfferStatus.OPEN, (("BGD",), ("pacific",)), True),
    ("facilitator", OfferStatus.DRAFT, ((), ()), True),
    ("admin", OfferStatus.DRAFT, ((), ()), True),
    ("anonymous", OfferStatus.OPEN, ((), ()), False),
    ("disabled_admin", OfferStatus.OPEN, ((), ()), False),
]


def test_can_view_offer(people, make):
    wrong = []
    for who, status, (countries, regions), expected in OFFER_VIEW:
        offer = make.offer(
            organisation=people["org_y"],
            status=status,
            eligible_countries=countries,
            eligible_sub_regions=regions,
        )
        visible = db.session.scalars(policy.offers_visible_to(people[who])).all()
        if policy.can_view_offer(people[who], offer) is not expected:
            wrong.append((who, status, countries, regions, "function"))
        if (offer in visible) is not expected:
            wrong.append((who, status, countries, regions, "query"))
        db.session.delete(offer)
        db.session.commit()
    assert not wrong


OFFER_CHANGE = [
    ("partner_y", OfferStatus.DRAFT, OfferStatus.OPEN, True),
    ("partner_y", OfferStatus.OPEN, OfferStatus.CLOSED, True),
    ("partner_y", OfferStatus.CLOSED, OfferStatus.OPEN, False),
    ("partner_y", OfferStatus.OPEN, OfferStatus.EXPIRED, False),
    ("partner_x", OfferStatus.DRAFT, OfferStatus.OPEN, False),
    ("facilitator", OfferStatus.OPEN, OfferStatus.CLOSED, False),
    ("admin", OfferStatus.OPEN, OfferStatus.CLOSED, False),
]


def test_can_change_and_edit_offer(people, make):
    offers = {
        s: make.offer(organisation=people["org_y"], status=s) for s in OfferStatus
    }
    wrong = []
    for who, status, new, expected in OFFER_CHANGE:
        offer = offers[status]
        if policy.can_change_offer_status(people[who], offer, new) is not expected:
            wrong.append((who, status, new))
        editable = (
            status in (OfferStatus.DRAFT, OfferStatus.OPEN) and who == "partner_y"
        )
        if policy.can_edit_offer(people[who], offer) is not editable:
            wrong.append((who, status, "edit"))
    assert not wrong


def test_only_admins_manage_shared_data(people):
    for rule in (
        policy.can_manage_organisations,
        policy.can_edit_taxonomy,
        policy.can_view_audit,
    ):
        assert {name for name, p in people.items() if rule(p)} == {"admin"}


def test_scopes_equal_object_rules_over_a_mixed_world(people, make):
    """Every person × every listing: the query and the function agree."""
    needs = [
        make.need(country=c, status=s)
        for c in ("NPL", "BGD", "FJI")
        for s in NeedStatus
    ]
    offers = [
        make.offer(organisation=people[o], status=s, eligible_countries=e)
        for o in ("org_y",)
        for s in OfferStatus
        for e in ((), ("FJI",))
    ]
    for name, user in people.items():
        if name == "org_y":
            continue
        seen_needs = set(db.session.scalars(policy.needs_visible_to(user)))
        assert seen_needs == {n for n in needs if policy.can_view_need(user, n)}
        seen_offers = set(db.session.scalars(policy.offers_visible_to(user)))
        assert seen_offers == {o for o in offers if policy.can_view_offer(user, o)}
