"""A past for the demo: dates spread over eleven months, so the pictures tell a story.

``matchmaker seed-demo`` writes every row within a few seconds, so a chart of needs
posted and met per month would show one month, and a pairing funnel zero days at
every stage. This module moves the demo's timestamps into the past, once.

It is the only code that writes timestamps directly. No service backdates anything
and none must: a timestamp records when something happened, and the audit trail,
the pairing timelines and the notifications are evidence. Here the "events" are
fiction made by the seed moments ago, so giving them plausible dates tells no lie.

Only demo rows move: needs and offers bearing the demo references, the pairings
between them whose every step a demo account took, the interests on those pairs,
and the notifications and audit events their steps wrote. The story:

* needs and offers are posted across the past eleven months, in reference order;
* each pairing's steps are 3 to 40 days apart; completed pairings finished 35 to 120
  days ago (in a past month), declined and closed ones within the last 30 days (the
  Matching page's decline feedback reads those), the rest took their last step
  recently; both listings were posted one to six weeks before the first step;
* notifications and audit events move with the step that wrote them, interests with
  their pairing's first step.

The match run and the open call stay where they are: the seed makes them after the
pairings, and the review queue and gap maps read the latest run as the present.
"""

from __future__ import annotations

import logging
import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session, selectinload

from matchmaker.database import write_transaction
from matchmaker.demo import data
from matchmaker.demo.accounts import DOMAIN
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
    User,
)
from matchmaker.models.base import Base, utcnow

logger = logging.getLogger(__name__)

SEED = 2024  # any fixed number: the same history every time
HISTORY_DAYS = 335  # about eleven months
ALREADY_SPREAD = timedelta(days=30)  # an older demo need means this ran before
STEP_DAYS = (3.0, 40.0)
LEAD_DAYS = (7.0, 45.0)  # from posting a listing to its first pairing step
LAST_STEP_DAYS = {
    PairingStatus.COMPLETED: (35.0, 120.0),
    PairingStatus.DECLINED: (5.0, 25.0),
    PairingStatus.CLOSED: (5.0, 25.0),
}
UNDER_WAY_DAYS = (2.0, 30.0)
# Notifications and audit events this long after a pairing's last step still belong
# to it, when no match run followed to mark the end of the seeding.
STEP_TAIL = timedelta(minutes=1)

Rows = list[dict[str, Any]]  # {"id": …, column: new value, …} per row


@dataclass
class _Demo:
    """The demo rows as the seed wrote them (read only: changes go out as SQL)."""

    needs: list[Need]
    offers: list[Offer]
    pairings: list[Pairing]
    interests: list[Interest]
    # When the match run after the seeding started: later rows are not the seed's.
    boundary: datetime | None


def spread_demo_history(today: date | None = None) -> int:
    """Move the demo's timestamps into the past; returns how many rows changed.

    Does nothing (returns 0) without demo needs, or when the oldest demo need is
    already more than 30 days old: the history was spread before, or the demo has
    been in use long enough to have one of its own. The session must have no open
    transaction.
    """
    now = _now(today)
    with write_transaction(db.session) as session:
        demo = _load(session)
        if demo is None or _oldest(demo.needs) < now - ALREADY_SPREAD:
            return 0
        changes = _plan(session, demo, now)
        for table, rows in changes.items():
            _update(session, table, rows)
    moved = sum(len(rows) for rows in changes.values())
    logger.info("demo history: %d timestamps moved into the past", moved)
    return moved


def _now(today: date | None) -> datetime:
    """The present, or the end of ``today`` when that is earlier: never later."""
    now = utcnow()
    if today is None:
        return now
    return min(now, datetime.combine(today, time.max, UTC))


def _oldest(listings: list[Need]) -> datetime:
    return min(listing.created_at for listing in listings)


