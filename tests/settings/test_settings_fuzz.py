"""Hypothesis over the match settings form and the new term forms: whatever is
posted, no 5xx, and either one valid write (a redirect) or nothing at all."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.matching import MatchSettings
from matchmaker.models import (
    AuditEvent,
    CooperationModel,
    DeclineReason,
    MatchSettingsVersion,
)
from matchmaker.services import match_settings
from matchmaker.services.setting_fields import editable_fields, weighted_comparisons
from tests.settings.conftest import rows

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
NUMBERISH = st.one_of(
    st.sampled_from(["", "0", "-0", "1", "-1", "NaN", "nan", "Infinity", "-inf",
                     "1e400", "1e-400", "0.001", "1_000", " 7 ", "0x10", "5.0"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    ANY_TEXT,
)  # fmt: skip


def _valid(spec) -> st.SearchStrategy[str]:
    if spec.number is int:
        return st.integers(int(spec.minimum), int(spec.maximum)).map(str)
    return st.floats(spec.minimum, spec.maximum, allow_nan=False).map(
        lambda x: f"{x:.4f}"
    )


VALID_FORMS = st.fixed_dictionaries(
    {spec.name: _valid(spec) for spec in editable_fields()},
    optional={"note": ANY_TEXT},
)
NAMES = [spec.name for spec in editable_fields()] + ["note"]


def _spoil(form: dict[str, str], names: list[str], values: list[str]) -> dict:
    return {**form, **dict(zip(names, values, strict=False))}


# Valid forms, forms with one or a few values spoiled, and anything at all.
SETTINGS_FORMS = st.one_of(
    VALID_FORMS,
    st.builds(_spoil, VALID_FORMS, st.lists(st.sampled_from(NAMES), max_size=3),
              st.lists(NUMBERISH, max_size=3)),
    st.fixed_dictionaries({name: NUMBERISH for name in NAMES}),
)  # fmt: skip
BASED_ON = st.sampled_from(["current"] * 6 + ["stale", "junk", "none"])


@pytest.fixture
def admin_client(admin, as_user):
    return as_user(admin)


def _based_on(choice: str) -> dict[str, str]:
    latest = match_settings.current_version()
    current = latest.id if latest else 0
    return {
        "current": {"based_on": str(current)},
        "stale": {"based_on": str(current + 1000)},
        "junk": {"based_on": "x1"},
        "none": {},
    }[choice]


@FUZZ
@given(data=SETTINGS_FORMS, based_on=BASED_ON)
def test_settings_form_never_fails_and_never_half_writes(
    admin_client, data, based_on
) -> None:
    db.session.rollback()
    extra = _based_on(based_on)
    before, audits = rows(MatchSettingsVersion), rows(AuditEvent)
    response = admin_client.post("/matching/settings", data={**data, **extra})
    event(f"answered {response.status_code}")
    assert response.status_code in (302, 409, 422)
    if response.status_code != 302:
        assert rows(MatchSettingsVersion) == before
        assert "match_settings.update" not in _actions_since(audits)
        return
    assert rows(MatchSettingsVersion) == before + 1
    assert _actions_since(audits) == ["match_settings.update"]
    values = match_settings.current_version().values
    MatchSettings(**values)  # the engine accepts what was stored
    for spec in editable_fields():
        value = values[spec.name]
        assert isinstance(value, spec.number) and math.isfinite(value)
        assert spec.minimum <= value <= spec.maximum


def _actions_since(count: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action).order_by(AuditEvent.id).offset(count)
        )
    )


def _slug() -> st.SearchStrategy[str]:
    return st.from_regex(r"\A[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,2}\Z")


def _maybe(valid: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(valid, valid, ANY_TEXT)


TERM_FORMS = st.fixed_dictionaries(
    {
        "slug": _maybe(_slug()),
        "label": _maybe(st.text(min_size=1, max_size=130)),
        "description": ANY_TEXT,
        "comparison": _maybe(st.sampled_from(["", *weighted_comparisons()])),
    }
)


@FUZZ
@given(data=TERM_FORMS, kind=st.sampled_from(["decline-reasons", "cooperation-models"]))
def test_new_term_forms_never_fail_and_never_half_write(
    admin_client, data, kind
) -> None:
    model = DeclineReason if kind == "decline-reasons" else CooperationModel
    before = rows(model)
    response = admin_client.post(f"/admin/taxonomy/{kind}/new", data=data)
    event(f"{kind} answered {response.status_code}")
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert rows(model) == before
        return
    assert rows(model) == before + 1
    created = db.session.scalar(select(model).order_by(model.id.desc()).limit(1))
    assert created.slug == data["slug"].strip() and created.active
    assert 0 < len(created.label) <= 120 and "\x00" not in created.label
    if model is DeclineReason:
        assert created.comparison in ("", *weighted_comparisons())


@FUZZ
@given(data=TERM_FORMS)
def test_decline_reason_edit_form_never_fails_and_never_half_writes(
    admin_client, data
) -> None:
    db.session.rollback()
    reason = db.session.scalar(
        select(DeclineReason).where(DeclineReason.slug == "wrong-category")
    )
    before = (reason.label, reason.description, reason.comparison, reason.slug)
    response = admin_client.post(
        f"/admin/taxonomy/decline-reasons/{reason.id}/edit", data=data
    )
    assert response.status_code in (302, 422)
    db.session.rollback()
    db.session.refresh(reason)
    after = (reason.label, reason.description, reason.comparison, reason.slug)
    if response.status_code == 422:
        assert after == before
        return
    assert reason.slug == "wrong-category"  # slugs never change
    assert reason.comparison in ("", *weighted_comparisons())
    assert 0 < len(reason.label) <= 120
