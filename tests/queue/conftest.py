"""Fixtures for the task queue tests: contending processes and Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"


class Contenders:
    """Processes of ``tests.queue.contender`` started together on the test database."""

    def __init__(self, database_url: str, folder: Path) -> None:
        self.database_url, self.folder = database_url, folder
        self.go = folder / "go"
        self.processes: list[subprocess.Popen] = []

    def start(self, mode: str, *args: str) -> subprocess.Popen:
        environ = dict(os.environ)
        environ.update(
            MATCHMAKER_DATABASE_URL=self.database_url,
            MATCHMAKER_INSTANCE_PATH=str(self.folder / "instance"),
            MATCHMAKER_SECRET_KEY=TEST_SECRET_KEY,
            MATCHMAKER_LOG_LEVEL="WARNING",
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.queue.contender", mode, str(self.go), *args],
            cwd=ROOT, env=environ, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def release(self) -> None:
        """Let every contender go at once, when all are ready."""
        deadline = time.monotonic() + 180
        while len(list(self.folder.glob("go.ready.*"))) < len(self.processes):
            for process in self.processes:
                if process.poll() is not None:
                    raise AssertionError(process.communicate()[1][-3000:])
            assert time.monotonic() < deadline, "contenders never got ready"
            time.sleep(0.05)
        self.go.touch()

    def lines(self, process: subprocess.Popen, timeout: float = 240) -> list[str]:
        out, err = process.communicate(timeout=timeout)
        assert process.returncode == 0, err[-3000:]
        return out.strip().splitlines()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=30)


@pytest.fixture
def contenders(app, tmp_path: Path) -> Iterator[Contenders]:
    """Start contender processes; any left running are killed afterwards."""
    group = Contenders(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    try:
        yield group
    finally:
        group.stop_all()


@pytest.fixture
def redis_queue_name(request: pytest.FixtureRequest) -> Iterator[str]:
    """A queue name of this test's own on the real Redis; its keys go afterwards."""
    import secrets

    import redis

    name = f"test_{secrets.token_hex(6)}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:  # CI starts Redis; say so plainly here
        pytest.fail(f"Redis is not reachable on {REDIS_URL}: {error}")
    try:
        yield name
    finally:
        keys = list(client.scan_iter(match=f"huey.*{name}*"))
        if keys:
            client.delete(*keys)
        client.close()
