"""Partner organisations: the admin's list, creation and editing, each audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Organisation, OrganisationKind
from matchmaker.services import audit
from matchmaker.services.listing import Page, changes, jsonable, paginate


class DuplicateName(ValueError):
    """Another organisation already has this name (names are unique, any case)."""


@dataclass(frozen=True)
class OrganisationData:
    """What an admin sets on an organisation."""

    name: str
    kind: OrganisationKind
    country_alpha3: str | None
    website: str = ""


def list_page(number: int) -> Page[Organisation]:
    """One page of organisations, by name."""
    query = select(Organisation).order_by(func.lower(Organisation.name))
    return paginate(query, number)


def get(organisation_id: int) -> Organisation | None:
    """One organisation by id."""
    return db.session.get(Organisation, organisation_id)


def snapshot(organisation: Organisation) -> dict:
    """The values the audit log records."""
    return {
        "name": organisation.name,
        "kind": jsonable(organisation.kind),
        "country": organisation.country_alpha3,
        "website": organisation.website,
    }


def _check_name_free(name: str, organisation_id: int | None) -> None:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if organisation_id is not None:
        query = query.where(Organisation.id != organisation_id)
    if db.session.scalar(query) is not None:
        raise DuplicateName(f"An organisation named {name!r} already exists.")


def _apply(organisation: Organisation, data: OrganisationData) -> None:
    organisation.name = data.name
    organisation.kind = data.kind
    organisation.country_alpha3 = data.country_alpha3
    organisation.website = data.website


def create(data: OrganisationData) -> Organisation:
    """A new organisation."""
    _check_name_free(data.name, None)
    organisation = Organisation()
    _apply(organisation, data)
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        "organisation.create",
        obj=organisation,
        details={"after": snapshot(organisation)},
    )
    db.session.commit()
    return organisation


def update(organisation: Organisation, data: OrganisationData) -> Organisation:
    """Change an organisation's name, kind, country or website."""
    _check_name_free(data.name, organisation.id)
    before = snapshot(organisation)
    _apply(organisation, data)
    audit.record(
        "organisation.update",
        obj=organisation,
        details=changes(before, snapshot(organisation)),
    )
    db.session.commit()
    return organisation
