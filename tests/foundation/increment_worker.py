"""A separate process that increments one offer's capacity many times through the ORM.

Run by ``test_concurrency.py`` as ``python -m tests.foundation.increment_worker MODE
OFFER_ID COUNT``; the database comes from ``MATCHMAKER_DATABASE_URL``. Prints
``successes conflicts`` on its last line.
"""

from __future__ import annotations

import sys

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from matchmaker import create_app
from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import Offer


def locked_increment(offer_id: int) -> None:
    """The service's write path: lock up front (SQLite) or lock the row (PostgreSQL)."""
    with write_transaction(db.session) as session:
        offer = session.get(Offer, offer_id, with_for_update=True)
        offer.capacity += 1


def optimistic_increment(offer_id: int) -> None:
    """No lock: the version column must turn a race into an error, not a lost write."""
    try:
        offer = db.session.get(Offer, offer_id, populate_existing=True)
        offer.capacity += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def main(mode: str, offer_id: int, count: int) -> None:
    app = create_app()
    successes = conflicts = 0
    step = locked_increment if mode == "locked" else optimistic_increment
    with app.app_context():
        for _ in range(count):
            try:
                step(offer_id)
                successes += 1
            except (StaleDataError, OperationalError):
                conflicts += 1
    sys.stdout.write(f"{successes} {conflicts}\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
