"""The issue's race, through the whole stack: gunicorn with 4 workers, 8
facilitators deciding the same suggestion at once. Exactly one decision is stored
with one audit event; the others are answered 409; nothing fails."""

from __future__ import annotations

import re
import threading

import pytest
import requests
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Pairing, PairingEvent, Role
from tests.browser.server import gunicorn_server

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery staple"
DECIDERS = 8


@pytest.fixture(scope="module")
def server(migrated_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn-race")
    with gunicorn_server(migrated_url, folder, SIGNIN_DELAY_SECONDS="0") as base:
        yield base


def _signed_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/sign-in", timeout=60).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    response = session.post(
        f"{base}/sign-in",
        data={"csrf_token": token.group(1), "email": email, "password": PASSWORD},
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def _token(page: str, action: str) -> str:
    found = re.search(
        rf'name="{action}-csrf_token" type="hidden" value="([^"]+)"', page
    )
    assert found, page[:2000]
    return found.group(1)


def test_eight_facilitators_decide_one_suggestion_at_once(server, make):
    need = make.need(country="BGD")
    offer = make.offer(capacity=3)
    people = [make.user(Role.FACILITATOR, email=f"f{n}@example.org")
              for n in range(DECIDERS)]  # fmt: skip
    sessions = [_signed_in(server, p.email) for p in people]
    pair = f"{server}/review/{need.id}/{offer.id}"
    forms = []
    for number, session in enumerate(sessions):
        page = session.get(pair, timeout=60).text
        action = ("accept", "decline")[number % 2]
        data = {f"{action}-csrf_token": _token(page, action), f"{action}-version": "0"}
        if action == "accept":
            data["accept-cooperation_model"] = "technical-twinning"
        else:
            data["decline-reason"] = "duplicate"
        forms.append((action, data))
    barrier = threading.Barrier(DECIDERS)
    statuses: dict[int, int] = {}

    def decide(number: int) -> None:
        action, data = forms[number]
        barrier.wait(timeout=120)
        response = sessions[number].post(
            f"{pair}/{action}", data=data, allow_redirects=False, timeout=120
        )
        statuses[number] = response.status_code

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(DECIDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert sorted(statuses.values()) == [302] + [409] * (DECIDERS - 1), statuses
    db.session.rollback()
    assert db.session.scalar(select(func.count(Pairing.id))) == 1
    assert db.session.scalar(select(func.count(PairingEvent.id))) == 1
    decisions = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action.in_(["pairing.accept", "pairing.decline"])
        )
    )
    assert decisions == 1
    conflicts = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "pairing.conflict")
    )
    assert conflicts == DECIDERS - 1
