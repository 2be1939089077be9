"""A separate process that contends for leases and runs, for the queue tests.

Run as ``python -m tests.queue.contender MODE GO_FILE [ARGS...]`` with the database
in ``MATCHMAKER_DATABASE_URL``. Each contender starts, connects, says it is ready
(``GO_FILE.ready.PID``) and waits until ``GO_FILE`` exists, so that all contend at
once, then prints one result line per attempt:

  acquire GO NAME...          ``NAME taken`` or ``NAME busy`` for each lease name
  request GO USER_ID          ``queued RUN_ID`` or ``under-way RUN_ID``
  hold GO HOLDING RELEASE     runs a full match; once it holds the run lease it
                              creates HOLDING and waits for RELEASE; ``ran RUN_ID``
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from sqlalchemy import text

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import User
from matchmaker.services import leases, match_results, match_runs

WAIT_SECONDS = 120


def wait_for(path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} never appeared")
        time.sleep(0.005)


def acquire(names: list[str]) -> None:
    holder = leases.new_holder()
    for name in names:
        taken = leases.acquire(name, holder)
        sys.stdout.write(f"{name} {'taken' if taken else 'busy'}\n")


def request(user_id: int) -> None:
    user = db.session.get(User, user_id)
    outcome = match_results.start_run(user)
    if outcome.run_id is not None:
        sys.stdout.write(f"queued {outcome.run_id}\n")
    else:
        sys.stdout.write(f"under-way {outcome.under_way_id}\n")


def hold(holding: Path, release: Path) -> None:
    def progress(step: str, done: int, total: int) -> None:
        if done == 0:
            holding.touch()
            wait_for(release)

    run = match_runs.run_full_match(progress=progress)
    sys.stdout.write(f"ran {run.id}\n")


def main(mode: str, go: Path, args: list[str]) -> None:
    app = create_app()
    with app.app_context():
        db.session.execute(text("SELECT 1"))  # connected: ready to contend
        db.session.rollback()
        go.with_name(f"{go.name}.ready.{os.getpid()}").touch()
        wait_for(go)
        if mode == "acquire":
            acquire(args)
        elif mode == "request":
            request(int(args[0]))
        elif mode == "hold":
            hold(Path(args[0]), Path(args[1]))
        else:
            raise SystemExit(f"unknown mode {mode}")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:])
