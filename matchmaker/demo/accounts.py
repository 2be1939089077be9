"""Demo accounts, one per role (a focal point per demo country, a partner for a few
demo organisations), so a newcomer can try every journey right after ``make run``.

Development only: the command refuses in production. Passwords are generated,
shown once by the command, and never stored in clear; running again creates only
the accounts that are missing.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from matchmaker.demo import data
from matchmaker.models import Role
from matchmaker.services.users import create_user, find_by_email

logger = logging.getLogger(__name__)

DOMAIN = "demo.example.org"
FOCAL_POINT_COUNTRIES = ("NPL", "BGD", "PHL", "KAZ")
PARTNER_ORGANISATIONS = 3


@dataclass(frozen=True)
class DemoAccount:
    """One demo account to create, and its password once created."""

    email: str
    role: Role
    country: str | None = None
    organisation: str | None = None
    password: str = ""


def planned_accounts() -> list[DemoAccount]:
    """Every demo account, whether or not it exists yet."""
    accounts = [
        DemoAccount(f"admin@{DOMAIN}", Role.ADMIN),
        DemoAccount(f"facilitator@{DOMAIN}", Role.FACILITATOR),
    ]
    accounts += [
        DemoAccount(f"focal-{code.lower()}@{DOMAIN}", Role.FOCAL_POINT, country=code)
        for code in FOCAL_POINT_COUNTRIES
    ]
    names = [row["name"] for row in data.organisations()]
    organisations = names[:PARTNER_ORGANISATIONS]
    accounts += [
        DemoAccount(f"partner-{number}@{DOMAIN}", Role.PARTNER, organisation=name)
        for number, name in enumerate(organisations, start=1)
    ]
    return accounts


def seed_demo_accounts() -> list[DemoAccount]:
    """Create the missing demo accounts; returns them with their new passwords."""
    created = []
    for account in planned_accounts():
        if find_by_email(account.email) is not None:
            continue
        password = secrets.token_urlsafe(12)
        create_user(
            email=account.email,
            role=account.role,
            password=password,
            country=account.country,
            organisation=account.organisation,
            full_name=f"Demo {account.role.label.lower()}",
        )
        created.append(
            DemoAccount(
                account.email,
                account.role,
                account.country,
                account.organisation,
                password,
            )
        )
        logger.info("Created demo account %s", account.email)
    return created
