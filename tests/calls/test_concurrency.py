"""Facilitators raising one hub at the same moment: one call, the others told 409.

Each request runs in its own thread with its own database connection: on SQLite
the write transaction serialises them, on PostgreSQL the lock on the hub's row
does; the unique ``proposal_id`` is the backstop (see ``test_raise.py``).
"""

from __future__ import annotations

import threading

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, HubCall, Notification, Role
from tests.calls.conftest import NOTE, count
from tests.conftest import sign_in_as

RAISERS = 6


def test_concurrent_raises_of_one_hub_make_one_call(app, make, hub):
    partners = [make.user(Role.PARTNER) for _ in range(2)]
    staff = [make.user(Role.FACILITATOR) for _ in range(RAISERS)]
    clients = [sign_in_as(app.test_client(), user) for user in staff]
    path = f"/calls/raise/{hub.id}"  # read here: the threads have no app context
    barrier = threading.Barrier(RAISERS)
    statuses: dict[int, int] = {}

    def raise_it(number: int) -> None:
        barrier.wait()
        response = clients[number].post(path, data={"note": f"{NOTE} ({number})"})
        statuses[number] = response.status_code

    threads = [threading.Thread(target=raise_it, args=(n,)) for n in range(RAISERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses.values()) == [302] + [409] * (RAISERS - 1)
    assert count(HubCall) == 1
    winner = next(n for n, status in statuses.items() if status == 302)
    call = db.session.scalars(select(HubCall)).one()
    assert call.note == f"{NOTE} ({winner})" and call.raised_by_id == staff[winner].id
    told = sorted(db.session.scalars(select(Notification.user_id)))
    assert told == sorted(p.id for p in partners)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("hub_call.raise") == 1
