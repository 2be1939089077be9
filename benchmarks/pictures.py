"""Time to draw each of the region's pictures at 5,000 needs and 5,000 offers.

Usage: python -m benchmarks.pictures [--needs 5000] [--offers 5000] [--repeat 5]

Builds a throwaway SQLite database (migrated like production) holding the needs and
offers, 600 pairings at every stage with their history, and a stored full run with
assigned suggestions, unmet needs and regional proposals — bulk-inserted, since the
point is the pictures, not the engine. Then, for each picture, the median of
``--repeat`` timings of the whole path a page takes (the service's counting plus the
drawing), printed beside two bare kernels it competes with in the same run: a
matplotlib figure saved as SVG with nothing on it (the floor of any drawing) and one
grouped COUNT over the needs through SQLAlchemy (the floor of any counting).
Target: each picture under one second on 2 cores.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 7
PAIRINGS = 600
STAGE_PATH = ("accepted", "introduced", "agreed", "in_progress", "completed")


def _app(folder: Path):  # type: ignore[no-untyped-def]
    os.environ["MATCHMAKER_INSTANCE_PATH"] = str(folder)
    from matchmaker import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "SECRET_KEY": "benchmark-only-secret-key-not-used-elsewhere",
            "TESTING": True,
        }
    )


def _populate(needs: int, offers: int) -> None:
    """Bulk-insert the synthetic region (see the module docstring)."""
    from sqlalchemy import insert, select

    from matchmaker.extensions import db
    from matchmaker.models import (
        Category,
        Country,
        MatchRun,
        Need,
        NeedStatus,
        Offer,
        OfferStatus,
        Organisation,
        OrganisationKind,
        Pairing,
        PairingEvent,
        PairingStatus,
        ProposalKind,
        RegionalProposal,
        RunKind,
        RunStatus,
        SubRegion,
        Suggestion,
        SupportType,
    )
    from matchmaker.models.matching import regional_proposal_needs
    from matchmaker.models.need import need_support_types
    from matchmaker.models.offer import (
        offer_categories,
        offer_eligible_countries,
        offer_eligible_sub_regions,
        offer_support_types,
    )

    rng = random.Random(SEED)
    now = datetime.now(UTC)
    countries = list(
        db.session.scalars(
            select(Country.alpha3).where(Country.sub_region_slug.is_not(None))
        )
    )
    regions = list(db.session.scalars(select(SubRegion.slug)))
    categories = list(db.session.scalars(select(Category.id)))
    kinds = list(db.session.scalars(select(SupportType.id)))
    db.session.execute(
        insert(Organisation),
        [{"id": i, "name": f"Partner {i}", "kind": OrganisationKind.RESEARCH}
         for i in range(1, 201)],
    )  # fmt: skip
    need_status = [NeedStatus.OPEN] * 6 + [NeedStatus.IN_DISCUSSION, NeedStatus.DRAFT]
    db.session.execute(
        insert(Need),
        [
            {
                "id": i,
                "country_alpha3": rng.choice(countries),
                "title": f"Need {i} for a laboratory of kind {i % 37}",
                "description": "Synthetic need for the pictures benchmark.",
                "category_id": rng.choice(categories) if i % 9 else None,
                "status": rng.choice(need_status),
                "created_at": now - timedelta(days=rng.randrange(365)),
                "updated_at": now,
            }
            for i in range(1, needs + 1)
        ],
    )
    db.session.execute(
        insert(need_support_types),
        [
            {"need_id": i, "support_type_id": kind}
            for i in range(1, needs + 1)
            for kind in rng.sample(kinds, rng.randint(1, 2))
        ],
    )
    db.session.execute(
        insert(Offer),
        [
            {
                "id": i,
                "organisation_id": rng.randint(1, 200),
                "title": f"Offer {i} of support kind {i % 29}",
                "description": "Synthetic offer for the pictures benchmark.",
                "capacity": rng.randint(1, 5),
                "eligible_any": i % 10 == 0,
                "status": OfferStatus.OPEN if i % 8 else OfferStatus.CLOSED,
                "created_at": now - timedelta(days=rng.randrange(365)),
                "updated_at": now,
            }
            for i in range(1, offers + 1)
        ],
    )
    for table, column, values, most in (
        (offer_categories, "category_id", categories, 2),
        (offer_support_types, "support_type_id", kinds, 2),
        (offer_eligible_countries, "country_alpha3", countries, 3),
    ):
        rows = [
            {"offer_id": i, column: value}
            for i in range(1, offers + 1)
            for value in rng.sample(values, rng.randint(1, most))
        ]
        db.session.execute(insert(table), rows)
    db.session.execute(
        insert(offer_eligible_sub_regions),
        [{"offer_id": i, "sub_region_slug": rng.choice(regions)}
         for i in range(1, offers + 1) if i % 3 == 0],
    )  # fmt: skip
    run_started = now - timedelta(days=60)
    db.session.execute(
        insert(MatchRun),
        [{"id": 1, "kind": RunKind.FULL, "status": RunStatus.SUCCEEDED,
          "started_at": run_started, "finished_at": run_started,
          "unmet_need_ids": list(range(1, needs + 1, 5))}],
    )  # fmt: skip
    db.session.execute(
        insert(Suggestion),
        [
            {"run_id": 1, "need_id": i, "offer_id": rng.randint(1, offers),
             "rank": 1, "score": rng.uniform(40, 95), "assigned": i % 3 == 0}
            for i in range(1, needs + 1) if i % 5
        ],
    )  # fmt: skip
    db.session.execute(
        insert(RegionalProposal),
        [
            {"id": p, "run_id": 1,
             "kind": ProposalKind.HUB if p % 4 == 0 else ProposalKind.REGIONAL_OFFER,
             "offer_id": None if p % 4 == 0 else rng.randint(1, offers),
             "theme": f"Shared theme {p}", "sub_region_slug": rng.choice(regions),
             "why": "Several countries need it.", "score": 60.0}
            for p in range(1, 301)
        ],
    )  # fmt: skip
    db.session.execute(
        insert(regional_proposal_needs),
        [{"proposal_id": p, "need_id": n}
         for p in range(1, 301) for n in rng.sample(range(1, needs + 1), 4)],
    )  # fmt: skip
    pairs = rng.sample(
        [(n, o) for n in range(1, needs + 1, 7) for o in (rng.randint(1, offers),)],
        PAIRINGS,
    )
    pairings, events = [], []
    for number, (need_id, offer_id) in enumerate(pairs, start=1):
        reached = STAGE_PATH[: 1 + number % len(STAGE_PATH)]
        moment = run_started + timedelta(days=1)
        for stage in reached:
            moment += timedelta(days=rng.randint(2, 30))
            events.append(
                {"pairing_id": number, "action": stage,
                 "to_status": PairingStatus(stage), "at": min(moment, now)}
            )  # fmt: skip
        pairings.append(
            {"id": number, "need_id": need_id, "offer_id": offer_id,
             "status": PairingStatus(reached[-1]), "score": 70.0,
             "created_at": run_started, "updated_at": now}
        )  # fmt: skip
    db.session.execute(insert(Pairing), pairings)
    db.session.execute(insert(PairingEvent), events)
    db.session.commit()


def _median_seconds(work: Callable[[], object], repeat: int) -> float:
    work()  # warm: imports, caches and the first query plan are not the figure
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _kernels() -> dict[str, Callable[[], object]]:
    from matplotlib.figure import Figure
    from sqlalchemy import func, select

    from matchmaker.extensions import db
    from matchmaker.models import Need

    def empty_svg() -> str:
        figure = Figure(figsize=(8, 6))
        figure.add_subplot()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
        return buffer.getvalue()

    def grouped_count() -> list:
        query = select(Need.country_alpha3, Need.category_id, func.count()).group_by(
            Need.country_alpha3, Need.category_id
        )
        return db.session.execute(query).all()

    return {
        "kernel: empty matplotlib figure to SVG": empty_svg,
        "kernel: one grouped COUNT over the needs": grouped_count,
    }


def _pictures() -> dict[str, Callable[[], object]]:
    from matchmaker import pictures
    from matchmaker.pictures.shapes import GapMeasure
    from matchmaker.services import region_figures, region_network, region_progress
    from matchmaker.services.region_network import Scope

    def gap_map() -> str:
        grid = region_figures.gap_grid(measure=GapMeasure.UNMET)
        return pictures.draw_gap_map(grid)

    def landscape(by: str) -> Callable[[], str]:
        return lambda: pictures.draw_landscape(region_figures.landscape(by=by))

    def network(scope: Scope) -> Callable[[], str]:
        return lambda: pictures.draw_network(region_network.network(scope))

    def monthly() -> str:
        return pictures.draw_monthly(region_progress.progress().months)

    def funnel() -> str:
        return pictures.draw_funnel(region_progress.progress().funnel)

    return {
        "gap map (country × category)": gap_map,
        "support landscape by sub-region": landscape("sub-region"),
        "support landscape by country": landscape("country"),
        "network, whole region": network(Scope()),
        "network, one sub-region": network(Scope(sub_region="south-east-asia")),
        "needs posted and met per month": monthly,
        "pairing funnel": funnel,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=5000)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="matchmaker-bench-") as folder:
        app = _app(Path(folder))
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            start = time.perf_counter()
            _populate(args.needs, args.offers)
            built = time.perf_counter() - start
            print(
                f"{args.needs} needs × {args.offers} offers, {PAIRINGS} pairings: "
                f"database built in {built:.1f} s; median of {args.repeat} runs each"
            )
            print(f"{'':<44} {'seconds':>8}")
            for name, work in {**_kernels(), **_pictures()}.items():
                seconds = _median_seconds(work, args.repeat)
                flag = "" if name.startswith("kernel") or seconds < 1 else "  > 1 s"
                print(f"{name:<44} {seconds:>8.3f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
