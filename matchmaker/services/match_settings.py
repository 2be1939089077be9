"""The match settings in force: the newest saved version over the engine defaults."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.matching import MatchSettings
from matchmaker.models import MatchSettingsVersion


def current_version() -> MatchSettingsVersion | None:
    """The newest saved settings, or None while the defaults are in force."""
    return db.session.scalar(
        select(MatchSettingsVersion)
        .order_by(
            MatchSettingsVersion.created_at.desc(), MatchSettingsVersion.id.desc()
        )
        .limit(1)
    )


def current_settings() -> MatchSettings:
    """The settings the next run uses: saved values over the engine's defaults."""
    version = current_version()
    if version is None:
        return MatchSettings()
    known = {f.name for f in fields(MatchSettings)}
    return MatchSettings(**{k: v for k, v in version.values.items() if k in known})
