"""Results of the matching engine as stored: runs, suggestions, explanations, regional
proposals."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Float, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, UTCDateTime, str_enum, utcnow
from matchmaker.models.need import Need
from matchmaker.models.offer import Offer


class RunStatus(StrEnum):
    """A match run waits in the queue, runs, then succeeds or fails."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RunKind(StrEnum):
    """A full run over everything, or one listing scored incrementally."""

    FULL = "full"
    INCREMENTAL = "incremental"


class MatchRun(Base):
    """One execution of the engine, with the settings it used and what it cost."""

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RunKind] = mapped_column(str_enum(RunKind, "run_kind"))
    status: Mapped[RunStatus] = mapped_column(
        str_enum(RunStatus, "run_status"), default=RunStatus.RUNNING
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    timings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Needs the run found no offer for, as it saw them (the gap a facilitator reads).
    unmet_need_ids: Mapped[list[int]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    error: Mapped[str] = mapped_column(Text, default="")
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Progress while it runs: steps done of all, and the step under way.
    progress_done: Mapped[int] = mapped_column(default=0, server_default="0")
    progress_total: Mapped[int] = mapped_column(default=0, server_default="0")
    progress_step: Mapped[str] = mapped_column(
        String(60), default="", server_default=""
    )

    suggestions: Mapped[list[Suggestion]] = relationship(
        back_populates="run", cascade="all, delete-orphan"
    )


class Suggestion(Base):
    """A scored need–offer pair proposed by a run."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("match_runs.id", ondelete="CASCADE"), index=True
    )
    need_id: Mapped[int] = mapped_column(
        ForeignKey("needs.id", ondelete="CASCADE"), index=True
    )
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int]
    score: Mapped[float] = mapped_column(Float)
    assigned: Mapped[bool] = mapped_column(default=False)

    run: Mapped[MatchRun] = relationship(back_populates="suggestions")
    need: Mapped[Need] = relationship()
    offer: Mapped[Offer] = relationship()
    explanation: Mapped[list[ExplanationItem]] = relationship(
        back_populates="suggestion",
        cascade="all, delete-orphan",
        order_by=lambda: ExplanationItem.position,
    )


class ExplanationItem(Base):
    """One comparison behind a suggestion's score: the values, how alike, how much."""

    __tablename__ = "explanation_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    comparison: Mapped[str] = mapped_column(String(60))
    need_value: Mapped[str] = mapped_column(Text, default="")
    offer_value: Mapped[str] = mapped_column(Text, default="")
    similarity: Mapped[float] = mapped_column(Float)
    weight: Mapped[float] = mapped_column(Float)
    contribution: Mapped[float] = mapped_column(Float)

    suggestion: Mapped[Suggestion] = relationship(back_populates="explanation")


class ProposalKind(StrEnum):
    """One offer serving several countries, or a hub no offer covers yet."""

    REGIONAL_OFFER = "regional-offer"
    HUB = "hub"


regional_proposal_needs = Table(
    "regional_proposal_needs",
    Base.metadata,
    Column(
        "proposal_id",
        ForeignKey("regional_proposals.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)


class RegionalProposal(Base):
    """Regional cooperation proposed by a run."""

    __tablename__ = "regional_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("match_runs.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ProposalKind] = mapped_column(str_enum(ProposalKind, "proposal_kind"))
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE")
    )
    theme: Mapped[str] = mapped_column(String(200), default="")
    sub_region_slug: Mapped[str | None] = mapped_column(ForeignKey("sub_regions.slug"))
    suggested_host_alpha3: Mapped[str | None] = mapped_column(
        ForeignKey("countries.alpha3")
    )
    why: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float)

    run: Mapped[MatchRun] = relationship()
    offer: Mapped[Offer | None] = relationship()
    needs: Mapped[list[Need]] = relationship(secondary=regional_proposal_needs)


class MatchSettingsVersion(Base):
    """One saved set of match settings; the newest is in force, the rest are kept.

    ``values`` holds only the settings an admin may change (weights, thresholds);
    the engine's defaults fill in the rest.
    """

    __tablename__ = "match_settings_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