def _load(session: Session) -> _Demo | None:
    needs = session.scalars(
        select(Need)
        .where(Need.reference.in_({r.id for r in data.needs()}))
        .order_by(Need.id)
    ).all()
    if not needs:
        return None
    offers = session.scalars(
        select(Offer)
        .where(Offer.reference.in_({r.id for r in data.offers()}))
        .order_by(Offer.id)
    ).all()
    pairings = _pairings(session, {n.id for n in needs}, {o.id for o in offers})
    pairs = {(p.need_id, p.offer_id) for p in pairings}
    interests = [
        i
        for i in session.scalars(select(Interest).order_by(Interest.id))
        if (i.need_id, i.offer_id) in pairs
    ]
    boundary = session.scalar(
        select(func.min(MatchRun.started_at)).where(
            MatchRun.started_at >= _oldest(list(needs))
        )
    )
    return _Demo(list(needs), list(offers), pairings, interests, boundary)


def _pairings(session: Session, needs: set[int], offers: set[int]) -> list[Pairing]:
    """Pairings between demo listings, each step of which a demo account took."""
    demo_people = set(
        session.scalars(select(User.id).where(User.email.like(f"%@{DOMAIN}")))
    )
    found = session.scalars(
        select(Pairing)
        .where(Pairing.need_id.in_(needs), Pairing.offer_id.in_(offers))
        .options(selectinload(Pairing.events))
        .order_by(Pairing.id)
    )
    return [
        pairing
        for pairing in found
        if pairing.events
        and all(e.actor_id is None or e.actor_id in demo_people for e in pairing.events)
    ]


def _steps(pairing: Pairing) -> list[PairingEvent]:
    """A pairing's events in the order they were written."""
    return sorted(pairing.events, key=lambda event: event.id)


def _plan(session: Session, demo: _Demo, now: datetime) -> dict[Table, Rows]:
    """Every row to change, by table."""
    rng = random.Random(SEED)
    moved: dict[int, datetime] = {}  # pairing event id -> new time
    limits: dict[tuple[type, int], list[datetime]] = defaultdict(list)
    for pairing in demo.pairings:
        moved.update(_timeline(pairing, now, rng))
        first = moved[_steps(pairing)[0].id]
        limits[Need, pairing.need_id].append(first - _days(rng, LEAD_DAYS))
        limits[Offer, pairing.offer_id].append(first - _days(rng, LEAD_DAYS))
    last_steps: dict[tuple[type, int], datetime] = {}
    for pairing in demo.pairings:
        at = moved[_steps(pairing)[-1].id]
        for key in ((Need, pairing.need_id), (Offer, pairing.offer_id)):
            last_steps[key] = max(at, last_steps.get(key, at))
    shifts = {
        e.id: moved[e.id] - e.at for pairing in demo.pairings for e in pairing.events
    }
    segments = _segments(demo, shifts)
    return {
        _table(PairingEvent): [{"id": i, "at": at} for i, at in moved.items()],
        _table(Pairing): [_pairing_row(p, moved, demo.boundary) for p in demo.pairings],
        _table(Need): _listing_rows(demo.needs, limits, last_steps, demo, now, rng),
        _table(Offer): _listing_rows(demo.offers, limits, last_steps, demo, now, rng),
        _table(Interest): _interest_rows(demo, shifts),
        _table(Notification): _moved(
            session, Notification.id, Notification.created_at, segments, demo.boundary
        ),
        _table(AuditEvent): _moved(
            session, AuditEvent.id, AuditEvent.at, segments, demo.boundary
        ),
    }


def _timeline(
    pairing: Pairing, now: datetime, rng: random.Random
) -> dict[int, datetime]:
    """New times of a pairing's steps, counted back from its last one."""
    steps = _steps(pairing)
    times = [now - _days(rng, LAST_STEP_DAYS.get(pairing.status, UNDER_WAY_DAYS))]
    for _ in steps[1:]:
        times.append(times[-1] - _days(rng, STEP_DAYS))
    return {step.id: at for step, at in zip(steps, reversed(times), strict=True)}


def _days(rng: random.Random, bounds: tuple[float, float]) -> timedelta:
    return timedelta(days=rng.uniform(*bounds))


def _kept(original: datetime, boundary: datetime | None) -> bool:
    """Changed by the match run or later: not the seed's doing, so left as it is."""
    return boundary is not None and original >= boundary


