"""Figures of a phase, the table printed, and the targets met or missed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from benchmarks.load.client import Sample

TARGET_P95_MS = 300.0
TARGET_P99_MS = 1000.0
TARGET_RATIO = 1 / 3


@dataclass(frozen=True)
class Row:
    """One route group's figures (or the whole phase's)."""

    name: str
    requests: int
    errors: int
    conflicts: int
    p50: float
    p95: float
    p99: float
    per_second: float

    @classmethod
    def of(cls, name: str, samples: list[Sample], seconds: float) -> Row:
        ms = np.array([s.ms for s in samples]) if samples else np.zeros(1)
        p50, p95, p99 = np.percentile(ms, [50, 95, 99])
        return cls(
            name,
            len(samples),
            sum(s.outcome == "error" for s in samples),
            sum(s.outcome == "conflict" for s in samples),
            float(p50),
            float(p95),
            float(p99),
            len(samples) / seconds,
        )


@dataclass
class Phase:
    """What one phase measured."""

    name: str
    seconds: float
    samples: list[Sample]
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0
    machine_busy: float = 0.0  # share of all cores busy, 0..1
    loop_lag_ms: list[float] = field(default_factory=list)

    def rows(self) -> list[Row]:
        groups: dict[str, list[Sample]] = {}
        for sample in self.samples:
            groups.setdefault(sample.group, []).append(sample)
        rows = [Row.of(n, s, self.seconds) for n, s in sorted(groups.items())]
        if len(rows) > 1:
            rows.append(Row.of("all requests", self.samples, self.seconds))
        return rows

    def overall(self) -> Row:
        return Row.of(self.name, self.samples, self.seconds)

    def error_kinds(self) -> Counter[str]:
        return Counter(
            f"{s.group}: {s.detail}" for s in self.samples if s.outcome == "error"
        )

    def resources(self, cores: int) -> str:
        lag = np.percentile(self.loop_lag_ms, [99]) if self.loop_lag_ms else [0.0]
        count = max(1, len(self.samples))
        return (
            f"  machine {100 * self.machine_busy:.0f} % busy ({cores} cores); "
            f"server {100 * self.server_cpu_s / self.seconds:.0f} % of one core "
            f"({1000 * self.server_cpu_s / count:.2f} ms CPU a request); "
            f"client {100 * self.client_cpu_s / self.seconds:.0f} % of one core "
            f"({1000 * self.client_cpu_s / count:.2f} ms CPU a request), "
            f"client loop late by {float(lag[0]):.1f} ms at p99"
        )


HEADER = (
    f"{'route group':<24}{'requests':>9}{'errors':>7}{'409':>6}"
    f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}"
)


def table(rows: list[Row]) -> str:
    """The rows as a fixed-width table."""
    lines = [HEADER, "-" * len(HEADER)]
    for row in rows:
        lines.append(
            f"{row.name:<24}{row.requests:>9}{row.errors:>7}{row.conflicts:>6}"
            f"{row.p50:>9.0f}{row.p95:>9.0f}{row.p99:>9.0f}{row.per_second:>8.1f}"
        )
    return "\n".join(lines)


def cpu_ratio(listing: Phase, bare: Phase) -> float:
    """Server CPU a bare request costs over what a needs list request costs: the
    throughput ratio with the client's share of the cores taken out."""
    per_list = listing.server_cpu_s / max(1, len(listing.samples))
    per_bare = bare.server_cpu_s / max(1, len(bare.samples))
    return per_bare / max(per_list, 1e-9)


def verdicts(mixed: Phase, listing: Phase, bare: Phase) -> list[tuple[str, bool]]:
    """Each target, in words, with whether it was met."""
    overall = mixed.overall()
    errors = sum(p.overall().errors for p in (mixed, listing))
    ratio = listing.overall().per_second / max(bare.overall().per_second, 1e-9)
    return [
        (f"p95 < {TARGET_P95_MS:.0f} ms (mixed: {overall.p95:.0f} ms)",
         overall.p95 < TARGET_P95_MS),
        (f"p99 < {TARGET_P99_MS:.0f} ms (mixed: {overall.p99:.0f} ms)",
         overall.p99 < TARGET_P99_MS),
        (f"no error (mixed and needs list: {errors})", errors == 0),
        (f"needs list / bare route throughput ≥ 1/3 ({ratio:.2f})",
         ratio >= TARGET_RATIO),
    ]  # fmt: skip
