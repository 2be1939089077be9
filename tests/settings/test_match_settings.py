"""The Match settings page: versions kept, audited, used by the next run and by live
suggestions; bad values refused with a message and nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.matching import InputError, MatchSettings
from matchmaker.models import AuditEvent, MatchRun, MatchSettingsVersion, Role
from matchmaker.services import match_runs, match_settings, suggestions
from matchmaker.services.match_settings import NothingChanged, SettingsConflict
from matchmaker.services.setting_fields import editable_fields
from tests.settings.conftest import rows

AS_OF = date(2027, 1, 15)
LAB = "RT-PCR molecular diagnostics laboratory"
LAB_TEXT = "RT-PCR equipment, BSL-2 biosafety training and quality systems."


def form_data(**changes: str) -> dict[str, str]:
    """Every setting at the value in force, with ``changes``."""
    values = match_settings.editable_values(match_settings.current_settings())
    data = {spec.name: spec.format(values[spec.name]) for spec in editable_fields()}
    return {**data, **changes}


def audit_events() -> list[AuditEvent]:
    db.session.rollback()
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "match_settings.update")
            .order_by(AuditEvent.id)
        )
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    suggestions.clear_cache()
    yield
    suggestions.clear_cache()


def test_admin_saves_a_new_version_and_the_previous_one_is_kept(admin, as_user):
    client = as_user(admin)
    page = client.get("/matching/settings")
    assert page.status_code == 200
    assert 'name="weight_support"' in page.text and 'value="0.1"' in page.text
    assert "nobody has changed them yet" in page.text

    first = client.post(
        "/matching/settings",
        data=form_data(weight_support="0.3", note="Support type declines"),
    )
    assert first.status_code == 302 and first.location.endswith("/matching/settings")
    second = client.post("/matching/settings", data=form_data(min_score="55"))
    assert second.status_code == 302

    versions = list(
        db.session.scalars(
            select(MatchSettingsVersion).order_by(MatchSettingsVersion.id)
        )
    )
    assert len(versions) == 2
    assert versions[0].values["weight_support"] == 0.3
    assert versions[0].values["min_score"] == 40.0
    assert versions[0].note == "Support type declines"
    assert versions[1].values["weight_support"] == 0.3
    assert versions[1].values["min_score"] == 55.0
    assert {v.created_by_id for v in versions} == {admin.id}
    assert match_settings.current_settings().min_score == 55.0

    events = audit_events()
    assert [e.details["after"] for e in events] == [
        {"weight_support": 0.3},
        {"min_score": 55.0},
    ]
    assert events[0].details["before"] == {"weight_support": 0.1}
    assert events[0].details["note"] == "Support type declines"
    assert {e.actor_id for e in events} == {admin.id}

    page = client.get("/matching/settings").text
    assert "Support types (weight): 0.1 → 0.3" in page
    assert "Lowest score suggested: 40 → 55" in page
    assert "Support type declines" in page and admin.email in page
    assert "in force" in page


def test_the_next_full_run_stores_the_saved_settings(admin, make):
    make.need(country="NPL", title=LAB, description=LAB_TEXT)
    make.offer(title=LAB + " support", description=LAB_TEXT)
    before = match_runs.run_full_match(as_of=AS_OF)
    assert before.settings["weight_support"] == 0.1

    match_settings.save(
        {"weight_support": 0.3, "top_k": 3, "hub_min_countries": 4}, user=admin
    )
    run = match_runs.run_full_match(as_of=AS_OF)

    stored = db.session.get(MatchRun, run.id).settings
    assert stored["weight_support"] == 0.3
    assert stored["top_k"] == 3 and stored["hub_min_countries"] == 4
    assert stored["min_score"] == 40.0  # untouched settings keep their defaults


def test_live_suggestions_use_the_saved_settings_at_once(admin, make):
    need = make.need(country="NPL", title=LAB, description=LAB_TEXT)
    offer = make.offer(title=LAB + " support", description=LAB_TEXT)
    viewer = make.user(Role.FACILITATOR)
    found = suggestions.suggested_offers(viewer, need, as_of=AS_OF)
    assert [item.listing.id for item in found.items] == [offer.id]
    score = found.items[0].score
    assert score < 100
    builds = suggestions.stats.misses

    match_settings.save({"min_score": 100.0}, user=admin)
    assert suggestions.suggested_offers(viewer, need, as_of=AS_OF).items == ()
    # The cached index of offers was kept: the settings are read on every request.
    assert suggestions.stats.misses == builds

    match_settings.save({"min_score": 40.0, "weight_support": 2.0}, user=admin)
    again = suggestions.suggested_offers(viewer, need, as_of=AS_OF).items
    support = next(i for i in again[0].explanation if i.comparison == "support")
    default = next(i for i in found.items[0].explanation if i.comparison == "support")
    assert support.weight > default.weight


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weight_support": "-1"}, "Enter a number from 0 to 10."),
        ({"weight_support": "NaN"}, "Enter a number, for example 0.15."),
        ({"weight_title": "Infinity"}, "Enter a number, for example 0.15."),
        ({"weight_topic": "1e400"}, "Enter a number, for example 0.15."),
        ({"weight_budget": ""}, "Enter a value."),
        ({"min_score": "101"}, "Enter a number from 0 to 100."),
        ({"top_k": "0"}, "Enter a number from 1 to 50."),
        ({"top_k": "2.5"}, "Enter a whole number, for example 5."),
        ({"hub_min_countries": "1"}, "Enter a number from 2 to 20."),
        ({"hub_similarity": "0"}, "Enter a number from 0.05 to 0.95."),
        ({"text_gate": "abc"}, "Enter a number, for example 0.15."),
        ({"note": "bad\x00note"}, "Remove the control characters from this text."),
        ({"based_on": "x"}, "This form is out of date: reload the page."),
    ],
)
def test_invalid_values_answer_422_and_write_nothing(admin, as_user, changes, message):
    response = as_user(admin).post("/matching/settings", data=form_data(**changes))
    assert response.status_code == 422
    assert message in response.text
    assert "There is a problem" in response.text
    assert rows(MatchSettingsVersion) == 0 and audit_events() == []


def test_all_weights_at_zero_is_the_engines_refusal_shown_as_a_form_error(
    admin, as_user
):
    zero = {spec.name: "0" for spec in editable_fields() if spec.kind == "weight"}
    with pytest.raises(InputError):
        MatchSettings(**{name: 0.0 for name in zero})
    response = as_user(admin).post("/matching/settings", data=form_data(**zero))
    assert response.status_code == 422
    assert "At least one weight must be above 0" in response.text
    assert rows(MatchSettingsVersion) == 0 and audit_events() == []


def test_saving_the_values_in_force_writes_nothing(admin, as_user):
    response = as_user(admin).post("/matching/settings", data=form_data())
    assert response.status_code == 422
    assert "nothing was saved" in response.text
    assert rows(MatchSettingsVersion) == 0
    with pytest.raises(NothingChanged):
        match_settings.save({"top_k": 5}, user=admin)


def test_a_save_made_on_an_older_page_is_a_conflict(admin, make, as_user):
    client = as_user(admin)
    stale = form_data(weight_category="0.3", based_on="0")
    other = make.user(Role.ADMIN)
    newer = match_settings.save({"min_score": 50.0}, user=other)

    response = client.post("/matching/settings", data=stale)
    assert response.status_code == 409
    assert "Another admin saved the settings" in response.text
    assert f'name="based_on" type="hidden" value="{newer.id}"' in response.text
    assert rows(MatchSettingsVersion) == 1
    with pytest.raises(SettingsConflict):
        match_settings.save({"top_k": 3}, user=admin, based_on=0)

    # Saved again from the page the conflict showed: it goes in over the newer one.
    retry = client.post("/matching/settings", data={**stale, "based_on": str(newer.id)})
    assert retry.status_code == 302
    current = match_settings.current_settings()
    assert (current.weight_category, current.min_score) == (0.3, 40.0)


def test_restore_defaults_is_a_new_version(admin, as_user):
    client = as_user(admin)
    match_settings.save({"weight_support": 0.4, "top_k": 8}, user=admin)

    response = client.post("/matching/settings/defaults")
    assert response.status_code == 302
    assert rows(MatchSettingsVersion) == 2
    assert match_settings.current_settings() == MatchSettings()
    restored = audit_events()[-1]
    assert restored.details["defaults_restored"] is True
    assert restored.details["after"] == {"weight_support": 0.1, "top_k": 5}

    again = client.post("/matching/settings/defaults", follow_redirects=True)
    assert "defaults are in force already" in again.text
    assert rows(MatchSettingsVersion) == 2
    assert "Restore the engine" not in again.text  # no button while at defaults


def test_facilitators_read_the_settings_but_cannot_change_them(make, as_user):
    match_settings.save({"weight_support": 0.3}, note="Tried more support")
    client = as_user(make.user(Role.FACILITATOR))
    page = client.get("/matching/settings")
    assert page.status_code == 200
    assert "Settings in force" in page.text and 'name="weight_support"' not in page.text
    assert "Tried more support" in page.text and "only admins change them" in page.text

    assert (
        client.post("/matching/settings", data=form_data(top_k="3")).status_code == 403
    )
    assert client.post("/matching/settings/defaults").status_code == 403
    assert rows(MatchSettingsVersion) == 1


def test_matching_page_links_the_settings(make, as_user):
    make.need(country="NPL", title=LAB, description=LAB_TEXT)
    make.offer(title=LAB + " support", description=LAB_TEXT)
    match_runs.run_full_match(as_of=AS_OF)
    for role in (Role.FACILITATOR, Role.ADMIN):
        page = as_user(make.user(role)).get("/matching/")
        assert page.status_code == 200
        assert 'href="/matching/settings"' in page.text
        assert "What declines say about the scores" in page.text
        assert "Cooperation models" in page.text
