"""After a yes: introduce (real SMTP), report progress, close; listings follow."""

from __future__ import annotations

from email.header import decode_header, make_header

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    Need,
    NeedStatus,
    Notification,
    NotificationKind,
    Pairing,
    PairingStatus,
)
from matchmaker.services import needs, offers
from tests.facilitation.conftest import accept
from tests.notifications.conftest import body_of

PARTNER_DETAILS = ("partner@example.org", "Peter Partner", "+94 11 555 0199")
FOCAL_DETAILS = ("focal@example.org", "Farida Focal", "+880 2 555 0101")


def _accepted(parties, as_user) -> Pairing:
    response = accept(as_user(parties.facilitator), parties.need.id, parties.offer.id)
    assert response.status_code == 302
    return db.session.scalar(select(Pairing))


def _step(client, pairing: Pairing, step: str, **fields: str):
    db.session.expire_all()
    version = db.session.get(Pairing, pairing.id).version
    data = {f"{step}-version": str(version)}
    data.update({f"{step}-{k}": v for k, v in fields.items()})
    return client.post(f"/pairings/{pairing.id}/{step}", data=data)


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).strip()


def _introductions(received, address: str) -> list:
    return [m for m in received.to(address) if _subject(m).startswith("Introduction")]


def _need_status(need_id: int) -> NeedStatus:
    db.session.expire_all()
    return db.session.get(Need, need_id).status


def test_contacts_are_revealed_only_by_the_introduction(parties, as_user, inbox):
    pairing = _accepted(parties, as_user)
    focal = as_user(parties.focal)
    # Before: the focal point cannot open the pairing, and no page of theirs shows
    # any of the partner's details.
    assert focal.get(f"/pairings/{pairing.id}").status_code == 404
    for path in ("/", f"/needs/{parties.need.id}", f"/offers/{parties.offer.id}",
                 "/pairings/", "/notifications"):  # fmt: skip
        page = focal.get(path).get_data(as_text=True)
        assert not [d for d in PARTNER_DETAILS if d in page], path

    staff = as_user(parties.facilitator)
    response = _step(staff, pairing, "introduce", details="Please meet in January.")
    assert response.status_code == 302
    assert _need_status(parties.need.id) is NeedStatus.IN_DISCUSSION

    # Both introduction emails arrive, each naming the other side's contact.
    [to_focal] = _introductions(inbox, "focal@example.org")
    [to_partner] = _introductions(inbox, "partner@example.org")
    for detail in PARTNER_DETAILS:
        assert detail in body_of(to_focal)
    for detail in FOCAL_DETAILS:
        assert detail in body_of(to_partner)
    assert "Fatima Facilitator" in body_of(to_focal)
    assert "Fatima Facilitator" in body_of(to_partner)

    page = focal.get(f"/pairings/{pairing.id}").get_data(as_text=True)
    for detail in PARTNER_DETAILS:
        assert detail in page
    assert "Parties introduced" in page and "Please meet in January." in page


def test_progress_moves_the_need_and_tells_the_other_side(parties, as_user):
    pairing = _accepted(parties, as_user)
    staff, focal = as_user(parties.facilitator), as_user(parties.partner)
    assert _step(staff, pairing, "introduce").status_code == 302

    assert _step(focal, pairing, "report", status="agreed").status_code == 302
    assert _need_status(parties.need.id) is NeedStatus.MATCHED
    told = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.PAIRING_STATUS)
    ).all()
    assert parties.focal.id in {n.user_id for n in told}
    assert parties.partner.id not in {n.user_id for n in told}

    focal_point = as_user(parties.focal)
    assert _step(focal_point, pairing, "report", status="stalled").status_code == 302
    assert (
        _step(focal_point, pairing, "report", status="in_progress").status_code == 302
    )
    assert _step(focal_point, pairing, "report", status="completed").status_code == 302
    assert _need_status(parties.need.id) is NeedStatus.FULFILLED
    db.session.expire_all()
    pairing = db.session.get(Pairing, pairing.id)
    assert pairing.status is PairingStatus.COMPLETED
    assert [e.action for e in pairing.events] == [
        "accept", "introduce", "report", "report", "report", "report"
    ]  # fmt: skip


def test_a_step_that_does_not_follow_is_refused(parties, as_user):
    pairing = _accepted(parties, as_user)
    response = _step(
        as_user(parties.facilitator), pairing, "report", status="completed"
    )
    assert response.status_code == 409
    assert db.session.get(Pairing, pairing.id).status is PairingStatus.ACCEPTED


def test_strangers_cannot_report(parties, make, as_user):
    pairing = _accepted(parties, as_user)
    _step(as_user(parties.facilitator), pairing, "introduce")
    stranger = make.user(parties.focal.role, country="NPL")
    response = _step(as_user(stranger), pairing, "report", status="agreed")
    assert response.status_code == 404
    assert _need_status(parties.need.id) is NeedStatus.IN_DISCUSSION


def test_closing_puts_the_need_back_to_open(parties, as_user):
    pairing = _accepted(parties, as_user)
    staff = as_user(parties.facilitator)
    _step(staff, pairing, "introduce")
    response = _step(staff, pairing, "close", reason="parties-did-not-agree",
                     details="Budget cycles did not line up.")  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    closed = db.session.get(Pairing, pairing.id)
    assert closed.status is PairingStatus.CLOSED
    assert closed.reason.slug == "parties-did-not-agree"
    assert _need_status(parties.need.id) is NeedStatus.OPEN


def test_withdrawing_the_need_closes_its_pairings_and_tells_the_partner(
    parties, as_user
):
    pairing = _accepted(parties, as_user)
    _step(as_user(parties.facilitator), pairing, "introduce")
    need = needs.get(parties.need.id)
    response = as_user(parties.focal).post(
        f"/needs/{need.id}/withdraw", data={"version": str(need.version)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    pairing = db.session.get(Pairing, pairing.id)
    assert pairing.status is PairingStatus.CLOSED
    assert pairing.reason.slug == "listing-ended"
    told = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.LISTING_CLOSED)
    ).all()
    assert {n.user_id for n in told} == {parties.partner.id, parties.facilitator.id}


def test_closing_the_offer_declines_pairs_under_review(parties, as_user):
    client = as_user(parties.partner)
    response = client.post(
        f"/needs/{parties.need.id}/interest",
        data={"listing": str(parties.offer.id), "message": "We can help."},
    )
    assert response.status_code == 302
    offer = offers.get(parties.offer.id)
    response = client.post(
        f"/offers/{offer.id}/close", data={"version": str(offer.version)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    pairing = db.session.scalar(select(Pairing))
    assert pairing.status is PairingStatus.DECLINED
    assert pairing.reason.slug == "listing-ended"
