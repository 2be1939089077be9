"""A real gunicorn server on 127.0.0.1 against the test database (black-box tests)."""

from __future__ import annotations

import os
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
