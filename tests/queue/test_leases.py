"""Leases: one holder at a time, across real processes; taken over once run out."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import JobLease, utcnow
from matchmaker.services import leases

MINUTE = timedelta(minutes=1)
CONTENDERS = 4
NAMES = 15


def test_a_free_lease_is_taken_and_a_held_one_refused(app):
    t0 = utcnow()
    assert leases.acquire("job", "a", MINUTE, now=t0)
    assert not leases.acquire("job", "b", MINUTE, now=t0 + timedelta(seconds=30))
    held = leases.current("job", now=t0 + timedelta(seconds=30))
    assert held is not None and held.holder == "a"
    assert held.expires_at == t0 + MINUTE


def test_a_lease_run_out_is_taken_over_and_lost_by_its_old_holder(app):
    t0 = utcnow()
    assert leases.acquire("job", "a", MINUTE, now=t0)
    later = t0 + MINUTE + timedelta(seconds=1)
    assert leases.current("job", now=later) is None  # nobody holds it any more
    assert not leases.renew("job", "a", MINUTE, now=later)  # run out: lost
    assert leases.acquire("job", "b", MINUTE, now=later)
    assert not leases.renew("job", "a", MINUTE, now=later)
    assert not leases.release("job", "a")  # cannot free b's lease
    assert leases.current("job", now=later).holder == "b"
    assert leases.release("job", "b")
    assert leases.acquire("job", "c", MINUTE, now=later)


def test_renewing_keeps_a_lease_past_its_first_expiry(app):
    t0 = utcnow()
    assert leases.acquire("job", "a", MINUTE, now=t0)
    assert leases.renew("job", "a", MINUTE, now=t0 + timedelta(seconds=50))
    at = t0 + timedelta(seconds=90)
    assert not leases.acquire("job", "b", MINUTE, now=at)
    assert leases.current("job", now=at).holder == "a"


def test_holding_refuses_while_held_and_releases_after(app):
    with leases.holding("job") as lease:
        with pytest.raises(leases.LeaseBusy) as busy, leases.holding("job"):
            pass  # pragma: no cover - never reached
        assert busy.value.holder == lease.holder
        lease.renew()
    assert leases.current("job") is None
    with leases.holding("job"):
        assert leases.current("job") is not None


def test_a_missing_row_is_made_once(app):
    leases.ensure("job")
    leases.ensure("job")
    db.session.rollback()
    rows = db.session.scalars(sa.select(JobLease).where(JobLease.name == "job")).all()
    assert [(r.name, r.holder) for r in rows] == [("job", "")]


def test_heartbeats_count_only_while_they_last(app):
    t0 = utcnow()
    leases.beat("worker:a", "a", MINUTE, now=t0)
    leases.beat("worker:b", "b", MINUTE, now=t0 - 2 * MINUTE)
    assert leases.alive("worker:", now=t0) == 1
    leases.beat("worker:b", "b", MINUTE, now=t0)
    assert leases.alive("worker:", now=t0) == 2
    leases.forget("worker:a")
    assert leases.alive("worker:", now=t0) == 1
    leases.forget_expired("worker:", now=t0 + 2 * MINUTE)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobLease)) == 0


@pytest.mark.slow
def test_exactly_one_of_many_processes_takes_each_lease(app, contenders):
    """Real processes on the real database, started together, the rows missing at
    first (so the insert race happens too): each lease has exactly one holder."""
    names = [f"race-{i}" for i in range(NAMES)]
    processes = [contenders.start("acquire", *names) for _ in range(CONTENDERS)]
    contenders.release()
    taken: Counter[str] = Counter()
    for process in processes:
        lines = contenders.lines(process)
        assert len(lines) == NAMES
        taken.update(line.split()[0] for line in lines if line.endswith(" taken"))
    assert taken == Counter({name: 1 for name in names})
    db.session.rollback()
    holders = db.session.scalars(
        sa.select(JobLease.holder).where(JobLease.name.in_(names))
    ).all()
    assert len(holders) == NAMES and all(holders)
