"""The demo shows the whole workflow: pairings at every stage, interest, a stored
run and an open call, all made through the services people's clicks use."""

from __future__ import annotations

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    HubCall,
    Interest,
    InterestSide,
    MatchRun,
    Notification,
    Pairing,
    PairingStatus,
    RunStatus,
)


def test_seed_demo_shows_every_stage_once(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    statuses = {p.status for p in db.session.scalars(select(Pairing))}
    assert statuses >= {
        PairingStatus.PROPOSED,
        PairingStatus.ACCEPTED,
        PairingStatus.INTRODUCED,
        PairingStatus.AGREED,
        PairingStatus.IN_PROGRESS,
        PairingStatus.STALLED,
        PairingStatus.COMPLETED,
        PairingStatus.DECLINED,
        PairingStatus.CLOSED,
    }
    assert {i.side for i in db.session.scalars(select(Interest))} == set(InterestSide)
    deferred = db.session.scalar(
        select(func.count(Pairing.id)).where(Pairing.deferred_until.is_not(None))
    )
    assert deferred == 1
    assert db.session.scalar(select(func.count(Notification.id))) > 0
    assert db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "pairing.accept")
    )
    run = db.session.scalar(select(MatchRun))
    assert run.status is RunStatus.SUCCEEDED and run.counts["suggestions"] > 0
    assert db.session.scalar(select(func.count(HubCall.id))) == 1

    pairings_before = db.session.scalar(select(func.count(Pairing.id)))
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    db.session.rollback()
    assert db.session.scalar(select(func.count(Pairing.id))) == pairings_before
    assert db.session.scalar(select(func.count(MatchRun.id))) == 1
