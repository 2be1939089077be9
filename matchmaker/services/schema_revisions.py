"""The schema revisions this code carries, read from its migration scripts.

One reading for every place that compares a database with the code: readiness
(``/readyz``, ``check-deploy``) and backups (what a backup file may be restored
into).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory

from matchmaker.resources import resource_dir


@dataclass(frozen=True)
class SchemaHistory:
    """The migrations this code carries, oldest first."""

    revisions: tuple[str, ...]

    @property
    def head(self) -> str:
        return self.revisions[-1]

    def is_newer_than_head(self, revision: str) -> bool:
        """An unknown revision numbered past the head: made by a newer matchmaker."""
        return (
            revision not in self.revisions
            and revision.isdigit()
            and self.head.isdigit()
            and int(revision) > int(self.head)
        )

    def describe(self, revision: str) -> str:
        """The revision in words, relative to this code's latest."""
        if revision == self.head:
            return f"schema revision {revision}, the latest this code knows"
        if revision in self.revisions:
            relation = "older than"
        elif self.is_newer_than_head(revision):
            relation = "newer than"
        else:
            return f"schema revision {revision}, which this code does not know"
        return (
            f"schema revision {revision}, {relation} this code's latest ({self.head})"
        )


@cache
def schema_history(migrations: Path | None = None) -> SchemaHistory:
    """Read the revisions from the migration scripts (``migrations/versions``)."""
    script = ScriptDirectory(str(migrations or resource_dir("migrations")))
    newest_first = [revision.revision for revision in script.walk_revisions()]
    return SchemaHistory(tuple(reversed(newest_first)))
