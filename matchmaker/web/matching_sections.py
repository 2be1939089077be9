"""The Matching page's feedback and cooperation-model sections.

Registered with ``matching.page_section`` when this module is imported (by
``web.match_settings``, so at app start). Each builder returns the variables its
template (``matching/_feedback.html``, ``matching/_cooperation_models.html``) reads.
"""

from __future__ import annotations

from typing import Any

from matchmaker.models import User
from matchmaker.policy.match_settings import (
    can_change_match_settings,
    can_view_match_settings,
)
from matchmaker.services import feedback
from matchmaker.services.cooperation_report import cooperation_report
from matchmaker.services.match_settings import current_settings
from matchmaker.web.matching import page_section


@page_section
def feedback_section(user: User) -> dict[str, Any]:
    """Declines and closures of the last 30 days, and advice on the weights."""
    return {
        "decline_feedback": feedback.decline_feedback(current_settings()),
        "feedback_rule": {
            "min_count": feedback.MIN_COUNT,
            "min_share": feedback.MIN_SHARE,
        },
        "can_view_match_settings": can_view_match_settings(user),
        "can_change_match_settings": can_change_match_settings(user),
    }


@page_section
def cooperation_section(user: User) -> dict[str, Any]:
    """Cooperation models by stage and by sub-region."""
    return {"cooperation": cooperation_report()}
