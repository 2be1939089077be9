"""A real gunicorn server on 127.0.0.1 against the test database (black-box tests)."""

from __future__ import annotations

import os
import secrets
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


@contextmanager
def gunicorn_server(
    database_url: str,
    instance: Path,
    workers: int = 4,
    target: str = "matchmaker:create_app()",
    **settings: str,
) -> Iterator[str]:
    """Run gunicorn on ``target`` from the project root; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environ = dict(os.environ)
    environ.update(
        MATCHMAKER_DATABASE_URL=database_url,
        MATCHMAKER_INSTANCE_PATH=str(instance),
        MATCHMAKER_SECRET_KEY=TEST_SECRET_KEY,
        MATCHMAKER_BASE_URL=base,
        MATCHMAKER_LOG_LEVEL="WARNING",
        **{f"MATCHMAKER_{k}": v for k, v in settings.items()},
    )
    log = open(instance / "gunicorn.log", "w+b")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--timeout", "60", target],
        env=environ, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
    )  # fmt: skip
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited:\n{log.read().decode()[-3000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 30 s")


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
    log = open(instance / f"worker-{secrets.token_hex(4)}.log", "w+b")  # noqa: SIM115
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("matchmaker")), "worker"],
        env=environ, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
    )  # fmt: skip
    try:
        _wait_for_heartbeat(database_url, process, log)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
        log.close()


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
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"worker exited:\n{log.read().decode()[-3000:]}")
            with engine.connect() as connection:
                holders = connection.execute(
                    sa.text("SELECT holder FROM job_leases WHERE name LIKE 'worker:%'")
                ).scalars()
                if any(holder.endswith(suffix) for holder in holders):
                    return
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise RuntimeError("the worker did not start within 60 s")
