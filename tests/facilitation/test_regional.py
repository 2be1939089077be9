"""A regional proposal accepted as one cooperation: its pairings move together."""

from __future__ import annotations

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    MatchRun,
    Need,
    NeedStatus,
    Pairing,
    PairingStatus,
    ProposalKind,
    RegionalCooperation,
    RegionalProposal,
    RunKind,
    RunStatus,
    utcnow,
)


def _proposal(parties, make) -> RegionalProposal:
    needs = [parties.need, make.need(country="NPL"), make.need(country="LKA")]
    run = MatchRun(kind=RunKind.FULL, status=RunStatus.SUCCEEDED, finished_at=utcnow())
    proposal = RegionalProposal(
        run=run,
        kind=ProposalKind.REGIONAL_OFFER,
        offer=parties.offer,
        needs=needs,
        score=70.0,
        why="One offer for 3 countries",
    )
    parties.offer.capacity = 3
    db.session.add(proposal)
    db.session.commit()
    return proposal


def test_accepted_proposal_moves_together(parties, make, as_user):
    proposal = _proposal(parties, make)
    staff = as_user(parties.facilitator)
    page = staff.get("/matching/").get_data(as_text=True)
    assert "Accept as one regional cooperation" in page
    response = staff.post(
        f"/review/regional/{proposal.id}/accept",
        data={"cooperation_model": "regional-hub-and-spoke"},
    )
    assert response.status_code == 302
    cooperation = db.session.scalar(select(RegionalCooperation))
    assert response.headers["Location"] == f"/pairings/regional/{cooperation.id}"
    members = db.session.scalars(select(Pairing).order_by(Pairing.id)).all()
    assert len(members) == 3
    assert {p.status for p in members} == {PairingStatus.ACCEPTED}
    assert {p.cooperation_model.slug for p in members} == {"regional-hub-and-spoke"}

    first = members[0]
    response = staff.post(
        f"/pairings/{first.id}/introduce",
        data={"introduce-version": str(first.version)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert {p.status for p in db.session.scalars(select(Pairing))} == {
        PairingStatus.INTRODUCED
    }
    assert {n.status for n in db.session.scalars(select(Need))} == {
        NeedStatus.IN_DISCUSSION
    }

    # Taken up: a second acceptance is refused, nothing more is written.
    again = staff.post(f"/review/regional/{proposal.id}/accept", data={})
    assert again.status_code == 409
    assert len(db.session.scalars(select(Pairing)).all()) == 3


def test_a_proposal_larger_than_the_offer_is_refused(parties, make, as_user):
    proposal = _proposal(parties, make)
    parties.offer.capacity = 2
    db.session.commit()
    response = as_user(parties.facilitator).post(
        f"/review/regional/{proposal.id}/accept", data={}
    )
    assert response.status_code == 409
    assert "room for 2 more pairings" in response.get_data(as_text=True)
    assert db.session.scalar(select(RegionalCooperation)) is None
    assert db.session.scalar(select(Pairing)) is None
