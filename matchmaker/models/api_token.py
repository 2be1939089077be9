"""Personal API tokens: another system acting for one user through the JSON API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, UTCDateTime, str_enum, utcnow
from matchmaker.models.user import User


class TokenScope(StrEnum):
    """What a token lets its holder do with the user's listings."""

    READ = "read"
    READ_WRITE = "read-write"

    @property
    def label(self) -> str:
        """The scope in words, as the pages and the command line show it."""
        return "Read only" if self is TokenScope.READ else "Read and write"


class ApiToken(Base):
    """A personal API token. Only a SHA-256 of it is kept, so a copy of the database
    hands out no working token; ``prefix`` lets people recognise theirs."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    scope: Mapped[TokenScope] = mapped_column(str_enum(TokenScope, "token_scope"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class ApiRateWindow(Base):
    """How many requests one token made in one minute.

    Counted in the database, so the limit holds across gunicorn workers and hosts
    (counters in memory would multiply by the number of workers).
    """

    __tablename__ = "api_rate_windows"

    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), primary_key=True
    )
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
