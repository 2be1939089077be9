"""The match settings in force: the newest saved version over the engine defaults.

Admins change the weights and thresholds on the Match settings page; each save is a
new ``MatchSettingsVersion`` holding every setting an admin may change (so each
version reads on its own and "what changed" is a plain comparison with the one
before), and nothing is ever overwritten: the history is the list of versions.
Full runs (``match_runs.run_full_match``) and the live suggestions on listing pages
read ``current_settings()``, so a save counts from the next run and the next page.

A form carries the id of the version it showed (``based_on``); saving over a newer
version is refused as a conflict, so one admin does not silently undo another's
change. (Two saves in the very same instant on PostgreSQL may both go in; both are
then listed in the history, and nothing is lost.)

Nothing here changes a setting by itself: the feedback from declines
(``services.feedback``) only advises, and an admin decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.matching import InputError, MatchSettings
from matchmaker.models import MatchSettingsVersion, User
from matchmaker.services import audit
from matchmaker.services.listing import changes
from matchmaker.services.setting_fields import editable_fields, editable_names

# Versions listed on the settings page, newest first.
HISTORY_SHOWN = 50


class SettingsConflict(Exception):
    """Someone saved settings after the form being saved was opened."""


class NothingChanged(ValueError):
    """The values asked for are the ones in force: no version is written."""


@dataclass(frozen=True)
class Change:
    """One setting's value before and after a version, as people read them."""

    name: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    """One saved version: when, who, why, and what it changed."""

    version: MatchSettingsVersion
    author: str
    changes: tuple[Change, ...]
    in_force: bool


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


def editable_values(settings: MatchSettings) -> dict[str, Any]:
    """The settings an admin may change, as stored in a version."""
    return {name: getattr(settings, name) for name in editable_names()}


def default_values() -> dict[str, Any]:
    """The engine's defaults of the settings an admin may change."""
    return editable_values(MatchSettings())


def save(
    values: Mapping[str, Any],
    *,
    note: str = "",
    user: User | None = None,
    based_on: int | None = None,
) -> MatchSettingsVersion:
    """Write a new version with ``values`` over the settings in force.

    Raises ``SettingsConflict`` when ``based_on`` (the version the form showed, 0 for
    the defaults) is no longer the newest, ``InputError`` when the engine refuses
    the combination, and ``NothingChanged`` when nothing would change.
    """
    latest = current_version()
    if based_on is not None and based_on != (latest.id if latest else 0):
        raise SettingsConflict(
            "Another admin saved the settings after you opened this page. Their "
            "values are listed below; review yours and save again."
        )
    in_force = current_settings()
    wanted = {k: v for k, v in values.items() if k in editable_names()}
    settings = replace(in_force, **wanted)  # the engine validates the combination
    return _write(editable_values(in_force), editable_values(settings), note, user)


def restore_defaults(
    *, note: str = "", user: User | None = None
) -> MatchSettingsVersion:
    """Write a new version holding the engine's defaults."""
    before = editable_values(current_settings())
    return _write(
        before,
        default_values(),
        note or "Engine defaults restored.",
        user,
        defaults_restored=True,
    )


def _write(
    before: dict[str, Any],
    after: dict[str, Any],
    note: str,
    user: User | None,
    *,
    defaults_restored: bool = False,
) -> MatchSettingsVersion:
    if before == after:
        raise NothingChanged("These values are the ones in force; nothing was saved.")
    version = MatchSettingsVersion(
        values=after, note=note, created_by_id=user.id if user else None
    )
    db.session.add(version)
    db.session.flush()
    details: dict[str, Any] = {**changes(before, after), "note": note}
    if defaults_restored:
        details["defaults_restored"] = True
    audit.record(
        "match_settings.update",
        obj=version,
        object_type="match_settings",
        actor=user,
        details=details,
    )
    db.session.commit()
    return version


def history(limit: int = HISTORY_SHOWN) -> list[HistoryEntry]:
    """Saved versions, newest first, each with what it changed from the one before.

    The oldest saved version is compared with the engine's defaults.
    """
    rows = db.session.execute(
        select(MatchSettingsVersion, User.email)
        .outerjoin(User, User.id == MatchSettingsVersion.created_by_id)
        .order_by(
            MatchSettingsVersion.created_at.desc(), MatchSettingsVersion.id.desc()
        )
        .limit(limit + 1)
    ).all()
    entries = []
    for position, (version, email) in enumerate(rows[:limit]):
        if position + 1 < len(rows):
            previous = _effective(rows[position + 1][0].values)
        else:
            previous = default_values()
        entries.append(
            HistoryEntry(
                version=version,
                author=email or "",
                changes=_differences(previous, _effective(version.values)),
                in_force=position == 0,
            )
        )
    return entries


def _effective(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored version's values over the defaults, without validating them."""
    return {
        **default_values(),
        **{k: v for k, v in stored.items() if k in editable_names()},
    }


def _differences(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[Change, ...]:
    return tuple(
        Change(
            name=spec.name,
            label=f"{spec.label} (weight)" if spec.kind == "weight" else spec.label,
            before=spec.format(before.get(spec.name)),
            after=spec.format(after.get(spec.name)),
        )
        for spec in editable_fields()
        if before.get(spec.name) != after.get(spec.name)
    )


def plain_error(error: InputError) -> str:
    """The engine's refusal in the words of the settings page."""
    text = str(error)
    if "weights" in text:
        return (
            "At least one weight must be above 0: the score is shared out among "
            "the comparisons in proportion to their weights."
        )
    return f"The matching engine cannot use these settings: {text}."
