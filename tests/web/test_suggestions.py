"""Live suggestions on listing pages: scoped to the viewer, explained, kept fresh.

Each visibility test has a control: the same question asked by staff, who see
everything, must include the listing the narrower viewer must not see; otherwise
the test could pass because the engine found nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from matchmaker.extensions import db
from matchmaker.matching import MatchSettings
from matchmaker.models import (
    Category,
    NeedStatus,
    OfferStatus,
    Pairing,
    PairingStatus,
    Role,
)
from matchmaker.services import suggestions

LAB = "RT-PCR molecular diagnostics laboratory"
LAB_TEXT = "RT-PCR equipment, BSL-2 biosafety training and quality systems."


@pytest.fixture(autouse=True)
def _fresh_cache():
    suggestions.clear_cache()
    yield
    suggestions.clear_cache()


@pytest.fixture
def world(make):
    """Two countries' lab needs and three lab offers of two organisations."""
    org_x, org_y = make.organisation("Org X"), make.organisation("Org Y")
    need = dict(title=LAB, description=LAB_TEXT)
    offer = dict(title=LAB + " support", description=LAB_TEXT)
    return {
        "focal_npl": make.user(Role.FOCAL_POINT, country="NPL"),
        "partner_x": make.user(Role.PARTNER, organisation=org_x),
        "staff": make.user(Role.FACILITATOR),
        "need_npl": make.need(country="NPL", **need),
        "need_bgd": make.need(country="BGD", **need),
        "talks_bgd": make.need(country="BGD", status=NeedStatus.IN_DISCUSSION, **need),
        "draft_bgd": make.need(country="BGD", status=NeedStatus.DRAFT, **need),
        "x_any": make.offer(organisation=org_x, **offer),
        "y_any": make.offer(organisation=org_y, **offer),
        "y_bgd": make.offer(organisation=org_y, eligible_countries=("BGD",), **offer),
        "y_draft": make.offer(organisation=org_y, status=OfferStatus.DRAFT, **offer),
    }


def _offer_ids(user, need) -> set[int]:
    return {s.listing.id for s in suggestions.suggested_offers(user, need).items}


def _need_ids(user, offer) -> set[int]:
    return {s.listing.id for s in suggestions.fitting_needs(user, offer).items}


def test_focal_point_never_sees_an_offer_they_may_not_see(world):
    """Asked about Bangladesh's need, the engine suggests the BGD-only offer; a
    Nepali focal point may not see that offer, so it is cut, whoever asks."""
    need_bgd = world["need_bgd"]
    assert world["y_bgd"].id in _offer_ids(world["staff"], need_bgd)
    seen = _offer_ids(world["focal_npl"], need_bgd)
    assert world["y_bgd"].id not in seen
    assert seen == {world["x_any"].id, world["y_any"].id}
    own = _offer_ids(world["focal_npl"], world["need_npl"])
    assert own == {world["x_any"].id, world["y_any"].id}


def test_partner_sees_only_their_own_offers_suggested(world):
    staff_view = _offer_ids(world["staff"], world["need_bgd"])
    assert {world["y_any"].id, world["y_bgd"].id} <= staff_view
    assert _offer_ids(world["partner_x"], world["need_bgd"]) == {world["x_any"].id}


def test_drafts_are_never_suggested_nor_suggested_for(world):
    staff = world["staff"]
    assert world["y_draft"].id not in _offer_ids(staff, world["need_bgd"])
    draft = suggestions.suggested_offers(staff, world["draft_bgd"])
    assert draft.items == () and "draft" in draft.reason
    offer_draft = suggestions.fitting_needs(staff, world["y_draft"])
    assert offer_draft.items == () and "draft" in offer_draft.reason


def test_partner_never_sees_a_draft_need(world):
    needs = _need_ids(world["partner_x"], world["x_any"])
    published = {world["need_npl"].id, world["need_bgd"].id, world["talks_bgd"].id}
    assert needs == published
    assert world["draft_bgd"].id not in needs


def test_focal_point_sees_only_their_countrys_needs_fit_an_offer(world):
    assert world["need_bgd"].id in _need_ids(world["staff"], world["y_any"])
    assert _need_ids(world["focal_npl"], world["y_any"]) == {world["need_npl"].id}