def _listing_rows(
    listings: Sequence[Need | Offer],
    limits: dict[tuple[type, int], list[datetime]],
    last_steps: dict[tuple[type, int], datetime],
    demo: _Demo,
    now: datetime,
    rng: random.Random,
) -> Rows:
    """One slot of the eleven months per listing, in reference (id) order, moved
    earlier when a pairing needs the listing posted before its first step.

    ``updated_at`` is always written: left out, the column's onupdate would stamp
    the present.
    """
    start = now - timedelta(days=HISTORY_DAYS)
    slot = timedelta(days=HISTORY_DAYS - 1) / len(listings)
    rows = []
    for number, listing in enumerate(listings):
        key = (type(listing), listing.id)
        posted = min([start + slot * (number + rng.random()), *limits.get(key, [])])
        updated = max(posted, last_steps.get(key, posted))
        if _kept(listing.updated_at, demo.boundary):
            updated = listing.updated_at
        rows.append({"id": listing.id, "created_at": posted, "updated_at": updated})
    return rows


def _pairing_row(
    pairing: Pairing, moved: dict[int, datetime], boundary: datetime | None
) -> dict[str, Any]:
    """Created just before its first step, introduced at its introduction step,
    last changed at its last step."""
    steps = _steps(pairing)
    created = moved[steps[0].id] - (steps[0].at - pairing.created_at)
    introduced = None
    if pairing.introduced_at is not None:
        introduced = next(
            (moved[s.id] for s in steps if s.to_status is PairingStatus.INTRODUCED),
            created,
        )
    updated = max(created, moved[steps[-1].id])
    if _kept(pairing.updated_at, boundary):
        updated = pairing.updated_at
    return {
        "id": pairing.id,
        "created_at": created,
        "updated_at": updated,
        "introduced_at": introduced,
    }


def _interest_rows(demo: _Demo, shifts: dict[int, timedelta]) -> Rows:
    """Interests move with their pairing's first step."""
    first = {(p.need_id, p.offer_id): shifts[_steps(p)[0].id] for p in demo.pairings}
    return [
        {"id": i.id, "created_at": i.created_at + first[i.need_id, i.offer_id]}
        for i in demo.interests
        if not _kept(i.created_at, demo.boundary)
    ]


def _segments(
    demo: _Demo, shifts: dict[int, timedelta]
) -> list[tuple[datetime, timedelta]]:
    """Stretches of the seeding's original time, each moved as its step was.

    A step's stretch runs from its event to the next step's; the first step of a
    pairing starts where the pairing (or the interest that made it) was written.
    """
    interest_times: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    for interest in demo.interests:
        interest_times[interest.need_id, interest.offer_id].append(interest.created_at)
    segments = []
    for pairing in demo.pairings:
        for position, step in enumerate(_steps(pairing)):
            start = step.at
            if position == 0:
                pair = (pairing.need_id, pairing.offer_id)
                start = min([step.at, pairing.created_at, *interest_times[pair]])
            segments.append((start, shifts[step.id]))
    return sorted(segments)


def _moved(
    session: Session,
    key: Any,
    column: Any,
    segments: list[tuple[datetime, timedelta]],
    boundary: datetime | None,
) -> Rows:
    """Rows written during the seeding's steps, each moved as its step was."""
    if not segments:
        return []
    end = segments[-1][0] + STEP_TAIL
    if boundary is not None:
        end = min(end, boundary)
    starts = [start for start, _ in segments]
    rows = session.execute(
        select(key, column).where(column >= starts[0], column < end).order_by(key)
    )
    return [
        {"id": row_id, column.key: at + segments[bisect_right(starts, at) - 1][1]}
        for row_id, at in rows
    ]


def _table(model: type[Base]) -> Table:
    return db.metadata.tables[model.__tablename__]


def _update(session: Session, table: Table, rows: Rows) -> None:
    """One executemany per table, in plain SQL: no version bump, no onupdate stamp
    (every row names its updated_at where the table has one)."""
    if not rows:
        return
    columns = [name for name in rows[0] if name != "id"]
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(f"new_{name}") for name in columns})
    )
    session.execute(
        statement,
        [{"row_id": r["id"], **{f"new_{n}": r[n] for n in columns}} for r in rows],
    )
