"""Who may read open calls, raise a hub candidate as one, answer it and close it.

Decisions:

* **Partners** read every open call (and a closed one's page, so that the link in
  a notification still explains itself); a call is addressed to them. They answer
  one by posting an offer, as any offer: ``can_create_offer``.
* **Facilitators** and **admins** read every call, raise a hub candidate of a run
  as a call and close calls: which gaps partners hear about is the facilitation
  team's decision, like the pairings they review.
* **Focal points** do not see calls. A call says which countries of a sub-region
  need the same thing, and countries' needs are not shown to other countries
  (see ``policy/listings.py``); their own needs keep their own pages.

The need titles on a call's page go through ``can_view_need`` one by one: a
partner sees the titles of published needs only, even in a call raised while a
need was still open.
"""

from __future__ import annotations

from typing import Any

from matchmaker.models import HubCall, HubCallStatus, Role
from matchmaker.policy.listings import can_create_offer, is_staff, role_of


def can_view_calls(user: Any) -> bool:
    """Read the list of open calls: partners and staff."""
    return is_staff(user) or role_of(user) is Role.PARTNER


def can_view_call(user: Any, call: HubCall) -> bool:
    """Read one call, open or closed: partners and staff."""
    return can_view_calls(user)


def can_raise_call(user: Any) -> bool:
    """Raise a run's hub candidate with partners: staff."""
    return is_staff(user)


def can_close_call(user: Any, call: HubCall) -> bool:
    """Close an open call (an offer came, or it was dropped): staff."""
    return is_staff(user) and call.status is HubCallStatus.OPEN


def can_answer_call(user: Any, call: HubCall) -> bool:
    """Post an offer for an open call: a partner who may post offers."""
    return can_create_offer(user) and call.status is HubCallStatus.OPEN
