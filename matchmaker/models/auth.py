"""Account security records: one-time links, sign-in attempts, per-role settings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, UTCDateTime, str_enum, utcnow
from matchmaker.models.user import Role, User


class TokenPurpose(StrEnum):
    """What a one-time link lets its holder do: both end in setting a password."""

    INVITE = "invite"
    RESET = "reset"


class OneTimeToken(Base):
    """A single-use, expiring link sent by email. Only a SHA-256 of it is kept, so a
    copy of the database does not hand out working links."""

    __tablename__ = "one_time_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[TokenPurpose] = mapped_column(
        str_enum(TokenPurpose, "token_purpose")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class AttemptState(StrEnum):
    """A sign-in attempt is reserved before the password is checked, then settled."""

    PENDING = "pending"
    FAILED = "failed"
    SUCCEEDED = "succeeded"


class SignInAttempt(Base):
    """One sign-in attempt, counted per account and per address across all workers.

    Rows are reserved (``pending``) before any password verification, so concurrent
    attempts cannot all slip under the limit while the first ones are still hashing.
    """

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        Index("ix_sign_in_attempts_email_at", "email", "at"),
        Index("ix_sign_in_attempts_remote_addr_at", "remote_addr", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    email: Mapped[str] = mapped_column(String(254))
    remote_addr: Mapped[str] = mapped_column(String(64))
    state: Mapped[AttemptState] = mapped_column(
        str_enum(AttemptState, "attempt_state"), default=AttemptState.PENDING
    )


class ResetRequest(Base):
    """One password-reset request that was let through, counted per address asked
    about and per client address across all workers, so the reset page cannot be
    used to flood an inbox or to mail every address from one client."""

    __tablename__ = "password_reset_requests"
    __table_args__ = (
        Index("ix_password_reset_requests_email_at", "email", "at"),
        Index("ix_password_reset_requests_remote_addr_at", "remote_addr", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    email: Mapped[str] = mapped_column(String(254))
    remote_addr: Mapped[str] = mapped_column(String(64))


class RoleSetting(Base):
    """Security settings an admin sets per role (today: a second factor required)."""

    __tablename__ = "role_settings"

    role: Mapped[Role] = mapped_column(
        str_enum(Role, "role_setting_role"), primary_key=True
    )
    require_totp: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow
    )


class UsedTotpStep(Base):
    """A TOTP time step already used by a user: a code works once (ASVS 2.8)."""

    __tablename__ = "used_totp_steps"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
