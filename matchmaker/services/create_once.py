"""Saving a new listing once per create form, however often the form is sent.

The form's one-time token is saved on the listing in the same transaction, and the
``create_token`` column is unique. A form sent again after its answer was lost finds
the first listing here. Two sendings racing each other cannot both insert: on SQLite
the write lock taken at the start of a POST serialises them, so the second finds the
first; on PostgreSQL the second insert fails on the unique index, and that failure is
turned into the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import Need, Offer
from matchmaker.services.listing import save_new

ListingT = TypeVar("ListingT", Need, Offer)


class AlreadyCreated(Exception):
    """The form's token created a listing already; nothing new was saved."""

    def __init__(self, listing: Need | Offer) -> None:
        super().__init__(type(listing).__name__, listing.id)
        self.listing = listing


def created_with(model: type[ListingT], token: str | None) -> ListingT | None:
    """The listing of kind ``model`` a form with ``token`` created, if any."""
    if not token:
        return None
    return db.session.scalar(select(model).where(model.create_token == token))


def save_once(listing: ListingT, snapshot_of: Callable[[Any], dict]) -> None:
    """Insert and audit ``listing``, unless its create token was used already.

    Raises:
        AlreadyCreated: with the listing the token made, when it was used before
            or by a request that committed first.
    """
    model, token = type(listing), listing.create_token
    with db.session.no_autoflush:  # the new listing must not find itself
        earlier = created_with(model, token)
    if earlier is not None:
        raise AlreadyCreated(earlier)
    try:
        save_new(listing, snapshot_of)
    except IntegrityError:
        db.session.rollback()
        earlier = created_with(model, token)
        if earlier is None:  # some other constraint: not ours to explain
            raise
        raise AlreadyCreated(earlier) from None
