"""Decline reasons and cooperation models on the taxonomy pages: added, edited and
retired like categories, audited, and offered to others through helpers."""

from __future__ import annotations

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, CooperationModel, DeclineReason, Role
from matchmaker.services import taxonomy
from tests.settings.conftest import rows, term


def _audit(action: str) -> list[AuditEvent]:
    db.session.rollback()
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))
    )


def test_taxonomy_page_lists_the_new_kinds(admin, as_user):
    page = as_user(admin).get("/admin/taxonomy").text
    assert "Decline reasons" in page and "Cooperation models" in page
    assert "Wrong support type" in page and "Technical twinning" in page
    assert "Speaks against" in page and "Support types" in page
    assert 'href="/admin/taxonomy/decline-reasons/new"' in page
    assert 'href="/admin/taxonomy/cooperation-models/new"' in page


def test_the_reason_form_offers_none_and_the_weighted_comparisons(admin, as_user):
    page = as_user(admin).get("/admin/taxonomy/decline-reasons/new").text
    assert "Which part of the score does this reason speak against?" in page
    assert "None: this reason says nothing about the score" in page
    for label in ("Category", "Support types", "Budget", "Health domain"):
        assert f">{label}</option>" in page
    assert ">support<" not in page  # plain words, not the engine's names


def test_add_edit_and_retire_a_decline_reason(admin, as_user):
    client = as_user(admin)
    created = client.post(
        "/admin/taxonomy/decline-reasons/new",
        data={"slug": "budget-far-apart", "label": "Budget far apart",
              "description": "The amounts differ by far.", "comparison": "budget"},
    )  # fmt: skip
    assert created.status_code == 302
    reason = term(DeclineReason, "budget-far-apart")
    assert (reason.label, reason.comparison, reason.active) == (
        "Budget far apart", "budget", True,
    )  # fmt: skip
    assert _audit("decline_reason.create")[0].details["after"]["comparison"] == "budget"

    edited = client.post(
        f"/admin/taxonomy/decline-reasons/{reason.id}/edit",
        data={"label": "Budgets far apart", "description": "", "comparison": ""},
    )
    assert edited.status_code == 302
    db.session.refresh(reason)
    assert (reason.label, reason.comparison) == ("Budgets far apart", "")
    update = _audit("decline_reason.update")[0].details
    assert update["before"]["comparison"] == "budget"
    assert update["after"]["comparison"] == ""

    form = client.get(f"/admin/taxonomy/decline-reasons/{reason.id}/edit").text
    assert '<option selected value="">None' in form

    retired = client.post(f"/admin/taxonomy/decline-reasons/{reason.id}/deactivate")
    assert retired.status_code == 302
    db.session.refresh(reason)
    assert reason.active is False and _audit("decline_reason.deactivate")
    assert reason not in taxonomy.decline_reasons(active_only=True)
    assert reason in taxonomy.decline_reasons()
    assert ("budget-far-apart", "Budgets far apart (retired)") in (
        taxonomy.decline_reason_choices(reason)
    )
    assert "budget-far-apart" not in dict(taxonomy.decline_reason_choices())


def test_add_edit_and_retire_a_cooperation_model(admin, as_user):
    client = as_user(admin)
    created = client.post(
        "/admin/taxonomy/cooperation-models/new",
        data={"slug": "joint-venture", "label": "Joint venture", "description": ""},
    )
    assert created.status_code == 302
    model = term(CooperationModel, "joint-venture")
    assert model.position > term(CooperationModel, "regional-hub-and-spoke").position
    assert _audit("cooperation_model.create")

    page = client.get(f"/admin/taxonomy/cooperation-models/{model.id}/edit").text
    assert "speak against" not in page  # only reasons have a comparison

    client.post(
        f"/admin/taxonomy/cooperation-models/{model.id}/edit",
        data={"label": "Joint venture company", "description": "Shared equity."},
    )
    client.post(f"/admin/taxonomy/cooperation-models/{model.id}/deactivate")
    db.session.refresh(model)
    assert (model.label, model.active) == ("Joint venture company", False)
    assert _audit("cooperation_model.update") and _audit("cooperation_model.deactivate")
    assert model not in taxonomy.cooperation_models(active_only=True)
    assert "joint-venture" not in dict(taxonomy.cooperation_model_choices())

    client.post(f"/admin/taxonomy/cooperation-models/{model.id}/activate")
    assert "joint-venture" in dict(taxonomy.cooperation_model_choices())


def test_duplicate_slugs_and_unknown_comparisons_are_refused(admin, as_user):
    client = as_user(admin)
    before = rows(DeclineReason)
    duplicate = client.post(
        "/admin/taxonomy/decline-reasons/new",
        data={"slug": "duplicate", "label": "Again", "comparison": ""},
    )
    assert duplicate.status_code == 422 and "already in use" in duplicate.text
    unknown = client.post(
        "/admin/taxonomy/decline-reasons/new",
        data={"slug": "odd", "label": "Odd", "comparison": "weather"},
    )
    assert unknown.status_code == 422 and "Not a valid choice" in unknown.text
    assert rows(DeclineReason) == before


def test_only_admins_reach_the_term_pages(make, as_user):
    reason = term(DeclineReason, "duplicate")
    for role in (Role.FACILITATOR, Role.PARTNER, Role.FOCAL_POINT):
        client = as_user(make.user(role))
        assert client.get("/admin/taxonomy/decline-reasons/new").status_code == 403
        response = client.post(
            f"/admin/taxonomy/decline-reasons/{reason.id}/edit",
            data={"label": "Changed", "comparison": "category"},
        )
        assert response.status_code == 403
    db.session.refresh(reason)
    assert (reason.label, reason.comparison) == ("Duplicate", "")
