"""Accept, decline, defer: each a pairing event, an audit event and notifications;
a declined pair stays out of suggestions until a listing's content changes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    Notification,
    Pairing,
    PairingEvent,
    PairingStatus,
    Suggestion,
)
from matchmaker.services import needs, review_queue, suggestions
from matchmaker.services.match_runs import run_full_match
from tests.facilitation.conftest import accept, decline


def _suggested(staff, need) -> set[int]:
    return {s.listing.id for s in suggestions.suggested_offers(staff, need).items}


def _run_pairs() -> set[tuple[int, int]]:
    """The pairs a new full run suggests."""
    run = run_full_match()
    return {
        (s.need_id, s.offer_id)
        for s in db.session.scalars(
            select(Suggestion).where(Suggestion.run_id == run.id)
        )
    }


def _queue_pairs(staff) -> set[tuple[int, int]]:
    return {item.key for item in review_queue.build(staff)}


def test_accept_records_event_audit_and_tells_both_sides(parties, as_user):
    client = as_user(parties.facilitator)
    response = accept(client, parties.need.id, parties.offer.id)
    assert response.status_code == 302
    pairing = db.session.scalar(select(Pairing))
    assert response.headers["Location"] == f"/pairings/{pairing.id}"
    assert pairing.status is PairingStatus.ACCEPTED
    assert pairing.cooperation_model.slug == "bilateral-grant"
    assert pairing.score is not None and pairing.score > 0
    [event] = pairing.events
    assert (event.action, event.actor_id) == ("accept", parties.facilitator.id)
    audits = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "pairing.accept")
    ).all()
    assert len(audits) == 1 and audits[0].actor_id == parties.facilitator.id
    told = {n.user_id for n in db.session.scalars(select(Notification))}
    assert told == {parties.focal.id, parties.partner.id}
    for note in db.session.scalars(select(Notification)):
        # Before the introduction, nobody learns who the other side's people are.
        assert "partner@example.org" not in note.body + note.subject
        assert "focal@example.org" not in note.body + note.subject


def test_decline_needs_a_reason_and_writes_nothing_without_one(parties, as_user):
    client = as_user(parties.facilitator)
    response = client.post(
        f"/review/{parties.need.id}/{parties.offer.id}/decline",
        data={"decline-version": "0", "decline-reason": ""},
    )
    assert response.status_code == 422
    assert "Choose a reason" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Pairing.id))) == 0


def test_declined_pair_stays_out_until_the_need_changes(parties, as_user):
    staff, need, offer = parties.facilitator, parties.need, parties.offer
    assert offer.id in _suggested(staff, need)
    assert (need.id, offer.id) in _run_pairs()
    assert (need.id, offer.id) in _queue_pairs(staff)

    assert decline(as_user(staff), need.id, offer.id).status_code == 302
    db.session.expire_all()
    assert offer.id not in _suggested(staff, need)
    assert need.id not in {
        s.listing.id for s in suggestions.fitting_needs(staff, offer).items
    }
    assert (need.id, offer.id) not in _run_pairs()
    assert (need.id, offer.id) not in _queue_pairs(staff)

    # A status change is not a content change: still out.
    need = needs.get(need.id)
    need.status = need.status  # untouched content
    db.session.commit()
    assert offer.id not in _suggested(staff, need)

    data = needs.NeedData(
        title=need.title,
        description=need.description + " Also biosafety training for technicians.",
        category_slug=need.category.slug,
        support_type_slugs=tuple(s.slug for s in need.support_types),
        priority=need.priority,
    )
    needs.update(need, need.version, data)
    db.session.expire_all()
    need = needs.get(need.id)
    assert offer.id in _suggested(staff, need)
    assert (need.id, offer.id) in _run_pairs()
    assert (need.id, offer.id) in _queue_pairs(staff)
    # ... and may be decided again.
    pairing = db.session.scalar(select(Pairing))
    response = accept(as_user(staff), need.id, offer.id, pairing.version)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Pairing, pairing.id).status is PairingStatus.ACCEPTED


def test_defer_hides_the_pair_until_its_date(parties, as_user):
    staff, need, offer = parties.facilitator, parties.need, parties.offer
    later = date.today() + timedelta(days=14)
    response = as_user(staff).post(
        f"/review/{need.id}/{offer.id}/defer",
        data={"defer-version": "0", "defer-until": later.isoformat()},
    )
    assert response.status_code == 302
    assert (need.id, offer.id) not in _queue_pairs(staff)
    assert (need.id, offer.id) in {
        item.key for item in review_queue.build(staff, as_of=later)
    }
    pairing = db.session.scalar(select(Pairing))
    assert pairing.status is PairingStatus.PROPOSED
    assert pairing.deferred_until == later


def test_defer_to_a_past_date_is_refused(parties, as_user):
    response = as_user(parties.facilitator).post(
        f"/review/{parties.need.id}/{parties.offer.id}/defer",
        data={"defer-version": "0", "defer-until": date.today().isoformat()},
    )
    assert response.status_code == 409
    assert "after today" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Pairing.id))) == 0


def test_second_decision_on_the_same_version_is_a_conflict(parties, as_user):
    first = accept(as_user(parties.facilitator), parties.need.id, parties.offer.id)
    assert first.status_code == 302
    second = decline(as_user(parties.facilitator), parties.need.id, parties.offer.id)
    assert second.status_code == 409
    assert "Someone else decided this pair" in second.get_data(as_text=True)
    pairing = db.session.scalar(select(Pairing))
    assert pairing.status is PairingStatus.ACCEPTED
    assert db.session.scalar(select(func.count(PairingEvent.id))) == 1
    conflicts = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "pairing.conflict")
    )
    assert conflicts == 1


def test_offer_at_capacity_is_not_suggested_and_cannot_be_accepted(
    parties, make, as_user
):
    staff, offer = parties.facilitator, parties.offer  # capacity 2
    others = [make.need(country=c) for c in ("NPL", "LKA")]
    for need in others:
        assert accept(as_user(staff), need.id, offer.id).status_code == 302
    db.session.expire_all()
    assert offer.id not in _suggested(staff, parties.need)
    response = accept(as_user(staff), parties.need.id, offer.id)
    assert response.status_code == 409
    assert "no capacity left" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Pairing.id))) == 2
