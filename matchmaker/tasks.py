"""The task queue (Huey): work that outlasts a request runs in ``matchmaker worker``.

``MATCHMAKER_QUEUE_URL`` chooses the storage: empty keeps the queue in a SQLite
file in the instance folder (``make run`` needs no other server); a
``redis://`` address uses Redis (production: any number of hosts, one queue).
Each app builds its queue on first use and registers the tasks on it; a task runs
inside an app context of the worker's app. Messages are pickled, as is Huey's
way: the queue's storage must be reachable by the service alone, like its
database.

The only task so far runs one queued full match run. The queue only carries the
run's id: the run itself, its progress and its result live in the database, and
the run lease there keeps runs one at a time whatever the queue does (a message
delivered twice finds its run no longer waiting and does nothing).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper
from huey.exceptions import RetryTask
from redis import ConnectionPool

from matchmaker.extensions import db

logger = logging.getLogger(__name__)

EXTENSION_KEY = "matchmaker.queue"
QUEUE_FILE = "queue.sqlite3"
# A queued run that finds another run under way tries again this much later.
RETRY_SECONDS = 10
# Polling of the SQLite queue when idle, at most this many seconds apart (Redis
# blocks on the queue instead of polling).
MAX_POLL_SECONDS = 2.0
# Seconds to connect to Redis or to hear back from it.
REDIS_TIMEOUT = 10

_building = threading.Lock()


@dataclass(frozen=True)
class Queue:
    """An app's Huey instance and its tasks."""

    huey: Huey
    run_match: TaskWrapper


def build_huey(url: str, name: str, instance_path: str | Path) -> Huey:
    """A Huey instance on Redis (``redis://...``) or on the instance folder's file."""
    if url:
        # Bounded waits: a request asking for a run must not hang on a lost Redis
        # (a blocking read waits at most 1 s, well within the socket timeout).
        pool = ConnectionPool.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        return RedisHuey(name=name, connection_pool=pool, results=False)
    path = Path(instance_path) / QUEUE_FILE
    return SqliteHuey(name=name, filename=str(path), results=False)


def queue_for(app: Flask) -> Queue:
    """The app's queue, built and its tasks registered on first use."""
    queue = app.extensions.get(EXTENSION_KEY)
    if queue is not None:
        return queue
    with _building:
        queue = app.extensions.get(EXTENSION_KEY)
        if queue is None:
            huey = build_huey(
                app.config.get("QUEUE_URL", ""),
                app.config.get("QUEUE_NAME", "matchmaker"),
                app.instance_path,
            )
            queue = Queue(huey=huey, run_match=_register_run_match(huey, app))
            app.extensions[EXTENSION_KEY] = queue
    return queue


def _register_run_match(huey: Huey, app: Flask) -> TaskWrapper:
    @huey.task(name="run_match")
    def run_match(run_id: int) -> None:
        """Run queued match run ``run_id`` in the worker's app."""
        from matchmaker.services import match_queue, match_runs

        with app.app_context():
            try:
                match_queue.execute_queued_run(run_id)
            except match_runs.RunUnderWay as busy:
                logger.info("match run %s waits: %s", run_id, busy)
                raise RetryTask(delay=RETRY_SECONDS) from busy
            finally:
                db.session.remove()

    return run_match


def enqueue_match_run(run_id: int) -> None:
    """Hand queued run ``run_id`` to the current app's queue."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queue_for(app).run_match(run_id)


def run_waiting(app: Flask, limit: int = 100) -> int:
    """Run the tasks waiting in the queue now, in this process; how many ran.

    For tests and one-off maintenance; a worker is the usual way.
    """
    huey = queue_for(app).huey
    ran = 0
    while ran < limit:
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        ran += 1
    return ran


def pending(app: Flask) -> int:
    """How many messages wait in the queue (not counting retries scheduled)."""
    return queue_for(app).huey.pending_count()
