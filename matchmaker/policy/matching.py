"""Who may read match runs and start one: facilitators and admins.

A run's results set every country's needs beside every partner's offers, so only
staff read them; focal points and partners see the suggestions for their own
listings on the listings' pages instead. Starting a run costs engine time and
replaces what facilitators review, so it is staff's decision too.
"""

from __future__ import annotations

from typing import Any

from matchmaker.policy.listings import is_staff


def can_view_matching(user: Any) -> bool:
    """Read the latest run, its pairings, regional proposals and hub candidates."""
    return is_staff(user)


def can_run_matching(user: Any) -> bool:
    """Start a full match run from the Matching page."""
    return is_staff(user)
