"""Read needs.csv and offers.csv (the one schema shared by the CLI and imports).

Every problem stops the read with a `CsvError` naming the file, the line and the
column, because a facilitator fixes spreadsheets by line number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from matchmaker.taxonomy import ANY_ELIGIBILITY, resolve_country

from .types import (
    DEFAULT_PRIORITY,
    MODALITIES,
    PRIORITY_LEVELS,
    CsvError,
    NeedRecord,
    OfferRecord,
    Taxonomy,
)

NEED_COLUMNS: tuple[str, ...] = (
    "id", "country", "title", "description", "category", "support_types",
    "budget_usd", "deadline", "priority",
)  # fmt: skip
OFFER_COLUMNS: tuple[str, ...] = (
    "id", "partner", "partner_country", "title", "description", "categories",
    "support_types", "eligible", "capacity", "modality", "budget_usd", "valid_until",
)  # fmt: skip
NEED_REQUIRED = frozenset({"id", "country", "title", "description"})
OFFER_REQUIRED = frozenset({"id", "partner", "title", "description"})

_NUMBER = re.compile(r"^\d+(\.\d+)?$|^\d{1,3}(,\d{3})+(\.\d+)?$")
T = TypeVar("T")


class _Row:
    """One CSV row with parsers that raise errors pointing at the cell."""

    def __init__(self, path: str, line: int, cells: dict[str, str]):
        self.path, self.line, self.cells = path, line, cells

    def error(self, column: str | None, message: str) -> CsvError:
        return CsvError(self.path, self.line, column, message)

    def text(self, column: str, required: bool = False) -> str:
        value = " ".join((self.cells.get(column) or "").split())
        if required and not value:
            raise self.error(column, "must not be empty")
        return value

    def country(self, column: str, required: bool = True) -> str | None:
        value = self.text(column, required)
        if not value:
            return None
        code = resolve_country(value)
        if code is None:
            raise self.error(column, f"unknown country {value!r}")
        return code

    def slugs(self, column: str, known: frozenset[str]) -> tuple[str, ...]:
        items = [s.strip().casefold() for s in self.text(column).split(";")]
        items = [s for s in items if s]
        for item in items:
            if item not in known:
                raise self.error(column, f"unknown slug {item!r}")
        return tuple(sorted(set(items)))

    def number(self, column: str) -> float | None:
        value = self.text(column).replace(" ", "")
        if not value:
            return None
        if not _NUMBER.match(value):
            raise self.error(column, f"not a non-negative number: {value!r}")
        return float(value.replace(",", ""))

    def integer(self, column: str, default: int, minimum: int) -> int:
        value = self.text(column)
        if not value:
            return default
        if not value.isdigit() or int(value) < minimum:
            raise self.error(column, f"not a whole number >= {minimum}: {value!r}")
        return int(value)

    def day(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(column, f"not a date (YYYY-MM-DD): {value!r}") from None

    def choice(self, column: str, options: dict[str, T], default: T) -> T:
        value = self.text(column).casefold()
        if not value:
            return default
        if value not in options:
            allowed = ", ".join(options)
            raise self.error(column, f"{value!r} is not one of: {allowed}")
        return options[value]


def _rows(
    path: Path, columns: tuple[str, ...], required: frozenset[str]
) -> Iterator[_Row]:
    """Yield rows with their first line number, after checking the header."""
    name = str(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise CsvError(name, 0, None, f"cannot open file ({exc.strerror})") from exc
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip().casefold() for h in next(reader, [])]
            _check_header(name, header, columns, required)
            previous = reader.line_num
            for cells in reader:
                line, previous = previous + 1, reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(header):
                    raise CsvError(name, line, None, "more cells than header columns")
                yield _Row(name, line, dict(zip(header, cells, strict=False)))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise CsvError(name, reader.line_num, None, f"unreadable: {exc}") from exc


def _check_header(
    name: str, header: list[str], columns: tuple[str, ...], required: frozenset[str]
) -> None:
    if not header:
        raise CsvError(name, 1, None, "empty file (expected a header row)")
    for column in columns:
        if column in required and column not in header:
            raise CsvError(name, 1, column, "missing column")
    for column in header:
        if column not in columns:
            raise CsvError(name, 1, column, f"unknown column (expected {columns})")
    if len(set(header)) != len(header):
        raise CsvError(name, 1, None, "a column appears twice")


def _read(
    path: str | Path,
    columns: tuple[str, ...],
    required: frozenset[str],
    build: Callable[[_Row], T],
) -> list[T]:
    seen: dict[str, int] = {}
    records = []
    for row in _rows(Path(path), columns, required):
        record_id = row.text("id", required=True)
        if record_id in seen:
            raise row.error(
                "id", f"duplicate id {record_id!r} (first on line {seen[record_id]})"
            )
        seen[record_id] = row.line
        records.append(build(row))
    return records


def _need(row: _Row, taxonomy: Taxonomy) -> NeedRecord:
    category = row.slugs("category", taxonomy.categories)
    if len(category) > 1:
        raise row.error("category", "a need has one category")
    return NeedRecord(
        id=row.text("id", required=True),
        country=row.country("country") or "",
        title=row.text("title", required=True),
        description=row.text("description"),
        category=category[0] if category else None,
        support_types=row.slugs("support_types", taxonomy.support_types),
        budget_usd=row.number("budget_usd"),
        deadline=row.day("deadline"),
        priority=row.choice("priority", dict(PRIORITY_LEVELS), DEFAULT_PRIORITY),
    )


def _eligible(row: _Row, taxonomy: Taxonomy) -> tuple[str, ...]:
    items: set[str] = set()
    for raw in row.text("eligible").split(";"):
        value = raw.strip()
        if not value:
            continue
        if value.casefold() in (ANY_ELIGIBILITY, *taxonomy.sub_regions):
            items.add(value.casefold())
            continue
        code = resolve_country(value)
        if code is None:
            raise row.error(
                "eligible", f"neither a country nor a sub-region: {value!r}"
            )
        items.add(code)
    return () if ANY_ELIGIBILITY in items else tuple(sorted(items))


def _offer(row: _Row, taxonomy: Taxonomy) -> OfferRecord:
    return OfferRecord(
        id=row.text("id", required=True),
        partner=row.text("partner", required=True),
        partner_country=row.country("partner_country", required=False),
        title=row.text("title", required=True),
        description=row.text("description"),
        categories=row.slugs("categories", taxonomy.categories),
        support_types=row.slugs("support_types", taxonomy.support_types),
        eligible=_eligible(row, taxonomy),
        capacity=row.integer("capacity", default=1, minimum=1),
        modality=row.choice("modality", {m: m for m in MODALITIES}, "either"),
        budget_usd=row.number("budget_usd"),
        valid_until=row.day("valid_until"),
    )


def read_needs_csv(
    path: str | Path, taxonomy: Taxonomy | None = None
) -> list[NeedRecord]:
    """Read needs.csv into records, checking every cell against the taxonomy.

    Args:
        path: The CSV file (UTF-8, a header row with the documented columns).
        taxonomy: Known slugs; defaults to the built-in reference data.

    Raises:
        CsvError: On the first malformed cell, naming file, line and column.
    """
    tax = taxonomy or Taxonomy()
    return _read(path, NEED_COLUMNS, NEED_REQUIRED, lambda row: _need(row, tax))


def read_offers_csv(
    path: str | Path, taxonomy: Taxonomy | None = None
) -> list[OfferRecord]:
    """Read offers.csv into records; `eligible` may mix countries and sub-regions.

    Args:
        path: The CSV file (UTF-8, a header row with the documented columns).
        taxonomy: Known slugs; defaults to the built-in reference data.

    Raises:
        CsvError: On the first malformed cell, naming file, line and column.
    """
    tax = taxonomy or Taxonomy()
    return _read(path, OFFER_COLUMNS, OFFER_REQUIRED, lambda row: _offer(row, tax))
