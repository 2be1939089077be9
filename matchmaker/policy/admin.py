"""Who may manage the service's shared data: organisations, taxonomy, audit log.

Only admins. Facilitators read listings but do not reshape the reference data the
matching engine and every country rely on, nor read the audit trail (it names people
and their failed sign-ins).
"""

from __future__ import annotations

from typing import Any

from matchmaker.models import Role
from matchmaker.policy.listings import role_of


def is_admin(user: Any) -> bool:
    """A signed-in, active admin."""
    return role_of(user) is Role.ADMIN


def can_manage_organisations(user: Any) -> bool:
    """Create and edit partner organisations."""
    return is_admin(user)


def can_edit_taxonomy(user: Any) -> bool:
    """Add, edit, activate and deactivate categories and support types."""
    return is_admin(user)


def can_view_audit(user: Any) -> bool:
    """Read the audit log."""
    return is_admin(user)
