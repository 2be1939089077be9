"""What the database holds, as one comparable value: proof that nothing changed."""

from __future__ import annotations

from matchmaker.extensions import db

# Recording a refusal is expected; reference data no route writes is left out to
# keep the comparison cheap; everything else must stay as it was.
IGNORED_TABLES = frozenset(
    {"audit_events", "countries", "sub_regions", "alembic_version"}
)


def fingerprint() -> dict[str, list[str]]:
    """Every row of every table but the audit log, read on a fresh connection."""
    db.session.rollback()
    tables = [t for t in db.metadata.sorted_tables if t.name not in IGNORED_TABLES]
    with db.engine.connect() as connection:
        return {
            table.name: sorted(
                repr(tuple(row)) for row in connection.execute(table.select())
            )
            for table in tables
        }


def difference(before: dict, after: dict) -> list[str]:
    """The tables whose rows differ."""
    return sorted(name for name in after if before.get(name) != after[name])
