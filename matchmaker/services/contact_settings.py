"""A user's own contact details and email choice, changed from the account page.

The phone number is personal data revealed to the other party only by an
introduction, so the audit event records *that* it changed, never the number.
"""

from __future__ import annotations

from typing import Any

from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import EmailPreference, User
from matchmaker.services import audit


def update_contact_settings(
    user: User, phone: str, preference: EmailPreference
) -> bool:
    """Save ``user``'s phone and email preference; audited. False: nothing changed."""
    db.session.rollback()
    with write_transaction(db.session):
        fresh = db.session.get(User, user.id, with_for_update=True)
        if fresh is None:
            return False
        details: dict[str, Any] = {}
        if fresh.phone != phone:
            details["phone"] = _phone_change(fresh.phone, phone)
            fresh.phone = phone
        if fresh.email_preference is not preference:
            details["email_preference"] = {
                "before": fresh.email_preference.value,
                "after": preference.value,
            }
            fresh.email_preference = preference
        if not details:
            return False
        audit.record(
            "account.contact_settings", obj=fresh, actor=fresh, details=details
        )
    return True


def _phone_change(before: str, after: str) -> str:
    if not before:
        return "added"
    return "removed" if not after else "changed"
