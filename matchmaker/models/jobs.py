"""Leases that keep long jobs one at a time, across processes and hosts.

A lease is a row per job name. Taking it is one conditional UPDATE (free, or its
lease ran out), which both SQLite and PostgreSQL apply atomically, so two workers
on two hosts can never both hold it; the expiry frees it after a crash.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, UTCDateTime


class JobLease(Base):
    """Who holds the named job, and until when at the latest."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120), default="")
    acquired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
