"""What the pictures draw: plain data, made by the services, read by the drawers.

The pictures package is pure like the engine: no Flask, no database. A service
counts what the database holds into these shapes; a drawer turns one shape into an
SVG string; a page shows the SVG beside the same numbers as a table and a CSV. One
shape feeds all three, so the picture, the table and the download cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property


class GapMeasure(StrEnum):
    """Which needs a gap map colours by."""

    UNMET = "unmet"
    OPEN = "open"
    COVERED = "covered"
    ALL = "all"


GAP_MEASURE_LABELS = {
    GapMeasure.UNMET: "Unmet needs",
    GapMeasure.OPEN: "Needs waiting for a decision",
    GapMeasure.COVERED: "Needs covered by a pairing",
    GapMeasure.ALL: "All published needs",
}


@dataclass(frozen=True)
class GapCell:
    """One country × category cell: its needs counted by state.

    ``covered``: a pairing was accepted or went further; ``unmet``: the latest run
    found no offer for it (and nothing covers it since); ``open``: the rest.
    ``link`` is where the cell leads (the filtered needs list), or "" when the
    viewer may not list those needs.
    """

    country: str  # alpha-3 code
    category: str  # category slug, "" for needs without a category
    open: int
    covered: int
    unmet: int
    link: str = ""

    @property
    def total(self) -> int:
        return self.open + self.covered + self.unmet

    def count(self, measure: GapMeasure) -> int:
        """The number a measure colours this cell by."""
        if measure is GapMeasure.ALL:
            return self.total
        return int(getattr(self, measure.value))


@dataclass(frozen=True)
class GapGrid:
    """A country × category heatmap: rows and columns in order, non-empty cells."""

    countries: list[tuple[str, str]]  # (alpha-3, name), top to bottom
    categories: list[tuple[str, str]]  # (slug or "", label), left to right
    cells: list[GapCell]
    measure: GapMeasure = GapMeasure.UNMET
    title: str = ""

    @cached_property
    def _by_place(self) -> dict[tuple[str, str], GapCell]:
        return {(cell.country, cell.category): cell for cell in self.cells}

    def cell(self, country: str, category: str) -> GapCell | None:
        """The cell of a country and a category, or None where there are no needs."""
        return self._by_place.get((country, category))


@dataclass(frozen=True)
class SupplyCell:
    """Needs of one group (country or sub-region) seeking one support type, against
    the offers available to them: open, eligible, with places left."""

    group: str  # alpha-3 code or sub-region slug
    support_type: str  # slug
    needs: int
    offers: int
    places: int  # remaining capacity summed over those offers

    @property
    def shortfall(self) -> int:
        """How many more needs than places; 0 when supply meets demand."""
        return max(0, self.needs - self.places)


@dataclass(frozen=True)
class Landscape:
    """Demand against supply, group × support type."""

    groups: list[tuple[str, str]]  # (code, name), top to bottom
    support_types: list[tuple[str, str]]  # (slug, label), left to right
    cells: list[SupplyCell]
    title: str = ""


class NodeKind(StrEnum):
    NEED = "need"
    OFFER = "offer"


class EdgeKind(StrEnum):
    """Why a need and an offer are joined in the network."""

    PAIRING = "pairing"  # a facilitator accepted it (or it went further)
    SUGGESTED = "suggested"  # the latest run chose it under capacity
    REGIONAL = "regional"  # part of a regional proposal of the latest run


EDGE_LABELS = {
    EdgeKind.PAIRING: "Accepted pairing",
    EdgeKind.SUGGESTED: "Suggested by the latest matching run",
    EdgeKind.REGIONAL: "Part of a regional proposal",
}


@dataclass(frozen=True)
class NetworkNode:
    key: str  # "need-12" or "offer-7": unique, used as the SVG id
    kind: NodeKind
    label: str  # short, for people: "Nepal: BSL-3 laboratory"
    link: str = ""


@dataclass(frozen=True)
class NetworkEdge:
    need: str  # node key
    offer: str  # node key
    kind: EdgeKind
    score: float | None = None


@dataclass(frozen=True)
class Network:
    """The needs–offers graph of one sub-region or category, as drawn."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    title: str = ""
    # Needs and offers left out to keep the picture readable (the weakest links).
    omitted_nodes: int = 0


@dataclass(frozen=True)
class MonthCount:
    month: str  # "2026-03"
    posted: int  # needs published that month
    met: int  # needs whose first pairing completed that month


@dataclass(frozen=True)
class FunnelStage:
    """How many pairs reached a stage, and the median days they took to reach the
    next one (None for the last stage or when none went on)."""

    stage: str  # "suggested", "accepted", "introduced", "agreed", "completed"
    label: str
    reached: int
    median_days_to_next: float | None = None


@dataclass(frozen=True)
class Progress:
    months: list[MonthCount] = field(default_factory=list)
    funnel: list[FunnelStage] = field(default_factory=list)
