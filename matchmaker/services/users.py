"""Creating and finding users; the rules tying roles to countries and organisations."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from matchmaker import taxonomy
from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import Country, Organisation, Role, User
from matchmaker.passwords import hash_password, validate_new_password
from matchmaker.services import audit


class UserError(ValueError):
    """A user cannot be created as asked; the message says why."""


def normalise_email(email: str) -> str:
    """The canonical spelling of an address: validated syntax, lower case."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise UserError(f"{email!r} is not a valid email address: {error}") from error
    return result.normalized.lower()


def find_by_email(email: str) -> User | None:
    """The user with this address, whatever its case."""
    return db.session.scalar(
        select(User).where(func.lower(User.email) == email.lower())
    )


def resolve_country_code(value: str) -> str:
    """An alpha-3 code for a code or name known to the database."""
    code = taxonomy.resolve_country(value)
    if code is None or db.session.get(Country, code) is None:
        raise UserError(f"Unknown country {value!r}; use an ISO alpha-3 code.")
    return code


def get_or_create_organisation(name: str) -> Organisation:
    """The organisation of that name (case-insensitive), created when unknown."""
    clean = " ".join(name.split())
    if not clean:
        raise UserError("An organisation name cannot be empty.")
    existing = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == clean.lower())
    )
    if existing is not None:
        return existing
    organisation = Organisation(name=clean)
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation.create", obj=organisation, details={"name": clean})
    return organisation


def create_user(
    *,
    email: str,
    role: Role,
    password: str | None,
    country: str | None = None,
    organisation: str | None = None,
    full_name: str = "",
) -> User:
    """Create one user in its own write transaction.

    ``password`` may be None for an invited user who sets one through a link.
    """
    address = normalise_email(email)
    if password is not None:
        validate_new_password(password)
    if role is Role.FOCAL_POINT and not country:
        raise UserError("A focal point needs a country (--country).")
    if role is Role.PARTNER and not organisation:
        raise UserError("A partner needs an organisation (--organisation).")
    db.session.rollback()
    with write_transaction(db.session):
        if find_by_email(address) is not None:
            raise UserError(f"A user with the email {address} already exists.")
        user = User(
            email=address,
            role=role,
            full_name=full_name.strip(),
            password_hash=hash_password(password) if password is not None else None,
            country_alpha3=resolve_country_code(country) if country else None,
        )
        if organisation:
            user.organisation = get_or_create_organisation(organisation)
        db.session.add(user)
        db.session.flush()
        audit.record(
            "user.create",
            obj=user,
            details={"role": role.value, "country": user.country_alpha3},
        )
    return user