def test_closed_and_expired_offers_and_settled_needs_say_why(world, make):
    staff = world["staff"]
    closed = make.offer(title=LAB, status=OfferStatus.CLOSED)
    assert "closed" in suggestions.fitting_needs(staff, closed).reason
    old = make.offer(title=LAB, valid_until=date(2020, 1, 1))
    assert "expired" in suggestions.fitting_needs(staff, old).reason
    withdrawn = make.need(title=LAB, status=NeedStatus.WITHDRAWN)
    assert "withdrawn" in suggestions.suggested_offers(staff, withdrawn).reason
    assert world["y_any"].id not in _offer_ids(staff, withdrawn)


def test_explanations_add_up_to_the_score(world):
    comparisons = set(MatchSettings().weights())
    found = suggestions.suggested_offers(world["staff"], world["need_bgd"]).items
    found += suggestions.fitting_needs(world["staff"], world["x_any"]).items
    assert len(found) >= 5
    for item in found:
        assert {row.comparison for row in item.explanation} == comparisons
        assert item.total == pytest.approx(item.score, abs=0.05)
        assert sum(row.weight for row in item.explanation) == pytest.approx(1, 1e-3)


def test_both_directions_give_the_same_score(world):
    staff, need, offer = world["staff"], world["need_npl"], world["x_any"]
    forward = {
        s.listing.id: s.score for s in suggestions.suggested_offers(staff, need).items
    }
    backward = {
        s.listing.id: s.score for s in suggestions.fitting_needs(staff, offer).items
    }
    assert forward[offer.id] == backward[need.id]


def test_the_index_is_cached_until_an_offer_changes(world, make):
    first = suggestions.offer_index()
    hits = suggestions.stats.hits
    assert suggestions.offer_index() is first
    assert suggestions.stats.hits == hits + 1
    offer = world["x_any"]
    offer.title = "Vaccine fill-finish technology transfer"
    offer.description = "mRNA vaccine manufacturing know-how and licences."
    db.session.commit()
    changed = suggestions.offer_index()
    assert changed is not first
    titles = {o.id: o.title for o in changed.offers}
    assert titles[str(offer.id)] == "Vaccine fill-finish technology transfer"
    assert offer.id not in _offer_ids(world["staff"], world["need_npl"])


def test_a_newly_published_offer_is_suggested_at_once(world, make):
    before = _offer_ids(world["staff"], world["need_npl"])
    fresh = make.offer(title=LAB + " grant", description=LAB_TEXT)
    assert fresh.id not in before
    assert fresh.id in _offer_ids(world["staff"], world["need_npl"])


def test_taxonomy_and_organisation_changes_rebuild_the_index(world):
    first = suggestions.offer_index()
    category = db.session.scalar(
        db.select(Category).where(Category.slug == "vaccine-manufacturing")
    )
    category.active = False
    db.session.commit()
    second = suggestions.offer_index()
    assert second is not first
    assert "vaccine-manufacturing" not in second.taxonomy.categories
    world["x_any"].organisation.name = "Org X renamed"
    db.session.commit()
    third = suggestions.offer_index()
    assert third is not second
    assert "Org X renamed" in {o.partner for o in third.offers}


def test_only_what_the_index_holds_rebuilds_it(world, make):
    """Drafts and pairings moving between active stages cost no rebuild; a pairing
    that fills an offer's places, or an offer leaving the open ones, does."""
    first = suggestions.offer_index()
    world["y_draft"].title = "A draft still being written"
    db.session.commit()
    assert suggestions.offer_index() is first
    offer = make.offer(title=LAB + " one place", description=LAB_TEXT, capacity=1)
    indexed = suggestions.offer_index()
    assert str(offer.id) in {o.id for o in indexed.offers}
    pairing = Pairing(
        need=world["need_npl"], offer=offer, status=PairingStatus.ACCEPTED
    )
    db.session.add(pairing)
    db.session.commit()
    full = suggestions.offer_index()
    assert full is not indexed
    assert str(offer.id) not in {o.id for o in full.offers}  # no place left
    pairing.status = PairingStatus.INTRODUCED  # still under way: same places
    db.session.commit()
    assert suggestions.offer_index() is full
    world["y_any"].status = OfferStatus.CLOSED
    db.session.commit()
    closed = suggestions.offer_index()
    assert str(world["y_any"].id) not in {o.id for o in closed.offers}
