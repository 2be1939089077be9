"""The demo data files, read once.

The data itself is fictional and was written for matchmaker: every organisation, need
and offer was invented to show how the service works (websites use the reserved
example.org and example.com domains). It lives in CSV files beside this module, and
the needs and offers use the very schema of ``matchmaker match-files``, so a newcomer
can try the engine on them directly::

    matchmaker match-files matchmaker/demo/needs.csv matchmaker/demo/offers.csv

The records are shaped to exercise the engine: sub-regional clusters of needs that no
offer covers (hub candidates), regional offers with several fitting countries,
single-slot offers that several needs compete for, offers open only to least
developed countries, an expired and a closed offer, and look-alike traps (a
pharmaceutical plant and medicinal plants, a health data centre and a diagnostic
centre, human and veterinary laboratories).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from matchmaker.matching import (
    NeedRecord,
    OfferRecord,
    read_needs_csv,
    read_offers_csv,
)

DEMO_DIR = Path(__file__).resolve().parent
NEEDS_CSV = DEMO_DIR / "needs.csv"
OFFERS_CSV = DEMO_DIR / "offers.csv"
ORGANISATIONS_CSV = DEMO_DIR / "organisations.csv"

# The engine's CSV schema has no status: these demo listings are not open.
STATUSES: dict[str, str] = {
    "DEMO-N-004": "in_discussion",
    "DEMO-N-006": "draft",
    "DEMO-N-012": "in_discussion",
    "DEMO-N-025": "draft",
    "DEMO-N-031": "draft",
    "DEMO-N-036": "draft",
    "DEMO-O-012": "draft",
    "DEMO-O-024": "draft",
    "DEMO-O-030": "closed",
}


@cache
def organisations() -> tuple[dict[str, str], ...]:
    """Partner organisations: name, kind, country (alpha-3 or empty), website."""
    with ORGANISATIONS_CSV.open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


@cache
def needs() -> tuple[NeedRecord, ...]:
    """Demo needs, validated by the engine's own CSV reader."""
    return tuple(read_needs_csv(NEEDS_CSV))


@cache
def offers() -> tuple[OfferRecord, ...]:
    """Demo offers, validated by the engine's own CSV reader."""
    return tuple(read_offers_csv(OFFERS_CSV))


def status_of(reference: str) -> str:
    """The status a demo listing starts in."""
    return STATUSES.get(reference, "open")
