"""The admin's terms (categories, support types, decline reasons, cooperation
models) and the country lists forms offer as choices.

Terms are never deleted: needs, offers, pairings and past match runs refer to them
by id, so an admin retires a term by deactivating it. Inactive terms stay where they
are already used but are no longer offered for new choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from matchmaker.extensions import db
from matchmaker.models import (
    Category,
    CooperationModel,
    Country,
    DeclineReason,
    SubRegion,
    SupportType,
)
from matchmaker.services import audit
from matchmaker.services.listing import changes

Term = Category | SupportType | DeclineReason | CooperationModel

# The audit log's name for each kind of term ("category.create"...).
AUDIT_NAMES: dict[type, str] = {
    Category: "category",
    SupportType: "support_type",
    DeclineReason: "decline_reason",
    CooperationModel: "cooperation_model",
}


class DuplicateSlug(ValueError):
    """Another term already uses this slug."""


@dataclass(frozen=True)
class TermData:
    """What an admin may set on a term."""

    label: str
    description: str = ""
    slug: str = ""  # only read when creating: slugs are stable identifiers
    related_slugs: tuple[str, ...] = field(default=())  # categories only
    # Decline reasons only: the engine comparison the reason speaks against
    # ("" for none); None leaves it as it is.
    comparison: str | None = None


def _terms(model: Any, active_only: bool) -> list[Any]:
    query = select(model).order_by(model.position, model.id)
    if active_only:
        query = query.where(model.active.is_(True))
    return list(db.session.scalars(query))


def categories(*, active_only: bool = False) -> list[Category]:
    """Categories in display order."""
    return _terms(Category, active_only)


def support_types(*, active_only: bool = False) -> list[SupportType]:
    """Support types in display order."""
    return _terms(SupportType, active_only)


def decline_reasons(*, active_only: bool = False) -> list[DeclineReason]:
    """Reasons for declining a suggestion or closing a pairing, in display order."""
    return _terms(DeclineReason, active_only)


def cooperation_models(*, active_only: bool = False) -> list[CooperationModel]:
    """Ways an accepted pairing cooperates, in display order."""
    return _terms(CooperationModel, active_only)


def decline_reason_choices(current: DeclineReason | None = None) -> list[tuple]:
    """(slug, label) of the active reasons, plus ``current`` if it is retired."""
    return term_choices(DeclineReason, [current] if current is not None else [])


def cooperation_model_choices(current: CooperationModel | None = None) -> list[tuple]:
    """(slug, label) of the active models, plus ``current`` if it is retired."""
    return term_choices(CooperationModel, [current] if current is not None else [])


def by_slug(model: Any, slug: str) -> Any:
    """One term by its slug, active or not, or None."""
    if not slug:
        return None
    return db.session.scalar(select(model).where(model.slug == slug))


def term_choices(model: Any, current: Iterable[Term] = ()) -> list[tuple]:
    """(slug, label) of active terms, plus inactive ones the object already uses."""
    keep = {t.id for t in current}
    query = (
        select(model)
        .where(or_(model.active.is_(True), model.id.in_(keep)))
        .order_by(model.position, model.id)
    )
    return [
        (t.slug, t.label if t.active else f"{t.label} (retired)")
        for t in db.session.scalars(query)
    ]


def by_slugs(model: Any, slugs: Sequence[str]) -> list[Any]:
    """The terms with these slugs, in display order."""
    if not slugs:
        return []
    query = select(model).where(model.slug.in_(list(slugs)))
    return list(db.session.scalars(query.order_by(model.position, model.id)))


def get_term(model: Any, term_id: int) -> Any:
    """One term of ``model`` by id, or None."""
    return db.session.get(model, term_id)


def escap_countries() -> list[Country]:
    """Countries of the region (ESCAP members and associates), by name."""
    query = select(Country).where(
        or_(Country.escap_member.is_(True), Country.escap_associate.is_(True)),
        Country.sub_region_slug.is_not(None),
    )
    return list(db.session.scalars(query.order_by(Country.name)))


def all_countries() -> list[Country]:
    """Every country, by name (organisations may come from outside the region)."""
    return list(db.session.scalars(select(Country).order_by(Country.name)))


def sub_regions() -> list[SubRegion]:
    """ESCAP sub-regions, by label."""
    return list(db.session.scalars(select(SubRegion).order_by(SubRegion.label)))


def _snapshot(term: Term) -> dict:
    values = {
        "slug": term.slug,
        "label": term.label,
        "description": term.description,
        "active": term.active,
    }
    if isinstance(term, Category):
        values["related"] = [c.slug for c in term.related]
    if isinstance(term, DeclineReason):
        values["comparison"] = term.comparison
    return values


def _apply(term: Term, data: TermData) -> None:
    term.label = data.label
    term.description = data.description
    if isinstance(term, Category):
        term.related = [
            c for c in by_slugs(Category, data.related_slugs) if c.id != term.id
        ]
    if isinstance(term, DeclineReason) and data.comparison is not None:
        term.comparison = data.comparison


def create_term(model: Any, data: TermData) -> Any:
    """Add a term at the end of its list."""
    taken = db.session.scalar(select(model.id).where(model.slug == data.slug))
    if taken is not None:
        raise DuplicateSlug(f"The slug {data.slug!r} is already in use.")
    position = db.session.scalar(select(func.max(model.position))) or 0
    term = model(slug=data.slug, active=True, position=position + 1)
    _apply(term, data)
    db.session.add(term)
    db.session.flush()
    audit.record(f"{_kind(model)}.create", obj=term, details={"after": _snapshot(term)})
    db.session.commit()
    return term


def update_term(term: Term, data: TermData) -> Term:
    """Change a term's label, description, related categories (categories) or
    the comparison it speaks against (decline reasons)."""
    before = _snapshot(term)
    _apply(term, data)
    audit.record(
        f"{_kind(type(term))}.update",
        obj=term,
        details=changes(before, _snapshot(term)),
    )
    db.session.commit()
    return term


def set_active(term: Term, active: bool) -> Term:
    """Retire a term from new choices, or bring it back."""
    before = _snapshot(term)
    term.active = active
    action = "activate" if active else "deactivate"
    audit.record(
        f"{_kind(type(term))}.{action}",
        obj=term,
        details=changes(before, _snapshot(term)),
    )
    db.session.commit()
    return term


def _kind(model: type) -> str:
    return AUDIT_NAMES[model]
