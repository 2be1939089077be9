"""Who may do what to accounts: one function per action, used by views and services.

An admin manages every account but their own role and status (so the last admin
cannot lock everyone out by accident); a facilitator may invite focal points and
partners and read the user list; nobody else touches accounts but their own.
"""

from __future__ import annotations

from typing import Any

from matchmaker.models import Role, User

STAFF_ROLES = frozenset({Role.FACILITATOR, Role.ADMIN})

# Roles that may enrol a second factor, and for which an admin may require one.
TOTP_ROLES = (Role.FACILITATOR, Role.ADMIN)

_INVITABLE: dict[Role, tuple[Role, ...]] = {
    Role.ADMIN: (Role.FOCAL_POINT, Role.PARTNER, Role.FACILITATOR, Role.ADMIN),
    Role.FACILITATOR: (Role.FOCAL_POINT, Role.PARTNER),
}


def _role(actor: Any) -> Role | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return actor.role


def invitable_roles(actor: Any) -> tuple[Role, ...]:
    """The roles ``actor`` may invite someone to (empty: may not invite)."""
    role = _role(actor)
    return _INVITABLE.get(role, ()) if role is not None else ()


def can_invite(actor: Any, role: Role) -> bool:
    """May ``actor`` invite a new user to ``role``?"""
    return role in invitable_roles(actor)


def can_list_users(actor: Any) -> bool:
    """Staff read the user list; others see only their own account."""
    return _role(actor) in STAFF_ROLES


def can_manage_user(actor: Any, user: User) -> bool:
    """May ``actor`` change ``user``'s role, country, organisation or status?"""
    return _role(actor) is Role.ADMIN and actor.id != user.id


def can_change_security_settings(actor: Any) -> bool:
    """May ``actor`` require a second factor for a role?"""
    return _role(actor) is Role.ADMIN


def can_use_totp(user: Any) -> bool:
    """May this user enrol a second factor (facilitators and admins)?"""
    return _role(user) in TOTP_ROLES
