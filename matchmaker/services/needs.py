"""Needs: the scoped list, creation, editing and status changes, each audited.

Views check the policy; these functions do the writing. The owner fields (country,
creator, status) are set here from the acting user, never from form input. Edits
carry the version the form was opened at: a stale one raises ``ListingConflict`` and
nothing is written (the row's ``version`` column also catches a race between two
saves that both passed the check).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from matchmaker import policy
from matchmaker.extensions import db
from matchmaker.models import (
    Category,
    Country,
    Need,
    NeedStatus,
    Priority,
    SupportType,
    User,
    utcnow,
)
from matchmaker.services import create_once, taxonomy
from matchmaker.services.create_once import save_once
from matchmaker.services.listing import (
    Page,
    jsonable,
    paginate,
    save_edit,
    save_status,
)

# The status actions an owner can take, by the name used in URLs and buttons.
NEED_ACTIONS: dict[str, NeedStatus] = {
    "publish": NeedStatus.OPEN,
    "withdraw": NeedStatus.WITHDRAWN,
}


@dataclass(frozen=True)
class NeedData:
    """The fields a focal point sets on a need (never country, owner or status)."""

    title: str
    description: str
    category_slug: str
    support_type_slugs: tuple[str, ...]
    priority: Priority
    budget_usd: Decimal | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class NeedFilters:
    """List filters; None means no filter.

    ``text`` keeps the needs in which every word of it appears (in any case) in the
    title, the description or the country's name.
    """

    country: str | None = None
    category: str | None = None
    status: NeedStatus | None = None
    text: str | None = None


def search_words(text: str | None) -> list[str]:
    """The distinct words of a search (the offers' search splits them the same way).

    Case is left to the database (``ILIKE``); repeating a word narrows nothing.
    """
    words: dict[str, str] = {}
    for word in (text or "").split():
        words.setdefault(word.lower(), word)
    return list(words.values())


def _mentions(word: str) -> ColumnElement[bool]:
    """SQL condition: ``word`` is in the need's title, description or country name.

    ``autoescape`` makes ``%`` and ``_`` in the word match themselves, on SQLite as
    on PostgreSQL, instead of acting as wildcards.
    """
    countries = select(Country.alpha3).where(
        Country.name.icontains(word, autoescape=True)
    )
    return or_(
        Need.title.icontains(word, autoescape=True),
        Need.description.icontains(word, autoescape=True),
        Need.country_alpha3.in_(countries),
    )


def filtered(user: User, filters: NeedFilters) -> Select[Need]:
    """The needs ``user`` may see, narrowed by ``filters``, newest change first."""
    query = policy.needs_visible_to(user)
    if filters.country:
        query = query.where(Need.country_alpha3 == filters.country)
    if filters.category:
        query = query.where(
            Need.category_id.in_(
                select(Category.id).where(Category.slug == filters.category)
            )
        )
    if filters.status:
        query = query.where(Need.status == filters.status)
    for word in search_words(filters.text):
        query = query.where(_mentions(word))
    return query.order_by(Need.updated_at.desc(), Need.id.desc())


def list_page(user: User, filters: NeedFilters, number: int) -> Page[Need]:
    """One page of the needs ``user`` may see."""
    query = filtered(user, filters).options(
        selectinload(Need.country), selectinload(Need.category)
    )
    return paginate(query, number)


def get(need_id: int, *, for_update: bool = False) -> Need | None:
    """One need; ``for_update`` locks its row until the transaction ends."""
    query = select(Need).where(Need.id == need_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def snapshot(need: Need) -> dict:
    """The need's user-visible values, as the audit log records them."""
    return {
        "title": need.title,
        "description": need.description,
        "category": need.category.slug if need.category else None,
        "support_types": [s.slug for s in need.support_types],
        "priority": jsonable(need.priority),
        "budget_usd": jsonable(need.budget_usd),
        "deadline": jsonable(need.deadline),
        "status": jsonable(need.status),
    }


def _apply(need: Need, data: NeedData) -> None:
    with db.session.no_autoflush:  # one UPDATE, so one version step per save
        _assign(need, data)


def _assign(need: Need, data: NeedData) -> None:
    categories = taxonomy.by_slugs(Category, [data.category_slug])
    need.title = data.title
    need.description = data.description
    need.category = categories[0] if categories else None
    need.support_types = taxonomy.by_slugs(SupportType, data.support_type_slugs)
    need.priority = data.priority
    need.budget_usd = data.budget_usd
    need.deadline = data.deadline
    # Always update the row, so that its version moves even when only links change.
    need.updated_at = utcnow()


def create(user: User, data: NeedData, create_token: str | None = None) -> Need:
    """A new draft need for the focal point's own country.

    With the form's ``create_token``, a form sent again creates nothing: it raises
    ``AlreadyCreated`` with the need the first sending made.
    """
    need = Need(
        country_alpha3=user.country_alpha3,
        created_by_id=user.id,
        status=NeedStatus.DRAFT,
        create_token=create_token,
    )
    _apply(need, data)
    save_once(need, snapshot)
    return need


def created_with(create_token: str | None) -> Need | None:
    """The need a create form with this token made, if any."""
    return create_once.created_with(Need, create_token)


def update(need: Need, expected_version: int, data: NeedData) -> Need:
    """Save an edit made on version ``expected_version`` of the need."""
    save_edit(need, expected_version, snapshot, lambda: _apply(need, data))
    return need


def change_status(
    need: Need, expected_version: int, action: str, actor: User | None = None
) -> Need:
    """Publish or withdraw a need (the view has checked the transition).

    Withdrawing closes the need's open pairings and tells the other side.
    """
    from matchmaker.services.pairings import close_for_listing

    ends = NEED_ACTIONS[action] is NeedStatus.WITHDRAWN
    also = (lambda: close_for_listing(need, actor)) if ends else None
    save_status(need, expected_version, action, NEED_ACTIONS[action], also)
    return need
