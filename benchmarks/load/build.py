"""Everything before the load: schema, demo data, scaling, a full match run, users.

Each step is the one an operator takes (``db upgrade``, ``seed-demo``, ``match``
on the command line; users through the users service), except the scaling, which
bulk-inserts (see ``scale.py``). The full match run follows the scaling, as on a
service that has been running: the review queue then shows the run's suggestions,
and computes live ones only for what changes during the load.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from benchmarks.load.accounts import LoadUser, create_users
from benchmarks.load.database import BenchDatabase, make_app, run_cli
from benchmarks.load.scale import ScaleReport, scale_up

T = TypeVar("T")


@dataclass
class Built:
    """What the load runs against."""

    users: list[LoadUser]
    scale: ScaleReport
    seconds: dict[str, float] = field(default_factory=dict)


def build(
    database: BenchDatabase,
    needs: int,
    offers: int,
    users: int,
    say: Callable[[str], None],
) -> Built:
    """Prepare ``database`` for the load; ``say`` reports each step."""
    seconds: dict[str, float] = {}

    def step(name: str, work: Callable[[], T]) -> T:
        say(f"  {name}…")
        started = time.perf_counter()
        result = work()
        seconds[name] = time.perf_counter() - started
        return result

    step("db upgrade", lambda: run_cli(database, "db", "upgrade"))
    step("seed-demo", lambda: run_cli(database, "seed-demo"))
    app = make_app(database)
    with app.app_context():
        from matchmaker.extensions import db

        scale = step(
            f"scale to {needs:,} × {offers:,}", lambda: scale_up(needs, offers)
        )
        db.session.remove()
        # Before the users: the run marks offers past their validity expired, and
        # what each user may open is read after that.
        step("full match run", lambda: run_cli(database, "match"))
        made = step(f"{users} users", lambda: create_users(users))
        db.session.remove()
        db.engine.dispose()
    return Built(made, scale, seconds)
