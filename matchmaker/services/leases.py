"""Leases that keep long jobs one at a time, across processes and hosts.

A lease is a row of ``job_leases`` per job name: who holds it and until when.
Taking it is ONE conditional UPDATE ("set me as holder where it is free or has run
out"); SQLite applies it under its write lock and PostgreSQL re-checks the
condition on the newest row version after waiting for a concurrent updater, so on
either database at most one of any number of contenders (processes, hosts) sees
its update applied. The row is inserted once, free, when missing; two first-comers
racing to insert it are fine (the loser's unique violation is ignored).

The holder renews the lease while it works (a lease that has run out cannot be
renewed: it may have been taken over already) and releases it at the end; when a
holder dies, its lease simply runs out and the next contender takes it over.
Times come from this host's clock, so hosts sharing a database keep their clocks
synchronised (NTP); the lease lengths here are minutes, far above any usual skew.

The same table holds *heartbeats*: rows a live process keeps pushing forward
(``beat``) so that others can tell whether any such process is alive.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, Update, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import JobLease, utcnow

DEFAULT_TTL = timedelta(minutes=5)


class LeaseBusy(RuntimeError):
    """Someone else holds the lease; it frees when they finish or it runs out."""

    def __init__(self, name: str, holder: str = "", expires_at: datetime | None = None):
        self.name, self.holder, self.expires_at = name, holder, expires_at
        super().__init__(f"{name} is held by {holder or 'another process'}")


class LeaseLost(RuntimeError):
    """The lease ran out before its holder renewed it (it may be someone else's)."""


def _changed(statement: Update) -> int:
    """Execute an UPDATE in the session; how many rows it changed."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return cast(CursorResult, result).rowcount


def process_label() -> str:
    """This host and process, as holders and heartbeats name them."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}"


def new_holder() -> str:
    """A holder id unique to one attempt: host, process and a random part."""
    return f"{process_label()}:{secrets.token_hex(4)}"


def ensure(name: str) -> None:
    """Make sure the lease row exists (free when first made).

    Needs a session with no open transaction; leaves it with none.
    """
    exists = db.session.scalar(select(JobLease.name).where(JobLease.name == name))
    db.session.rollback()
    if exists is not None:
        return
    try:
        with write_transaction(db.session):
            db.session.execute(insert(JobLease).values(name=name, holder=""))
    except IntegrityError:  # another process inserted it first: just as good
        db.session.rollback()


def take(
    name: str, holder: str, ttl: timedelta = DEFAULT_TTL, now: datetime | None = None
) -> bool:
    """Inside the caller's write transaction: take the lease if free or run out.

    The one conditional UPDATE; True when this holder has it now. The row must
    exist (``ensure``).
    """
    now = now or utcnow()
    taken = _changed(
        update(JobLease)
        .where(
            JobLease.name == name,
            or_(
                JobLease.holder == "",
                JobLease.holder == holder,
                JobLease.expires_at.is_(None),
                JobLease.expires_at <= now,
            ),
        )
        .values(holder=holder, acquired_at=now, expires_at=now + ttl)
    )
    return taken == 1


def acquire(
    name: str, holder: str, ttl: timedelta = DEFAULT_TTL, now: datetime | None = None
) -> bool:
    """Take the lease in a transaction of its own; True when taken."""
    db.session.rollback()
    ensure(name)
    with write_transaction(db.session):
        return take(name, holder, ttl, now)


def extend(
    name: str, holder: str, ttl: timedelta = DEFAULT_TTL, now: datetime | None = None
) -> bool:
    """Inside the caller's write transaction: push the expiry of a lease still held.

    False when the lease ran out or has another holder: the caller has lost it.
    """
    now = now or utcnow()
    extended = _changed(
        update(JobLease)
        .where(
            JobLease.name == name,
            JobLease.holder == holder,
            JobLease.expires_at > now,
        )
        .values(expires_at=now + ttl)
    )
    return extended == 1


def renew(
    name: str, holder: str, ttl: timedelta = DEFAULT_TTL, now: datetime | None = None
) -> bool:
    """``extend`` in a transaction of its own."""
    db.session.rollback()
    with write_transaction(db.session):
        return extend(name, holder, ttl, now)


def free(name: str, holder: str) -> bool:
    """Inside the caller's write transaction: free the lease if ``holder`` has it."""
    freed = _changed(
        update(JobLease)
        .where(JobLease.name == name, JobLease.holder == holder)
        .values(holder="", expires_at=None)
    )
    return freed == 1


def release(name: str, holder: str) -> bool:
    """Free the lease if this holder still has it; True when it did."""
    db.session.rollback()
    with write_transaction(db.session):
        return free(name, holder)


def current(name: str, now: datetime | None = None) -> JobLease | None:
    """The lease row if someone holds it now (not run out), else None."""
    now = now or utcnow()
    return db.session.scalar(
        select(JobLease).where(
            JobLease.name == name, JobLease.holder != "", JobLease.expires_at > now
        )
    )


def lock(name: str) -> None:
    """Inside the caller's write transaction: serialise on the row (PostgreSQL).

    SQLite's write transactions are serial already; on PostgreSQL this row lock
    makes check-then-insert sequences (one queued run at most) safe. The row must
    exist (``ensure``).
    """
    db.session.execute(
        select(JobLease.name).where(JobLease.name == name).with_for_update()
    )


@dataclass(frozen=True)
class Lease:
    """A lease this process holds; ``renew`` keeps it, ``extend_in`` inside a
    transaction of the caller's."""

    name: str
    holder: str
    ttl: timedelta = DEFAULT_TTL

    def renew(self) -> None:
        """Keep the lease for another ``ttl``, or raise ``LeaseLost``."""
        if not renew(self.name, self.holder, self.ttl):
            raise LeaseLost(f"the {self.name} lease ran out")

    def extend_in(self) -> None:
        """Like ``renew``, inside the caller's write transaction."""
        if not extend(self.name, self.holder, self.ttl):
            raise LeaseLost(f"the {self.name} lease ran out")


@contextmanager
def holding(name: str, ttl: timedelta = DEFAULT_TTL) -> Iterator[Lease]:
    """Hold the lease for the block, or raise ``LeaseBusy`` at once.

    Released at the end whatever happens (a lease lost meanwhile stays with its
    new holder).
    """
    holder = new_holder()
    if not acquire(name, holder, ttl):
        row = current(name)
        db.session.rollback()
        raise LeaseBusy(
            name, row.holder if row else "", row.expires_at if row else None
        )
    try:
        yield Lease(name, holder, ttl)
    finally:
        db.session.rollback()
        release(name, holder)


# Heartbeats --------------------------------------------------------------------


def beat(name: str, holder: str, ttl: timedelta, now: datetime | None = None) -> None:
    """Say that ``holder`` is alive until ``now + ttl`` (row made when missing)."""
    now = now or utcnow()
    db.session.rollback()
    with write_transaction(db.session):
        beaten = _changed(
            update(JobLease)
            .where(JobLease.name == name)
            .values(holder=holder, expires_at=now + ttl)
        )
        if beaten == 1:
            return
    try:
        with write_transaction(db.session):
            db.session.execute(
                insert(JobLease).values(
                    name=name, holder=holder, acquired_at=now, expires_at=now + ttl
                )
            )
    except IntegrityError:  # made meanwhile by a beat of the same name
        db.session.rollback()


def forget(name: str) -> None:
    """Remove a heartbeat row (a process stopping cleanly)."""
    db.session.rollback()
    with write_transaction(db.session):
        db.session.execute(delete(JobLease).where(JobLease.name == name))


def alive(prefix: str, now: datetime | None = None) -> int:
    """How many heartbeats named ``prefix...`` have not run out."""
    now = now or utcnow()
    alive = db.session.scalar(
        select(func.count())
        .select_from(JobLease)
        .where(JobLease.name.startswith(prefix), JobLease.expires_at > now)
    )
    return alive or 0


def forget_expired(prefix: str, now: datetime | None = None) -> None:
    """Remove heartbeats named ``prefix...`` that ran out (processes long gone)."""
    now = now or utcnow()
    db.session.rollback()
    with write_transaction(db.session):
        db.session.execute(
            delete(JobLease).where(
                JobLease.name.startswith(prefix),
                or_(JobLease.expires_at.is_(None), JobLease.expires_at <= now),
            )
        )
