"""Each page alone: what a request costs the server when nothing else is queued.

Under load a slow page makes every page slow (requests wait for a free worker), so
the mixed phase's table says *that* the service is slow, not *where*. After the
load, one user of each role asks for each of its pages a few times in a row, on
the idle server, and the median is the page's own cost. Writes are left out (they
change what the next request sees).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from benchmarks.load.client import Recorder
from benchmarks.load.scenario import REGION_PAGES, Visitor

REPEAT = 3
# A page this slow alone cannot meet the p95 target under any load.
SLOW_MS = 300.0


@dataclass(frozen=True)
class Alone:
    """One page's median time alone, for one role."""

    role: str
    page: str
    median_ms: float
    statuses: str


def _pages(visitor: Visitor) -> list[tuple[str, str]]:
    user, role = visitor.user, visitor.user.role
    pages = [("home", "/"), ("needs list", "/needs/"), ("offers list", "/offers/")]
    if user.need_ids:
        pages.append(("need page", f"/needs/{user.need_ids[len(user.need_ids) // 2]}"))
    if user.probe_offer_id:  # an open one: closed offers show no suggestions
        pages.append(("offer page", f"/offers/{user.probe_offer_id}"))
    pages.append(("notifications", "/notifications"))
    pages += [(f"region {path}", path) for path in REGION_PAGES[role]]
    if user.editable_need_ids:
        pages.append(("edit form", f"/needs/{user.editable_need_ids[0]}/edit"))
        pages.append(("new form", "/needs/new"))
    if user.editable_offer_ids:
        pages.append(("edit form", f"/offers/{user.editable_offer_ids[0]}/edit"))
        pages.append(("new form", "/offers/new"))
    if role in ("facilitator", "admin"):
        pages.append(("review queue", "/review/"))
        if visitor.pairs:
            need_id, offer_id = visitor.pairs[0]
            pages.append(("review pair", f"/review/{need_id}/{offer_id}"))
    return pages


async def probe(visitors: list[Visitor]) -> list[Alone]:
    """One signed-in visitor of each role, each of its pages ``REPEAT`` times."""
    chosen: dict[str, Visitor] = {}
    for visitor in visitors:
        chosen.setdefault(visitor.user.role, visitor)
    found = []
    for role, visitor in chosen.items():
        recorder = Recorder()
        visitor.browser.recorder = recorder
        if role in ("facilitator", "admin"):
            await visitor.review_queue()
        for name, path in _pages(visitor):
            recorder.samples.clear()
            for _ in range(REPEAT):
                await visitor.browser.get(name, path)
            found.append(
                Alone(
                    role,
                    name,
                    statistics.median(s.ms for s in recorder.samples),
                    ",".join(sorted({s.detail for s in recorder.samples})),
                )
            )
    return found


def probe_table(found: list[Alone]) -> str:
    """Pages by role with their median time alone; slow ones marked."""
    lines = [f"{'role':<13}{'page':<26}{'median ms':>10}  status", "-" * 58]
    for item in found:
        mark = "  slow" if item.median_ms >= SLOW_MS else ""
        lines.append(
            f"{item.role:<13}{item.page:<26}{item.median_ms:>10.0f}  "
            f"{item.statuses}{mark}"
        )
    return "\n".join(lines)
