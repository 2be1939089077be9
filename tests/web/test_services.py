"""The listing services: owner fields from the actor, audited writes, and edits on a
stale version refused without overwriting anything."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    Modality,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Outcome,
    Priority,
    Role,
)
from matchmaker.services import needs, offers, organisations, taxonomy
from matchmaker.services.listing import ListingConflict
from matchmaker.services.needs import NeedData
from matchmaker.services.offers import OfferData

NEED = NeedData(
    title="Biosafety level 2 laboratory",
    description="Containment and training.",
    category_slug="testing-laboratory",
    support_type_slugs=("technical", "equipment"),
    priority=Priority.HIGH,
    budget_usd=Decimal("120000.50"),
)
OFFER = OfferData(
    title="Calibration services",
    description="Metrology for hospital equipment.",
    category_slugs=("equipment-maintenance",),
    support_type_slugs=("technical",),
    eligible_any=False,
    eligible_countries=("NPL",),
    eligible_sub_regions=("pacific",),
    capacity=4,
    modality=Modality.REGIONAL,
)


def _events(action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_create_need_takes_country_owner_and_draft_status_from_the_actor(make):
    focal = make.user(Role.FOCAL_POINT, country="BGD")
    need = needs.create(focal, NEED)
    assert (need.country_alpha3, need.created_by_id) == ("BGD", focal.id)
    assert need.status is NeedStatus.DRAFT and need.version == 1
    assert [s.slug for s in need.support_types] == ["technical", "equipment"]
    (event,) = _events("need.create")
    assert event.actor_id is None or event.actor_id == focal.id
    assert event.details["after"]["budget_usd"] == "120000.50"


def test_update_records_only_what_changed_and_moves_the_version(make):
    need = needs.create(make.user(Role.FOCAL_POINT), NEED)
    changed = NeedData(**{**vars(NEED), "title": "New title", "priority": Priority.LOW})
    needs.update(need, 1, changed)
    assert need.version == 2 and need.title == "New title"
    (event,) = _events("need.update")
    assert event.details == {
        "before": {"title": NEED.title, "priority": "high"},
        "after": {"title": "New title", "priority": "low"},
    }


def test_changing_only_support_types_still_moves_the_version(make):
    need = needs.create(make.user(Role.FOCAL_POINT), NEED)
    needs.update(need, 1, NeedData(**{**vars(NEED), "support_type_slugs": ("policy",)}))
    assert need.version == 2


def test_stale_version_is_refused_and_nothing_is_overwritten(make):
    need = needs.create(make.user(Role.FOCAL_POINT), NEED)
    needs.update(need, 1, NeedData(**{**vars(NEED), "title": "First save"}))
    with pytest.raises(ListingConflict):
        needs.update(need, 1, NeedData(**{**vars(NEED), "title": "Stale save"}))
    db.session.expire_all()
    assert db.session.get(Need, need.id).title == "First save"
    (conflict,) = _events("need.conflict")
    assert conflict.outcome is Outcome.FAILURE
    assert conflict.details == {"expected_version": 1, "current_version": 2}


def test_a_save_racing_past_the_check_is_still_a_conflict(make, engine):
    """Another writer commits between our read and our write: the version column
    turns the lost update into a conflict."""
    need_id = needs.create(make.user(Role.FOCAL_POINT), NEED).id
    db.session.rollback()
    with engine.begin() as connection:
        connection.execute(
            update(Need).where(Need.id == need_id).values(title="Theirs", version=2)
        )
    need = needs.get(need_id)
    set_committed_value(need, "version", 1)  # as if we had read it before them
    with pytest.raises(ListingConflict):
        needs.update(need, 1, NeedData(**{**vars(NEED), "title": "Ours"}))
    db.session.expire_all()
    assert db.session.get(Need, need.id).title == "Theirs"


def test_publish_and_withdraw_are_audited(make):
    need = needs.create(make.user(Role.FOCAL_POINT), NEED)
    needs.change_status(need, 1, "publish")
    needs.change_status(need, 2, "withdraw")
    assert need.status is NeedStatus.WITHDRAWN and need.version == 3
    (publish,) = _events("need.publish")
    assert publish.details == {
        "before": {"status": "draft"},
        "after": {"status": "open"},
    }
    with pytest.raises(ListingConflict):
        needs.change_status(need, 2, "withdraw")


def test_offer_takes_the_partners_organisation_and_its_eligibility(make):
    partner = make.user(Role.PARTNER)
    offer = offers.create(partner, OFFER)
    assert offer.organisation_id == partner.organisation_id
    assert offer.status is OfferStatus.DRAFT
    assert offer.eligibility_codes == ["NPL", "pacific"]
    any_country = OfferData(**{**vars(OFFER), "eligible_any": True})
    offers.update(offer, 1, any_country)
    assert offer.eligibility_codes == ["any"] and offer.version == 2
    (event,) = _events("offer.update")
    assert event.details["after"]["eligibility"] == ["any"]


def test_offer_conflict_and_close(make):
    offer = offers.create(make.user(Role.PARTNER), OFFER)
    offers.change_status(offer, 1, "publish")
    with pytest.raises(ListingConflict):
        offers.update(offer, 1, OFFER)
    offers.change_status(offer, 2, "close")
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).status is OfferStatus.CLOSED


def test_organisation_names_are_unique_whatever_the_case(make):
    from matchmaker.models import OrganisationKind

    data = organisations.OrganisationData(
        "WHO SEARO", OrganisationKind.MULTILATERAL, None
    )
    created = organisations.create(data)
    with pytest.raises(organisations.DuplicateName):
        organisations.create(organisations.OrganisationData(
            "who searo", OrganisationKind.COMPANY, None))  # fmt: skip
    renamed = organisations.OrganisationData(
        "WHO SEARO", OrganisationKind.MULTILATERAL, "IND", "https://who.int"
    )
    organisations.update(created, renamed)
    assert created.country_alpha3 == "IND"
    assert len(_events("organisation.update")) == 1


def test_terms_are_added_edited_and_retired_never_deleted(make):
    from matchmaker.models import Category

    data = taxonomy.TermData(label="Biobanks", slug="biobanks",
                             related_slugs=("rd-institute", "biobanks"))  # fmt: skip
    term = taxonomy.create_term(Category, data)
    assert [c.slug for c in term.related] == ["rd-institute"]  # never itself
    with pytest.raises(taxonomy.DuplicateSlug):
        taxonomy.create_term(Category, data)
    taxonomy.set_active(term, False)
    assert "biobanks" not in {s for s, _ in taxonomy.term_choices(Category)}
    assert "biobanks" in {s for s, _ in taxonomy.term_choices(Category, [term])}
    assert [e.details for e in _events("category.deactivate")] == [
        {"before": {"active": True}, "after": {"active": False}}
    ]
