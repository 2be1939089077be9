"""Speed of the whole pipeline on seeded synthetic needs and offers.

Usage: python -m benchmarks.speed [--sizes 1000,5000,20000] [--seed 7]

Each size runs in its own process so its peak memory (ru_maxrss) is its own. For
each size: every step's time, peak memory, pairs considered per second, and the time
bare all-pairs `cdist(token_set_ratio, workers=-1)` on descriptions would take,
measured on a slice and scaled linearly. Then the incremental path: one new need
against the largest offer set.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date

import numpy as np
from rapidfuzz import fuzz, process

from matchmaker.matching import (
    MatchSettings,
    NeedRecord,
    OfferIndex,
    OfferRecord,
    Taxonomy,
    run_matching,
    suggest_for_need,
)
from matchmaker.taxonomy import (
    ESCAP_SUB_REGION,
    SUB_REGIONS,
    category_slugs,
    support_type_slugs,
)

AS_OF = date(2025, 6, 1)
SLICE = 200
TOPICS = [
    "RT-PCR testing", "BSL-2 laboratory", "whole genome sequencing", "GMP audit",
    "mRNA vaccine production", "calibration of equipment", "BMET training",
    "health-tech incubator", "ISO 15189 accreditation", "clinical trial sites",
    "telemedicine", "electronic health records", "oxygen concentrators",
    "antivenom production", "regulatory reliance", "bioinformatics fellowships",
    "tuberculosis culture", "quality management system", "API production",
    "cold chain for vaccines", "antimicrobial resistance surveillance",
]  # fmt: skip
SENTENCES = [
    "Provincial hospitals lack {t} and depend on the capital for results.",
    "We seek partners for {t}, including training of staff and supervision.",
    "The ministry plans to scale up {t} in district facilities over three years.",
    "Support is needed for {t}: equipment, reagents and standard procedures.",
    "A twinning arrangement on {t} with an experienced institute would help.",
    "Our national strategy names {t} as a priority for outbreak preparedness.",
    "Technicians need hands-on courses in {t} and quality assurance.",
    "Funding covers part of {t}; technical assistance is still missing.",
]


def synthetic(n: int, seed: int) -> tuple[list[NeedRecord], list[OfferRecord]]:
    """Needs and offers of realistic shape: short titles, 200-500 character texts."""
    rng = np.random.default_rng(seed)
    countries = sorted(ESCAP_SUB_REGION)
    cats, supports, regions = (
        sorted(category_slugs()),
        sorted(support_type_slugs()),
        sorted(SUB_REGIONS),
    )

    def text(k: int) -> tuple[str, str]:
        topics = rng.choice(TOPICS, size=2, replace=False)
        words = [
            str(rng.choice(SENTENCES)).format(t=rng.choice(topics)) for _ in range(k)
        ]
        return f"{topics[0]} and {topics[1]}", " ".join(words)

    def pick(items: list[str], most: int) -> tuple[str, ...]:
        return tuple(sorted(set(rng.choice(items, size=rng.integers(0, most + 1)))))

    needs = []
    for i in range(n):
        title, description = text(int(rng.integers(2, 6)))
        needs.append(NeedRecord(
            id=f"N{i:06d}", country=str(rng.choice(countries)), title=title,
            description=description, category=str(rng.choice(cats)),
            support_types=pick(supports, 2),
            budget_usd=float(rng.integers(1, 50)) * 1e4,
        ))  # fmt: skip
    offers = []
    for i in range(n):
        title, description = text(int(rng.integers(2, 6)))
        roll = rng.random()
        eligible = (
            () if roll < 0.1
            else pick(regions, 1) or (str(rng.choice(regions)),) if roll < 0.6
            else tuple(sorted(set(rng.choice(countries, size=3))))
        )  # fmt: skip
        offers.append(OfferRecord(
            id=f"O{i:06d}", partner=f"P{i % 500}", title=title, description=description,
            categories=pick(cats, 2) or (str(rng.choice(cats)),),
            support_types=pick(supports, 3), eligible=eligible,
            capacity=int(rng.integers(1, 5)),
            modality=str(rng.choice(["bilateral", "regional", "either"])),
            valid_until=date(2026, 1, 1) if rng.random() < 0.95 else date(2024, 1, 1),
        ))  # fmt: skip
    return needs, offers


def one_size(n: int, seed: int) -> dict:
    """Run the pipeline once at n x n and measure it (in this process)."""
    needs, offers = synthetic(n, seed)
    start = time.perf_counter()
    result = run_matching(needs, offers, MatchSettings(), as_of=AS_OF)
    wall = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    descriptions = [o.description for o in offers]
    probe = [x.description for x in needs[:SLICE]]
    start = time.perf_counter()
    process.cdist(
        probe, descriptions, scorer=fuzz.token_set_ratio, workers=-1, dtype=np.uint8
    )
    all_pairs = (time.perf_counter() - start) * n / len(probe)
    timings = dict(result.timings)
    return {
        "n": n, "wall_s": wall, "peak_mib": peak_mib, "timings": timings,
        "suggestions": len(result.suggestions), "pairings": len(result.pairings),
        "regional": len(result.regional), "hubs": len(result.hubs),
        "all_pairs_cdist_s": all_pairs,
    }  # fmt: skip


def incremental(n: int, seed: int, samples: int = 50) -> list[float]:
    """Milliseconds to suggest offers for one new need against n prepared offers."""
    needs, offers = synthetic(n, seed)
    index = OfferIndex.build(offers, Taxonomy())
    suggest_for_need(needs[0], index, as_of=AS_OF)  # warm caches
    times = []
    for need in needs[1 : samples + 1]:
        start = time.perf_counter()
        suggest_for_need(need, index, as_of=AS_OF)
        times.append((time.perf_counter() - start) * 1000)
    return times


def show(m: dict) -> None:
    t, n = m["timings"], m["n"]
    steps = [k for k in t if k.endswith("_s") and k != "total_s"]
    print(f"\n{n:,} needs x {n:,} offers  ({n * n:,} pairs)")
    for key in steps:
        print(f"  {key[:-2]:<14} {t[key]:8.2f} s")
    considered = t["pairs_considered"]
    print(
        f"  {'total':<14} {t['total_s']:8.2f} s   peak memory {m['peak_mib']:,.0f} MiB"
    )
    print(
        f"  eligible pairs {considered:,.0f} ({100 * considered / (n * n):.2f} %), "
        f"rapidfuzz candidates {t['candidates']:,.0f}"
    )
    print(
        f"  pairs considered per second: {n * n / t['total_s']:,.0f} (all pairs), "
        f"{considered / t['total_s']:,.0f} (eligible)"
    )
    print(
        "  bare all-pairs cdist(token_set_ratio) estimate: "
        f"{m['all_pairs_cdist_s']:,.0f} s"
        f" ({m['all_pairs_cdist_s'] / t['total_s']:.0f}x the pipeline)"
    )
    print(f"  output: {m['suggestions']:,} suggestions, {m['pairings']:,} pairings, "
          f"{m['regional']:,} regional proposals, {m['hubs']:,} hubs")  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.one, args.seed)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    for n in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.speed", "--one", str(n),
             "--seed", str(args.seed)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        show(json.loads(out.stdout.strip().splitlines()[-1]))
    times = incremental(max(sizes), args.seed)
    print(f"\nincremental: one need against {max(sizes):,} offers: median "
          f"{statistics.median(times):.1f} ms, p95 {np.percentile(times, 95):.1f} ms, "
          f"max {max(times):.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
