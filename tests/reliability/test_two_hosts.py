"""Past one machine: two web hosts sharing one PostgreSQL and one Redis.

Each "host" is a gunicorn of its own (its own port, its own instance folder, so
nothing is shared through local files) with a queue worker of its own; the two
share only the database, Redis and the secret key, as two machines behind a load
balancer would. What must hold: a session opened on one works on the other (and a
sign-out on one ends it on both), sign-in throttling and reset limits count across
both, a match run asked for on one is seen whole on the other, and runs asked for
on both at once do not interleave.

PostgreSQL only: SQLite is one file on one machine, so the PostgreSQL pass of the
suite (always run in CI) is where this deployment is proved.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
import redis
import requests
import sqlalchemy as sa

from matchmaker import tasks
from matchmaker.extensions import db
from matchmaker.models import MatchRun, Outcome, Role, RunKind, RunStatus, Suggestion
from matchmaker.models.auth import ResetRequest
from tests.auth.conftest import audit_events
from tests.browser.server import gunicorn_server, huey_worker
from tests.databases import selected_kind
from tests.queue.conftest import REDIS_URL
from tests.reliability.clients import sign_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        selected_kind() != "postgres",
        reason="two hosts share a PostgreSQL server: proved in the PostgreSQL pass",
    ),
]
PASSWORD = "correct horse battery staple"
DEADLINE_SECONDS = 240


@pytest.fixture(scope="module")
def queue_name() -> str:
    name = f"test_{secrets.token_hex(6)}"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"huey.*{name}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def app_config(queue_name) -> dict:
    """The test's own app talks to the hosts' queue (to deliver a message twice)."""
    return {"QUEUE_URL": REDIS_URL, "QUEUE_NAME": queue_name}


@pytest.fixture(scope="module")
def hosts(migrated_url, tmp_path_factory, queue_name) -> list[str]:
    """Two hosts, each a 2-worker gunicorn and a queue worker: their base URLs."""
    shared = {"QUEUE_URL": REDIS_URL, "QUEUE_NAME": queue_name}
    with ExitStack() as stack:
        bases = []
        for label in ("a", "b"):
            folder = tmp_path_factory.mktemp(f"host-{label}")
            bases.append(
                stack.enter_context(
                    gunicorn_server(
                        migrated_url,
                        folder,
                        workers=2,
                        SIGNIN_DELAY_SECONDS="0",
                        **shared,
                    )
                )
            )
            stack.enter_context(huey_worker(migrated_url, folder / "worker", **shared))
        yield bases


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert found, page[:1500]
    return found.group(1)


def _attempt(base: str, email: str, password: str) -> int:
    """One sign-in attempt through the form; the answer's status (throttling)."""
    session = requests.Session()
    token = _csrf(session.get(f"{base}/sign-in", timeout=60).text)
    answer = session.post(
        f"{base}/sign-in",
        data={"csrf_token": token, "email": email, "password": password},
        allow_redirects=False,
        timeout=60,
    )
    session.close()
    return answer.status_code


def test_a_session_opened_on_one_host_works_on_the_other(hosts, make):
    a, b = hosts
    make.user(Role.FACILITATOR, email="travelling@example.org")
    on_a = sign_in(a, "travelling@example.org", PASSWORD)
    on_b = requests.Session()
    on_b.cookies.update(on_a.cookies)
    home = on_b.get(f"{b}/", allow_redirects=False, timeout=60)
    assert home.status_code == 200 and "Sign out" in home.text
    # Signing out on B ends the session on A as well (the generation is shared).
    out = on_b.post(
        f"{b}/sign-out", data={"csrf_token": _csrf(home.text)}, allow_redirects=False
    )
    assert out.status_code == 302
    again = requests.Session()
    again.cookies.update(on_a.cookies)
    assert again.get(f"{a}/", allow_redirects=False, timeout=60).status_code == 302


def test_sign_in_throttling_counts_across_both_hosts(hosts, make):
    make.user(Role.FOCAL_POINT, email="target@example.org")
    attempts = 30
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(
            pool.map(
                lambda n: _attempt(hosts[n % 2], "target@example.org", "wrong!"),
                range(attempts),
            )
        )
    db.session.rollback()
    verified = [
        e
        for e in audit_events("auth.sign_in")
        if e.outcome is Outcome.FAILURE and e.details.get("reason") == "bad-credentials"
    ]
    assert len(verified) <= 5, len(verified)  # the per-account limit, not 5 per host
    assert set(statuses) <= {200, 429}
    assert statuses.count(429) >= attempts - 5
    # The right password is refused too while the account is locked, on both hosts.
    for base in hosts:
        assert _attempt(base, "target@example.org", PASSWORD) == 429


def test_password_reset_limits_count_across_both_hosts(hosts, make):
    make.user(Role.PARTNER, email="inbox@example.org")
    for number in range(8):
        base = hosts[number % 2]
        session = requests.Session()
        page = session.get(f"{base}/account/forgot-password", timeout=60).text
        answer = session.post(
            f"{base}/account/forgot-password",
            data={"csrf_token": _csrf(page), "email": "inbox@example.org"},
            timeout=60,
        )
        assert answer.status_code == 200
    db.session.rollback()
    let_through = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ResetRequest)
        .where(ResetRequest.email == "inbox@example.org")
    )
    assert let_through == 3  # MATCHMAKER_RESET_MAX_PER_ACCOUNT, across both hosts


