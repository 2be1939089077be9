"""The run under way on the Matching page: a progress bar that refreshes itself.

Registered with ``matching.page_section``; ``templates/matching/_progress.html``
shows it. Reads only (a GET changes nothing): a run whose worker died shows as
stopped here and is marked failed by the next request for a run.
"""

from __future__ import annotations

from typing import Any

from matchmaker.models import User
from matchmaker.services import match_queue
from matchmaker.web.matching import page_section


@page_section
def run_progress(user: User) -> dict[str, Any]:
    """``run_progress``: the run waiting or under way, or None."""
    return {"run_progress": match_queue.progress()}
