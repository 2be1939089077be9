"""Helpers shared by the listing services: pagination, conflicts, audit values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.extensions import db
from matchmaker.models import Need, Offer, Outcome, utcnow

T = TypeVar("T")

PER_PAGE = 25
MAX_PAGE = 100_000  # far past any real listing; keeps OFFSET arithmetic sane


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results with what a pager needs to link its neighbours."""

    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def clamp_page(number: Any) -> int:
    """A page number from user input: an int in [1, MAX_PAGE], 1 for nonsense."""
    try:
        value = int(number)
    except (TypeError, ValueError):
        return 1
    return min(max(value, 1), MAX_PAGE)


def paginate(query: Select, number: int, per_page: int = PER_PAGE) -> Page:
    """Run ``query`` for one page; the count uses the same filters."""
    total = db.session.scalar(
        select(func.count()).select_from(query.order_by(None).subquery())
    )
    rows = db.session.scalars(
        query.limit(per_page).offset((number - 1) * per_page)
    ).all()
    return Page(list(rows), number, per_page, int(total or 0))


class ListingConflict(Exception):
    """The listing changed after the form was opened; nothing was saved."""


def jsonable(value: Any) -> Any:
    """A value as the audit log's JSON column stores it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "value", value))


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The before and after values of the fields that changed, for the audit log."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {
        "before": {k: before.get(k) for k in keys},
        "after": {k: after[k] for k in keys},
    }


def check_version(listing: Any, expected_version: int) -> None:
    """Refuse (and audit) a save made on an older version of ``listing``."""
    if listing.version != expected_version:
        kind, listing_id = type(listing), listing.id
        _record_conflict(kind, listing_id, expected_version)
        raise ListingConflict(listing_id)


def commit_versioned(listing: Any) -> None:
    """Commit; a concurrent save that slipped past ``check_version`` is a conflict."""
    kind, listing_id, version = type(listing), listing.id, listing.version
    try:
        db.session.commit()
    except StaleDataError as error:
        _record_conflict(kind, listing_id, version)
        raise ListingConflict(listing_id) from error


def save_new(listing: Any, snapshot_of: Callable[[Any], dict]) -> None:
    """Insert a new listing and audit it with its values."""
    db.session.add(listing)
    db.session.flush()
    name = type(listing).__name__.lower()
    _audit(f"{name}.create", listing, {"after": snapshot_of(listing)})
    db.session.commit()


def save_edit(
    listing: Any,
    expected_version: int,
    snapshot_of: Callable[[Any], dict],
    apply: Callable[[], None],
) -> None:
    """Apply an edit made on ``expected_version``; audit what changed."""
    check_version(listing, expected_version)
    before = snapshot_of(listing)
    apply()
    name = type(listing).__name__.lower()
    _audit(f"{name}.update", listing, changes(before, snapshot_of(listing)))
    commit_versioned(listing)


def save_status(
    listing: Any,
    expected_version: int,
    action: str,
    status: Any,
    also: Callable[[], object] | None = None,
) -> None:
    """Move a listing to ``status`` through ``action`` (the view checked the rule).

    ``also`` runs in the same transaction, after the change (closing the listing's
    pairings when it is withdrawn or closed).
    """
    check_version(listing, expected_version)
    before = listing.status
    listing.status = status
    listing.updated_at = utcnow()
    name = type(listing).__name__.lower()
    _audit(
        f"{name}.{action}",
        listing,
        {"before": {"status": before.value}, "after": {"status": status.value}},
    )
    if also is not None:
        also()
    commit_versioned(listing)


def _audit(action: str, listing: Any, details: dict[str, Any]) -> None:
    from matchmaker.services import audit

    audit.record(action, obj=listing, details=details)


def _record_conflict(
    kind: type[Need] | type[Offer], listing_id: int, expected_version: int
) -> None:
    """Refused saves are worth knowing about; the record is committed on its own."""
    from matchmaker.services import audit

    db.session.rollback()
    current = db.session.scalar(select(kind.version).where(kind.id == listing_id))
    name = kind.__name__.lower()
    audit.record(
        f"{name}.conflict",
        object_type=name,
        object_id=listing_id,
        outcome=Outcome.FAILURE,
        details={"expected_version": expected_version, "current_version": current},
    )
    db.session.commit()
