"""What the database holds, as one comparable value: proof that nothing changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from matchmaker.extensions import db

# Recording a refusal is expected; reference data no route writes is left out to
# keep the comparison cheap; everything else must stay as it was.
IGNORED_TABLES = frozenset(
    {"audit_events", "countries", "sub_regions", "alembic_version", "api_rate_windows"}
)
# Using a token counts it (rate windows) and stamps its last use, refused or not.
IGNORED_COLUMNS = {"api_tokens": frozenset({"last_used_at"})}


def fingerprint() -> dict[str, list[str]]:
    """Every row of every table but the audit log, read on a fresh connection."""
    db.session.rollback()
    tables = [t for t in db.metadata.sorted_tables if t.name not in IGNORED_TABLES]
    with db.engine.connect() as connection:
        return {
            table.name: sorted(
                repr(tuple(row)) for row in connection.execute(_select(table))
            )
            for table in tables
        }


def _select(table: Any) -> Any:
    ignored = IGNORED_COLUMNS.get(table.name, frozenset())
    return select(*(c for c in table.columns if c.name not in ignored))


def difference(before: dict, after: dict) -> list[str]:
    """The tables whose rows differ."""
    return sorted(name for name in after if before.get(name) != after[name])
