"""The load client: many browser-like sessions in one asyncio loop (aiohttp).

Each virtual user has its own cookie jar (its signed session cookie, as a browser
keeps it) and one connection at a time, like a browser tab; redirects are not
followed, so each request is timed alone. Every request is recorded with its route
group, its latency (from sending to the last byte of the body) and its outcome:

- *ok* — the status the page answers when all is well (200, or a redirect after a
  form is saved);
- *conflict* — 409 on a write, which is how the service refuses a save made on an
  older version or a pair somebody decided first: expected, not an error;
- *error* — any other status (≥ 400, or a redirect to the sign-in page where a page
  was asked for), a refused or dropped connection, a timeout.

One asyncio loop in one process costs well under a millisecond of CPU a request;
``LoopWatch`` measures how late the loop wakes up, and the run reports the client's
own CPU time, so that it shows whether the client kept up.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

REQUEST_TIMEOUT_SECONDS = 60  # gunicorn's own worker timeout


@dataclass(frozen=True)
class Sample:
    """One request as it went."""

    group: str
    started: float  # time.perf_counter()
    ms: float
    outcome: str  # "ok", "conflict" or "error"
    detail: str  # the status code, or the exception's name


@dataclass
class Recorder:
    """Every request of a phase; only those started in the window count."""

    samples: list[Sample] = field(default_factory=list)
    window: tuple[float, float] = (0.0, float("inf"))

    def add(self, sample: Sample) -> None:
        self.samples.append(sample)

    def counted(self) -> list[Sample]:
        start, end = self.window
        return [s for s in self.samples if start <= s.started < end]


class Browser:
    """One user's session: a cookie jar and one connection at a time."""

    def __init__(self, base: str, recorder: Recorder) -> None:
        self.recorder = recorder
        self.session = aiohttp.ClientSession(
            base_url=base,
            # The server is 127.0.0.1: aiohttp keeps no cookies for an IP address
            # unless told to.
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            connector=aiohttp.TCPConnector(limit=1, force_close=True),
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS),
        )

    async def close(self) -> None:
        await self.session.close()

    async def get(
        self, group: str, path: str, ok: Iterable[int] = (200,)
    ) -> tuple[int, str]:
        return await self.send(group, "GET", path, ok=ok)

    async def post(
        self, group: str, path: str, data: Any, ok: Iterable[int] = (302, 303)
    ) -> tuple[int, str]:
        return await self.send(group, "POST", path, data=data, ok=ok, conflict=True)

    async def send(
        self,
        group: str,
        method: str,
        path: str,
        data: Any = None,
        ok: Iterable[int] = (200,),
        conflict: bool = False,
    ) -> tuple[int, str]:
        """Send one request and record it; (status, body), or (0, "") on failure."""
        started = time.perf_counter()
        try:
            async with self.session.request(
                method, path, data=data, allow_redirects=False
            ) as answer:
                body = await answer.text()
                status = answer.status
        except (aiohttp.ClientError, TimeoutError) as error:
            ms = (time.perf_counter() - started) * 1000
            self.recorder.add(Sample(group, started, ms, "error", type(error).__name__))
            return 0, ""
        ms = (time.perf_counter() - started) * 1000
        if status in ok:
            outcome = "ok"
        elif conflict and status == 409:
            outcome = "conflict"
        else:
            outcome = "error"
        self.recorder.add(Sample(group, started, ms, outcome, str(status)))
        return status, body


class LoopWatch:
    """How late the client's event loop wakes up: a busy client shows here first."""

    PERIOD = 0.010

    def __init__(self) -> None:
        self.lags_ms: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _watch(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.PERIOD)
            self.lags_ms.append((time.perf_counter() - before - self.PERIOD) * 1000)
