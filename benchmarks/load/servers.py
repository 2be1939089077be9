"""gunicorn on a free loopback port, in its own process group, always stopped.

Both the service and the bare app are served the same way: from the repository
root with ``--config gunicorn.conf.py`` (the production profile: worker count,
timeouts, max requests with jitter), only ``--bind`` added on the command line, so
any difference between their figures is the application's, not the server's.
Readiness is polled against a generous deadline (a busy 2-core machine may take a
minute to import the app in every worker); the process group is stopped, then
killed, whatever happens, Ctrl-C included.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load.database import PROJECT_ROOT, SetupError
from tests.browser.server import free_port, stop_process_group

READY_DEADLINE_SECONDS = 180
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its base URL and its process group."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers, replaced ones too
        (gunicorn reaps them, so their time is in the master's children time)."""
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            # fields[0] is the state (stat field 3): pgrp is field 5, times 14-17.
            if int(fields[2]) != self.process.pid:
                continue
            own = int(fields[11]) + int(fields[12])
            reaped = int(fields[13]) + int(fields[14])
            total += own + (reaped if int(entry.name) == self.process.pid else 0)
        return total / CLOCK_TICKS


@contextmanager
def gunicorn(target: str, environ: dict[str, str], log: Path) -> Iterator[Server]:
    """Serve ``target`` (``module:factory()``) on 127.0.0.1; yields the server."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environ = {**environ, "MATCHMAKER_BASE_URL": base}
    with open(log, "w+b") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", target],
            env=environ, stdout=handle, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait_until_up(base, process, log)
            server = Server(base, process, log)
            _wait_for_workers(server, configured_workers(environ))
            yield server
        finally:
            stop_process_group(process)


def configured_workers(environ: dict[str, str]) -> int:
    """The worker count ``gunicorn.conf.py`` chooses in this environment."""
    saved = dict(os.environ)
    os.environ.update(environ)
    try:
        settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return int(settings["workers"])


def worker_count(server: Server) -> int:
    """How many workers the master runs now (its children in the group)."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.process.pid:  # parent pid
            count += 1
    return count


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"gunicorn exited at start:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise SetupError(
        f"gunicorn did not answer within {READY_DEADLINE_SECONDS} s:\n{_tail(log)}"
    )


def _wait_for_workers(server: Server, expected: int) -> None:
    """Every worker booted: the first one answers while the others still import."""
    deadline = time.monotonic() + READY_DEADLINE_SECONDS
    while worker_count(server) < expected:
        if time.monotonic() > deadline:
            raise SetupError(
                f"gunicorn started {worker_count(server)} of {expected} workers "
                f"within {READY_DEADLINE_SECONDS} s:\n{_tail(server.log)}"
            )
        time.sleep(0.2)
    # A worker counts once forked, and takes connections once its app is imported:
    # each phase's warm-up covers that.


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]
