"""A real gunicorn server on 127.0.0.1 against the test database (black-box tests)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.conftest import TEST_SECRET_KEY

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Generous: a busy machine (another test suite beside this one) may take a minute
# to import the app in four workers. Readiness is polled, never assumed.
READY_DEADLINE_SECONDS = 180
STOP_DEADLINE_SECONDS = 30
PORT_ATTEMPTS = 5


@contextmanager
def gunicorn_server(
    database_url: str,
    instance: Path,
    workers: int = 4,
    target: str = "matchmaker:create_app()",
    **settings: str,
) -> Iterator[str]:
    """Run gunicorn on ``target`` from the project root with the production
    profile (``gunicorn.conf.py``); yields its base URL.

    The server runs in its own process group, which is stopped (then killed) and
    its log closed whatever happens, a failed start included.
    """
    environ = dict(os.environ)
    environ.update(
        MATCHMAKER_DATABASE_URL=database_url,
        MATCHMAKER_INSTANCE_PATH=str(instance),
        MATCHMAKER_SECRET_KEY=TEST_SECRET_KEY,
        MATCHMAKER_LOG_LEVEL="WARNING",
    )
    environ.update({f"MATCHMAKER_{k}": v for k, v in settings.items()})
    # A free port may be taken by another process (another suite on the machine)
    # between asking and binding: then start again on another.
    for _ in range(PORT_ATTEMPTS):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        environ["MATCHMAKER_BASE_URL"] = base
        with open(instance / f"gunicorn-{port}.log", "w+b") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                 "--workers", str(workers), "--bind", f"127.0.0.1:{port}", target],
                env=environ, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
                start_new_session=True,
            )  # fmt: skip
            try:
                try:
                    _wait_until_up(base, process, log)
                except PortTaken:
                    continue
                yield base
                return
            finally:
                stop_process_group(process)
    raise RuntimeError(f"gunicorn found no free port in {PORT_ATTEMPTS} attempts")


class PortTaken(RuntimeError):
    """The port chosen was bound by someone else before gunicorn could."""


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM the process's group, then SIGKILL it past the deadline; reaps it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:  # already gone, group and all
            pass
        try:
            process.wait(timeout=STOP_DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            continue
        if sig is signal.SIGTERM:  # the leader is gone: make sure its children are
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        return


def _log_tail(log) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")[-3000:]


def _wait_until_up(base: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + READY_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            told = _log_tail(log)
            if "Address already in use" in told or "Connection in use" in told:
                raise PortTaken(told)
            raise RuntimeError(f"gunicorn exited:\n{told}")
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"gunicorn did not answer within {READY_DEADLINE_SECONDS} s:\n{_log_tail(log)}"
    )


@contextmanager
def huey_worker(database_url: str, instance: Path, **settings: str) -> Iterator[int]:
    """Run ``matchmaker worker`` on the test database; yields its process id.

    Same environment conventions as ``gunicorn_server`` (share ``instance`` with a
    server to share the default SQLite queue; pass ``QUEUE_URL`` and ``QUEUE_NAME``
    for Redis). Ready once its heartbeat is in the database; always stopped.
    """
    environ = dict(os.environ)
    environ.update(
        MATCHMAKER_DATABASE_URL=database_url,
        MATCHMAKER_INSTANCE_PATH=str(instance),
        MATCHMAKER_SECRET_KEY=TEST_SECRET_KEY,
        MATCHMAKER_LOG_LEVEL="INFO",
        **{f"MATCHMAKER_{k}": v for k, v in settings.items()},
    )
    instance.mkdir(parents=True, exist_ok=True)
    with open(instance / f"worker-{secrets.token_hex(4)}.log", "w+b") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("matchmaker")), "worker"],
            env=environ, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait_for_heartbeat(database_url, process, log)
            yield process.pid
        finally:
            stop_process_group(process)


def wait_for_run_results(page, seconds: float = 120) -> None:
    """Reload the Matching page until the worker's run is stored (a generous
    deadline: the worker runs it in its own time; the page never shows half a run)."""
    deadline = time.monotonic() + seconds
    while "Latest run" not in page.inner_text("main"):
        assert time.monotonic() < deadline, page.inner_text("main")[:2000]
        assert "failed" not in page.inner_text("section[aria-labelledby=runs]")
        page.wait_for_timeout(500)
        page.reload()
    assert page.locator("progress").count() == 0


def worker_log(instance: Path) -> str:
    """What the workers started with ``instance`` wrote (for failure messages)."""
    return "\n".join(p.read_text(errors="replace") for p in instance.glob("worker-*"))


def _wait_for_heartbeat(database_url: str, process: subprocess.Popen, log) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    suffix = f":{process.pid}"
    deadline = time.monotonic() + READY_DEADLINE_SECONDS
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"worker exited:\n{_log_tail(log)}")
            with engine.connect() as connection:
                holders = connection.execute(
                    sa.text("SELECT holder FROM job_leases WHERE name LIKE 'worker:%'")
                ).scalars()
                if any(holder.endswith(suffix) for holder in holders):
                    return
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise RuntimeError(
        f"the worker did not start within {READY_DEADLINE_SECONDS} s:\n{_log_tail(log)}"
    )
