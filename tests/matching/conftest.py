"""Fixtures for the matching engine's tests: the labelled set in tests/data."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from matchmaker.matching import (
    MatchResult,
    NeedRecord,
    OfferRecord,
    read_needs_csv,
    read_offers_csv,
    run_matching,
)

DATA = Path(__file__).resolve().parent.parent / "data"
AS_OF = date(2025, 6, 1)


@pytest.fixture(scope="session")
def needs() -> list[NeedRecord]:
    return read_needs_csv(DATA / "needs.csv")


@pytest.fixture(scope="session")
def offers() -> list[OfferRecord]:
    return read_offers_csv(DATA / "offers.csv")


@pytest.fixture(scope="session")
def labels() -> dict[str, dict[str, int]]:
    graded: dict[str, dict[str, int]] = {}
    with (DATA / "labels.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            graded.setdefault(row["need_id"], {})[row["offer_id"]] = int(row["grade"])
    return graded


@pytest.fixture(scope="session")
def result(needs, offers) -> MatchResult:
    return run_matching(needs, offers, as_of=AS_OF)


def make_need(id: str = "N1", country: str = "NPL", **fields) -> NeedRecord:
    fields.setdefault("title", "PCR laboratory")
    return NeedRecord(id=id, country=country, **fields)


def make_offer(id: str = "O1", **fields) -> OfferRecord:
    fields.setdefault("partner", "Partner")
    fields.setdefault("title", "PCR laboratory support")
    return OfferRecord(id=id, **fields)
