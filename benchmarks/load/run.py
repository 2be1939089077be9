"""The run: build, serve, load in three phases, report (see the package docstring)."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from benchmarks.load import report
from benchmarks.load.build import Built, build
from benchmarks.load.client import Browser, LoopWatch, Recorder
from benchmarks.load.database import DEFAULT_POSTGRES_URL, SetupError, bench_database
from benchmarks.load.probe import Alone, probe, probe_table
from benchmarks.load.scenario import SignInFailed, Visitor
from benchmarks.load.servers import Server, gunicorn, worker_count

APP_TARGET = "matchmaker:create_app()"
BARE_TARGET = "benchmarks.load.bare_app:create_app()"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load",
        description="50 signed-in users against gunicorn, beside a bare Flask route.",
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="server where a throwaway database is created and dropped",
    )
    parser.add_argument("--seconds", type=float, default=60, help="each phase")
    parser.add_argument("--warmup", type=float, default=10, help="before each phase")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean pause between a user's actions in the mixed phase (0: none)",
    )
    parser.add_argument(
        "--no-probe",
        action="store_true",
        help="skip timing each page alone on the idle server after the load",
    )
    parser.add_argument("--needs", type=int, default=5000)
    parser.add_argument("--offers", type=int, default=5000)
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    # SIGTERM ends the run like Ctrl-C: servers stopped, database dropped.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        _run(args)
    except SetupError as error:
        print(f"\nThe load run could not go on: {error}", file=sys.stderr)
        return 2
    except SignInFailed as error:
        print(f"\nA load user could not sign in: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted; servers stopped and the database removed.")
        return 130
    return 0


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def _say(text: str) -> None:
    print(text, flush=True)


def _run(args: argparse.Namespace) -> None:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    _say(
        f"Load benchmark on {args.database}: {args.users} users, phases of "
        f"{args.seconds:.0f} s after {args.warmup:.0f} s of warm-up; "
        f"{os.cpu_count()} cores, load average {load} before the run."
    )
    with (
        tempfile.TemporaryDirectory(prefix="matchmaker-load-") as folder,
        bench_database(args.database, Path(folder), args.postgres_url) as database,
    ):
        started = time.perf_counter()
        built = build(database, args.needs, args.offers, args.users, _say)
        _say(f"  database ready in {time.perf_counter() - started:.0f} s.")
        environ = database.environ()
        log = Path(folder) / "gunicorn-app.log"
        with gunicorn(APP_TARGET, environ, log) as server:
            workers = worker_count(server)
            _say(f"Serving the service with gunicorn ({workers} workers).")
            mixed, listing, signing, alone = asyncio.run(
                _app_phases(server, built, args)
            )
        with gunicorn(BARE_TARGET, environ, Path(folder) / "gunicorn-bare.log") as bare:
            _say(f"Serving the bare app with gunicorn ({worker_count(bare)} workers).")
            bare_phase = asyncio.run(_bare_phase(bare, args))
        _print(args, built, signing, mixed, listing, bare_phase, workers)
        if alone:
            _say("\nEach page alone on the idle server (median of 3, after the load):")
            _say(probe_table(alone))


async def _app_phases(
    server: Server, built: Built, args: argparse.Namespace
) -> tuple[report.Phase, report.Phase, report.Phase, list[Alone]]:
    signing = Recorder()
    visitors = [
        Visitor(Browser(server.base, signing), user, seed=number)
        for number, user in enumerate(built.users)
    ]
    try:
        started = time.perf_counter()
        await asyncio.gather(*(v.sign_in() for v in visitors))
        signed = report.Phase("sign-in", time.perf_counter() - started, signing.samples)
        _say(f"  {len(visitors)} users signed in through the form.")
        mixed = await _phase(
            "mixed", server, [v.browser for v in visitors],
            [v.act for v in visitors], args.think, args,
        )  # fmt: skip
        listing = await _phase(
            "needs list", server, [v.browser for v in visitors],
            [_needs_list(v.browser) for v in visitors], 0.0, args,
        )  # fmt: skip
        alone = [] if args.no_probe else await probe(visitors)
    finally:
        await asyncio.gather(*(v.browser.close() for v in visitors))
    return mixed, listing, signed, alone


def _needs_list(browser: Browser) -> Callable[[], Awaitable[Any]]:
    return lambda: browser.get("needs list (back to back)", "/needs/")


def _bare_route(browser: Browser) -> Callable[[], Awaitable[Any]]:
    return lambda: browser.get("bare route (back to back)", "/rows")


async def _bare_phase(server: Server, args: argparse.Namespace) -> report.Phase:
    browsers = [Browser(server.base, Recorder()) for _ in range(args.users)]
    try:
        actions = [_bare_route(b) for b in browsers]
        return await _phase("bare route", server, browsers, actions, 0.0, args)
    finally:
        await asyncio.gather(*(b.close() for b in browsers))


async def _phase(
    name: str,
    server: Server,
    browsers: list[Browser],
    actions: list[Callable[[], Awaitable[Any]]],
    think: float,
    args: argparse.Namespace,
) -> report.Phase:
    """Every user runs its action in a loop for warm-up + ``args.seconds``."""
    _say(
        f"  phase '{name}': {args.warmup:.0f} s warm-up, then {args.seconds:.0f} s"
        + (f", think time {think:.1f} s on average" if think else ", back to back")
        + "…"
    )
    await _settle(server)
    recorder = Recorder()
    for browser in browsers:
        browser.recorder = recorder
    begin = time.perf_counter()
    window = (begin + args.warmup, begin + args.warmup + args.seconds)
    recorder.window = window
    watch = LoopWatch()
    watch.start()

    async def user(action: Callable[[], Awaitable[Any]], seed: int) -> None:
        rng = random.Random(seed)
        if think:  # arrivals spread, not all at once
            await asyncio.sleep(rng.uniform(0, think))
        while time.perf_counter() < window[1]:
            await action()
            if think:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)

    async def meter() -> tuple[float, float, float]:
        await asyncio.sleep(max(0.0, window[0] - time.perf_counter()))
        before = (time.process_time(), server.cpu_seconds(), _machine_ticks())
        watch.lags_ms.clear()
        await asyncio.sleep(max(0.0, window[1] - time.perf_counter()))
        after = (time.process_time(), server.cpu_seconds(), _machine_ticks())
        busy, total = (a - b for a, b in zip(after[2], before[2], strict=True))
        return after[0] - before[0], after[1] - before[1], busy / max(total, 1)

    metering = asyncio.create_task(meter())
    await asyncio.gather(*(user(action, n) for n, action in enumerate(actions)))
    meters = await metering
    await watch.stop()
    phase = report.Phase(name, args.seconds, recorder.counted())
    phase.client_cpu_s, phase.server_cpu_s, phase.machine_busy = meters
    phase.loop_lag_ms = watch.lags_ms
    return phase


SETTLE_DEADLINE_SECONDS = 300
IDLE_SHARE = 0.05  # of one core, over one second


async def _settle(server: Server) -> None:
    """Wait until the server has finished what an earlier phase left it (requests
    the client gave up on are still being served), so each phase starts idle."""
    deadline = time.perf_counter() + SETTLE_DEADLINE_SECONDS
    while time.perf_counter() < deadline:
        before = server.cpu_seconds()
        await asyncio.sleep(1.0)
        if server.cpu_seconds() - before < IDLE_SHARE:
            return
    _say(f"  (the server was still busy after {SETTLE_DEADLINE_SECONDS} s; going on)")


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values) - idle, sum(values)


def _print(
    args: argparse.Namespace,
    built: Built,
    signing: report.Phase,
    mixed: report.Phase,
    listing: report.Phase,
    bare: report.Phase,
    workers: int,
) -> None:
    cores = os.cpu_count() or 1
    roles: dict[str, int] = {}
    for user in built.users:
        roles[user.role] = roles.get(user.role, 0) + 1
    sign_in = signing.rows()
    _say("")
    _say(
        f"Data: {args.needs:,} needs, {args.offers:,} offers "
        f"({built.scale.needs_before} needs and {built.scale.offers_before} offers "
        "of the demo, the rest scaled up); users: "
        + ", ".join(f"{n} {r}" for r, n in roles.items())
        + f". gunicorn.conf.py, {workers} sync workers, for both apps."
    )
    if sign_in:
        _say(
            f"Sign-in of {len(built.users)} users at once: p50 "
            f"{sign_in[-1].p50:.0f} ms, p99 {sign_in[-1].p99:.0f} ms "
            f"(not counted below)."
        )
    think = f"think time {args.think:.1f} s" if args.think else "no think time"
    _say(f"\nMixed reads and writes, {args.users} signed-in users, {think}:")
    _say(report.table(mixed.rows()))
    _say(mixed.resources(cores))
    _say(f"\nThroughput, {args.users} clients back to back, no think time:")
    _say(report.table([listing.overall(), bare.overall()]))
    _say(listing.resources(cores).replace("  machine", "  needs list: machine"))
    _say(bare.resources(cores).replace("  machine", "  bare route: machine"))
    _say(
        "  server CPU a request, bare route / needs list: "
        f"{report.cpu_ratio(listing, bare):.2f} (the ratio with the client's share "
        "of the cores taken out)"
    )
    kinds = mixed.error_kinds() + listing.error_kinds() + bare.error_kinds()
    if kinds:
        _say("\nErrors by route group and status:")
        for kind, count in kinds.most_common():
            _say(f"  {count:>6}  {kind}")
    _say("\nTargets (2 cores):")
    results = report.verdicts(mixed, listing, bare)
    for text, met in results:
        _say(f"  [{'met' if met else 'MISSED'}] {text}")
    missed = [text for text, met in results if not met]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    _say(f"\nLoad average after the run: {load}.")
    if missed:
        _say(f"{len(missed)} of {len(results)} targets missed (see above).")
    else:
        _say("Every target met.")
