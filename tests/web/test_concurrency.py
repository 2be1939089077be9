"""Saves racing through the whole stack: of several edits made on the same version,
exactly one wins and the others are answered 409; no update is lost silently."""

from __future__ import annotations

import threading

from matchmaker.extensions import db
from matchmaker.models import Need, NeedStatus, Role
from tests.conftest import sign_in_as

WRITERS = 6
NEED = {
    "title": "Cold chain",
    "category": "vaccine-manufacturing",
    "support_types": "equipment",
    "priority": "medium",
}


def test_concurrent_edits_of_one_version_let_exactly_one_through(app, make):
    focal = make.user(Role.FOCAL_POINT, country="NPL")
    need_id = make.need(country="NPL", status=NeedStatus.DRAFT).id
    clients = [sign_in_as(app.test_client(), focal) for _ in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    statuses: dict[int, int] = {}

    def save(number: int) -> None:
        barrier.wait()
        data = {**NEED, "title": f"Writer {number}", "version": "1"}
        response = clients[number].post(f"/needs/{need_id}/edit", data=data)
        statuses[number] = response.status_code

    threads = [threading.Thread(target=save, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [n for n, status in statuses.items() if status == 302]
    assert sorted(statuses.values()) == [302] + [409] * (WRITERS - 1)
    db.session.rollback()
    need = db.session.get(Need, need_id)
    assert (need.title, need.version) == (f"Writer {winners[0]}", 2)
