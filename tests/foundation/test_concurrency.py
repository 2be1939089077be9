"""Two processes writing the same row through the ORM lose nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaker.extensions import db
from matchmaker.models import Offer

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 2
INCREMENTS = 60


def run_workers(app, mode: str, offer_id: int, tmp_path: Path) -> list[tuple[int, int]]:
    env = dict(os.environ)
    env["MATCHMAKER_DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
    env["MATCHMAKER_INSTANCE_PATH"] = str(tmp_path / "worker-instance")
    env["MATCHMAKER_SECRET_KEY"] = "w" * 40
    env["MATCHMAKER_LOG_LEVEL"] = "WARNING"
    command = [sys.executable, "-m", "tests.foundation.increment_worker"]
    workers = [
        subprocess.Popen(
            [*command, mode, str(offer_id), str(INCREMENTS)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        successes, conflicts = out.strip().splitlines()[-1].split()
        results.append((int(successes), int(conflicts)))
    return results


def current_capacity(offer_id: int) -> int:
    db.session.rollback()
    return db.session.get(Offer, offer_id, populate_existing=True).capacity


@pytest.mark.slow
def test_locked_writes_lose_no_increment(app, make, tmp_path):
    offer = make.offer(capacity=1)
    db.session.commit()
    results = run_workers(app, "locked", offer.id, tmp_path)
    assert all(conflicts == 0 for _, conflicts in results)
    assert current_capacity(offer.id) == 1 + PROCESSES * INCREMENTS


@pytest.mark.slow
def test_unlocked_writes_conflict_cleanly_instead_of_losing(app, make, tmp_path):
    offer = make.offer(capacity=1)
    db.session.commit()
    results = run_workers(app, "optimistic", offer.id, tmp_path)
    successes = sum(s for s, _ in results)
    conflicts = sum(c for _, c in results)
    assert successes + conflicts == PROCESSES * INCREMENTS
    # Every acknowledged increment is in the row; nothing was silently overwritten.
    assert current_capacity(offer.id) == 1 + successes