@pytest.fixture
def listings(make):
    text = "RT-PCR equipment, BSL-2 biosafety training and quality systems."
    for country in ("NPL", "BGD", "PHL", "LKA"):
        make.need(
            country=country,
            title="RT-PCR molecular diagnostics laboratory",
            description=text,
        )
    for _ in range(2):
        make.offer(title="RT-PCR laboratory support", description=text, capacity=2)


def _ask_for_a_run(session: requests.Session, base: str) -> str:
    page = session.get(f"{base}/matching/", timeout=60).text
    answer = session.post(
        f"{base}/matching/run", data={"csrf_token": _csrf(page)}, timeout=60
    )
    assert answer.status_code == 200, answer.text[:500]
    return answer.text


def _finished_runs() -> list[MatchRun]:
    db.session.rollback()
    return list(
        db.session.scalars(
            sa.select(MatchRun)
            .where(MatchRun.kind == RunKind.FULL)
            .where(MatchRun.status.in_([RunStatus.SUCCEEDED, RunStatus.FAILED]))
            .order_by(MatchRun.id)
        )
    )


def _wait_for_finished(count: int) -> list[MatchRun]:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while len(runs := _finished_runs()) < count:
        assert time.monotonic() < deadline, "the queued runs never finished"
        time.sleep(0.3)
    return runs


def test_a_run_asked_for_on_one_host_is_seen_whole_on_the_other(hosts, make, listings):
    a, b = hosts
    make.user(Role.FACILITATOR, email="asker@example.org")
    make.user(Role.FACILITATOR, email="watcher@example.org")
    asker, watcher = (
        sign_in(a, "asker@example.org", PASSWORD),
        sign_in(b, "watcher@example.org", PASSWORD),
    )
    assert "Matching will start in a moment" in _ask_for_a_run(asker, a)

    # Watch host B while host A's request is run by whichever worker takes it:
    # every page either has no results yet or the whole run, never a part of it.
    seen: list[str] = []
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        page = watcher.get(f"{b}/matching/", timeout=60).text
        if "Latest run" in page:
            seen.append(page)
            break
        assert "failed" not in page.lower().split("recent runs")[0], page[:3000]
        assert time.monotonic() < deadline, page[:3000]
        time.sleep(0.3)
    (run,) = _wait_for_finished(1)
    assert run.status is RunStatus.SUCCEEDED, run.error
    found = re.search(r"Found</dt><dd>(\d+) suggestions, (\d+) pairings", seen[0])
    assert found and f"#{run.id}" in seen[0]
    assert int(found.group(1)) == run.counts["suggestions"] > 0
    assert int(found.group(2)) == run.counts["pairings"] > 0
    stored = db.session.scalar(
        sa.select(sa.func.count()).select_from(MatchRun).where(MatchRun.id == run.id)
    )
    assert stored == 1


def test_runs_asked_for_on_both_hosts_at_once_do_not_interleave(
    app, hosts, make, listings
):
    people = [
        sign_in(
            base,
            make.user(Role.FACILITATOR, email=f"staff{n}@example.org").email,
            PASSWORD,
        )
        for n, base in enumerate(hosts)
    ]
    pages = [
        s.get(f"{base}/matching/", timeout=60).text
        for s, base in zip(people, hosts, strict=True)
    ]
    start = threading.Barrier(2)
    answers: list[str] = ["", ""]

    def ask(n: int) -> None:
        start.wait(timeout=60)
        answers[n] = (
            people[n]
            .post(
                f"{hosts[n]}/matching/run",
                data={"csrf_token": _csrf(pages[n])},
                timeout=60,
            )
            .text
        )

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    started = [a for a in answers if "Matching will start in a moment" in a]
    refused = [a for a in answers if "no second run was started" in a]
    assert (len(started), len(refused)) == (1, 1), [a[:300] for a in answers]

    (first,) = _wait_for_finished(1)
    assert first.status is RunStatus.SUCCEEDED, first.error

    # A message delivered more than once reaches both hosts' workers at once: the
    # run lease lets one of them run it, once, and the other finds nothing to do.
    _ask_for_a_run(people[0], hosts[0])
    db.session.rollback()
    queued = db.session.scalar(sa.select(sa.func.max(MatchRun.id)))
    queue = tasks.queue_for(app)
    for _ in range(3):
        queue.run_match(queued)
    runs = _wait_for_finished(2)
    second = runs[-1]
    assert second.id == queued and second.status is RunStatus.SUCCEEDED, second.error
    stored = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Suggestion)
        .where(Suggestion.run_id == second.id)
    )
    assert stored == second.counts["suggestions"] > 0  # written once, not twice
    assert len(runs) == 2
    spans = sorted((run.started_at, run.finished_at) for run in runs)
    for (_, ended), (began, _) in zip(spans, spans[1:], strict=False):
        assert ended <= began, spans
