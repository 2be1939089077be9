"""The demo's dates spread over past months: a story in order, nothing in the future,
once only, and only on the demo's own rows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from matchmaker.demo.history import spread_demo_history
from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    Interest,
    MatchRun,
    Need,
    Notification,
    Offer,
    Pairing,
    PairingEvent,
    PairingStatus,
)

TIMESTAMPS = {
    Need: ("created_at", "updated_at"),
    Offer: ("created_at", "updated_at"),
    Pairing: ("created_at", "updated_at", "introduced_at"),
    PairingEvent: ("at",),
    Interest: ("created_at",),
    Notification: ("created_at",),
    AuditEvent: ("at",),
    MatchRun: ("started_at", "finished_at"),
}
# Rows one step wrote lie within moments of its event.
SAME_STEP = timedelta(seconds=1)


def every_timestamp() -> dict[str, list[tuple]]:
    """Every row's id and timestamps, per table, to compare before and after."""
    db.session.rollback()
    return {
        model.__tablename__: db.session.execute(
            sa.select(model.id, *(getattr(model, c) for c in columns)).order_by(
                model.id
            )
        ).all()
        for model, columns in TIMESTAMPS.items()
    }


def _spans_past_months_and_nothing_is_in_the_future(output: str) -> None:
    assert "Demo history:" in output
    now = datetime.now(UTC)
    created = list(db.session.scalars(sa.select(Need.created_at)))
    assert len({(at.year, at.month) for at in created}) >= 6
    for table, rows in every_timestamp().items():
        for row in rows:
            for at in row[1:]:
                assert at is None or at <= now, (table, row)
    for model in (Need, Offer, Pairing):
        for created_at, updated_at in db.session.execute(
            sa.select(model.created_at, model.updated_at)
        ):
            assert updated_at >= created_at, model


def _a_pairing_was_completed_in_a_past_month() -> None:
    this_month = datetime.now(UTC).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    completions = db.session.scalars(
        sa.select(PairingEvent.at)
        .join(Pairing, Pairing.id == PairingEvent.pairing_id)
        .where(
            Pairing.status == PairingStatus.COMPLETED,
            PairingEvent.to_status == PairingStatus.COMPLETED,
        )
    ).all()
    assert completions and min(completions) < this_month


def _every_pairing_tells_its_story_in_order() -> None:
    pairings = db.session.scalars(sa.select(Pairing).order_by(Pairing.id)).all()
    assert len(pairings) >= 9
    for pairing in pairings:
        steps = db.session.scalars(
            sa.select(PairingEvent)
            .where(PairingEvent.pairing_id == pairing.id)
            .order_by(PairingEvent.id)
        ).all()
        times = [step.at for step in steps]
        assert times == sorted(times), pairing
        posted = max(pairing.need.created_at, pairing.offer.created_at)
        assert posted < pairing.created_at <= times[0] + SAME_STEP, pairing
        assert pairing.updated_at >= times[-1]
        introductions = [s.at for s in steps if s.to_status is PairingStatus.INTRODUCED]
        assert pairing.introduced_at == (introductions[0] if introductions else None)
        for earlier, later in zip(times, times[1:], strict=False):
            assert (later - earlier).days >= 3
    spans = [
        (p.events[-1].at - p.events[0].at).days for p in pairings if len(p.events) > 2
    ]
    assert spans and max(spans) > 30


def _interests_and_notifications_moved_with_their_steps() -> None:
    for interest in db.session.scalars(sa.select(Interest)):
        pairing = db.session.scalar(
            sa.select(Pairing).where(
                Pairing.need_id == interest.need_id,
                Pairing.offer_id == interest.offer_id,
            )
        )
        assert interest.created_at <= pairing.events[0].at + SAME_STEP
        posted = max(pairing.need.created_at, pairing.offer.created_at)
        assert interest.created_at > posted
    about_pairings = 0
    for notification in db.session.scalars(sa.select(Notification)):
        found = re.fullmatch(r"/pairings/(\d+)", notification.link)
        if not found:
            continue
        about_pairings += 1
        pairing = db.session.get(Pairing, int(found[1]))
        assert pairing.events[0].at <= notification.created_at
        assert notification.created_at <= pairing.events[-1].at + SAME_STEP
    assert about_pairings >= 5


def _the_match_run_stays_after_the_pairings() -> None:
    """The seed runs the engine after the pairings; the run remains the latest."""
    run = db.session.scalar(sa.select(MatchRun))
    latest_step = db.session.scalar(sa.select(sa.func.max(PairingEvent.at)))
    assert run.started_at > latest_step
    assert (datetime.now(UTC) - run.started_at).days == 0


def _a_second_spread_changes_nothing(runner) -> None:
    before = every_timestamp()
    db.session.rollback()
    assert spread_demo_history() == 0
    assert every_timestamp() == before
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "Demo history:" not in again.output
    assert every_timestamp() == before


def test_the_demo_history_tells_a_story_once(runner, make):
    """One seeding (it is the slow part), every property of the story checked on it;
    a need a person posted before the seeding keeps its date."""
    own = make.need(title="Cold chain for vaccines in mountain districts")
    db.session.rollback()
    posted = db.session.get(Need, own.id).created_at
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert db.session.get(Need, own.id).created_at == posted
    oldest = db.session.scalar(sa.select(sa.func.min(Need.created_at)))
    assert (posted - oldest).days > 200

    _spans_past_months_and_nothing_is_in_the_future(result.output)
    _a_pairing_was_completed_in_a_past_month()
    _every_pairing_tells_its_story_in_order()
    _interests_and_notifications_moved_with_their_steps()
    _the_match_run_stays_after_the_pairings()
    _a_second_spread_changes_nothing(runner)
