"""The queue worker process (``matchmaker worker``): Huey's consumer, plus care.

Before consuming, the worker marks runs left ``running`` by a dead worker failed
and queues the waiting runs again (a message lost with the queue's storage would
otherwise leave its run waiting for ever; a duplicate finds its run done and does
nothing). While it runs, a thread beats its heartbeat so the Matching page can tell
a queue with no worker. When it stops — gracefully on SIGINT (the run under way
finishes first), at once on SIGTERM — it removes its heartbeat and, if it was
stopped mid-run, fails that run and frees the lease instead of leaving it to run
out.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from matchmaker.extensions import db
from matchmaker.services import leases, match_queue, match_runs
from matchmaker.tasks import MAX_POLL_SECONDS, queue_for

logger = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    """Beats this worker's heartbeat every ``BEAT_EVERY`` until stopped."""

    def __init__(self, app: Flask, label: str) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.app, self.label = app, label
        self._stopped = threading.Event()

    def beat(self) -> None:
        with self.app.app_context():
            try:
                match_queue.worker_beat(self.label)
            finally:
                db.session.remove()

    def run(self) -> None:
        while not self._stopped.wait(match_queue.BEAT_EVERY.total_seconds()):
            try:
                self.beat()
            except Exception:  # the database may be back at the next beat
                logger.exception("worker heartbeat failed")

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=5)


def run_worker(app: Flask, workers: int = 1) -> None:
    """Consume the app's queue until stopped by a signal."""
    queue = queue_for(app)
    label = leases.process_label()
    heartbeat = Heartbeat(app, label)
    with app.app_context():
        swept = match_queue.sweep_abandoned()
        waiting = match_queue.waiting_run_ids()
        db.session.remove()
    if swept:
        logger.warning("marked abandoned match runs failed: %s", swept)
    for run_id in waiting:
        queue.run_match(run_id)
    # The first beat comes only after the waiting runs are queued again: whoever
    # waits for this worker to be alive and then asks for a run must not have
    # that run queued a second time by the look for runs left waiting.
    heartbeat.beat()
    consumer = queue.huey.create_consumer(
        workers=workers, max_delay=MAX_POLL_SECONDS, periodic=True
    )
    heartbeat.start()
    logger.info("matchmaker worker %s ready, %d waiting run(s)", label, len(waiting))
    try:
        consumer.run()
    finally:
        heartbeat.stop()
        with app.app_context():
            try:
                given_up = match_runs.give_up_runs_of(label)
                if given_up:
                    logger.warning("stopped during match run(s) %s", given_up)
                match_queue.worker_gone(label)
            finally:
                db.session.remove()
