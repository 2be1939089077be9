"""Who may read and change the match settings: staff read, admins change.

Facilitators read the weights and their history, since they explain the scores
they review; changing them reshapes every country's suggestions, so only admins
do, as with the taxonomy.
"""

from __future__ import annotations

from typing import Any

from matchmaker.policy.admin import is_admin
from matchmaker.policy.listings import is_staff


def can_view_match_settings(user: Any) -> bool:
    """Read the settings in force and their history."""
    return is_staff(user)


def can_change_match_settings(user: Any) -> bool:
    """Save new settings or restore the engine's defaults."""
    return is_admin(user)
