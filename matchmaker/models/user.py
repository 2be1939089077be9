"""People who sign in, and what role they act in."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, TimestampMixin, UTCDateTime, str_enum
from matchmaker.models.organisation import Organisation
from matchmaker.models.reference import Country
from matchmaker.models.sealed import SealedString


class Role(StrEnum):
    """What a user may do; see the role table in the architecture notes."""

    FOCAL_POINT = "focal-point"
    PARTNER = "partner"
    FACILITATOR = "facilitator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class EmailPreference(StrEnum):
    """How a user wants notifications by email; the bell shows them all anyway."""

    IMMEDIATELY = "immediately"
    DAILY = "daily"
    NEVER = "never"


class User(UserMixin, TimestampMixin, Base):
    """An account. A focal point belongs to a country, a partner to an organisation.

    ``session_generation`` is part of the login id kept in the session cookie; bumping
    it (logout, password change, disabling) makes every earlier cookie useless.
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role != 'focal-point' OR country_alpha3 IS NOT NULL",
            name="focal_point_has_country",
        ),
        CheckConstraint(
            "role != 'partner' OR organisation_id IS NOT NULL",
            name="partner_has_organisation",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role"))
    country_alpha3: Mapped[str | None] = mapped_column(
        ForeignKey("countries.alpha3"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    session_generation: Mapped[int] = mapped_column(default=0)
    totp_secret: Mapped[str | None] = mapped_column(SealedString())
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Contact details revealed to the other party of an introduced pairing only.
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    email_preference: Mapped[EmailPreference] = mapped_column(
        str_enum(EmailPreference, "email_preference"),
        default=EmailPreference.IMMEDIATELY,
        server_default=EmailPreference.IMMEDIATELY.value,
    )

    country: Mapped[Country | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot sign in or keep a session."""
        return bool(self.active)

    def get_id(self) -> str:
        """The login id kept in the session: user id and session generation."""
        return f"{self.id}:{self.session_generation}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
