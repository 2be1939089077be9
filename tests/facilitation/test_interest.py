"""Expressions of interest: recorded once, lifted in the queue, the other side told
that interest exists but never who to contact."""

from __future__ import annotations

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    Interest,
    Notification,
    NotificationKind,
    Pairing,
    PairingStatus,
    Role,
)
from matchmaker.services import review_queue


def _ask(client, parties, message="We would like to hear more."):
    return client.post(
        f"/offers/{parties.offer.id}/interest",
        data={"listing": str(parties.need.id), "message": message},
    )


def test_focal_point_asks_for_an_introduction(parties, make, as_user):
    other_need = make.need(country="NPL", title="Vaccine cold chain")
    staff = parties.facilitator
    response = _ask(as_user(parties.focal), parties)
    assert response.status_code == 302
    [interest] = db.session.scalars(select(Interest)).all()
    assert (interest.need_id, interest.offer_id) == (parties.need.id, parties.offer.id)
    pairing = db.session.scalar(select(Pairing))
    assert pairing.status is PairingStatus.PROPOSED
    assert [e.action for e in pairing.events] == ["interest"]

    # Lifted to the top of the queue, and filterable.
    queue = review_queue.build(staff)
    assert queue[0].key == (parties.need.id, parties.offer.id)
    assert queue[0].interest_count == 1
    only = review_queue.QueueFilters(interest=True)
    assert [i.key for i in queue if only.admits(i)] == [queue[0].key]
    assert other_need.id not in {i.need.id for i in queue if only.admits(i)}

    notes = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.INTEREST)
    ).all()
    by_user = {n.user_id: n for n in notes}
    assert staff.id in by_user and parties.partner.id in by_user
    partner_note = by_user[parties.partner.id]
    assert "Bangladesh" in partner_note.subject
    assert "focal@example.org" not in partner_note.body + partner_note.subject
    assert "Farida" not in partner_note.body + partner_note.subject

    # The partner sees that Bangladesh asked, not who.
    page = (
        as_user(parties.partner)
        .get(f"/offers/{parties.offer.id}")
        .get_data(as_text=True)
    )
    assert "Bangladesh asked for an introduction" in page
    assert "focal@example.org" not in page and "Farida" not in page


def test_asking_twice_records_one_interest(parties, as_user):
    client = as_user(parties.focal)
    assert _ask(client, parties).status_code == 302
    again = client.post(
        f"/offers/{parties.offer.id}/interest",
        data={"listing": str(parties.need.id), "message": "Again"},
        follow_redirects=True,
    )
    assert "already expressed interest" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Interest.id))) == 1


def test_a_need_of_another_country_is_refused(parties, make, as_user):
    nepal = make.user(Role.FOCAL_POINT, country="NPL")
    response = _ask(as_user(nepal), parties)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Interest.id))) == 0
    assert db.session.scalar(select(func.count(Pairing.id))) == 0


def test_partner_offers_support(parties, as_user):
    response = as_user(parties.partner).post(
        f"/needs/{parties.need.id}/interest",
        data={"listing": str(parties.offer.id), "message": "We can train staff."},
    )
    assert response.status_code == 302
    note = db.session.scalar(
        select(Notification).where(Notification.user_id == parties.focal.id)
    )
    assert "Lanka Diagnostics Partnership offers support" in note.subject
    assert "partner@example.org" not in note.body
    review = as_user(parties.facilitator).get(
        f"/review/{parties.need.id}/{parties.offer.id}"
    )
    text = review.get_data(as_text=True)
    assert "We can train staff." in text and "offered support" in text


def test_the_interest_form_is_offered_only_to_who_may_use_it(parties, as_user):
    offer_page = f"/offers/{parties.offer.id}"
    need_page = f"/needs/{parties.need.id}"
    assert "Ask for an introduction" in as_user(parties.focal).get(offer_page).get_data(
        as_text=True
    )
    assert "Offer support" in as_user(parties.partner).get(need_page).get_data(
        as_text=True
    )
    staff_page = as_user(parties.facilitator).get(offer_page).get_data(as_text=True)
    assert "Ask for an introduction" not in staff_page
