"""Route × role entries for the match settings page and the new term lists.

Staff read the match settings; only admins save them or restore the defaults (the
world holds a saved version that differs from the defaults, ``{settings_version}``,
so restoring writes). Decline reasons and cooperation models are edited like the
other terms, by admins only.
"""

from __future__ import annotations

from tests.access.cases import ADMIN, STAFF, RouteCase

# Every setting an admin may change, at its default but one: a hub needs 5
# countries (the world's saved version says 4), so saving writes a new version.
SETTINGS_FORM = {
    "weight_title": "0.10",
    "weight_description": "0.05",
    "weight_topic": "0.45",
    "weight_category": "0.15",
    "weight_support": "0.20",
    "weight_budget": "0.05",
    "weight_timing": "0.04",
    "weight_modality": "0.02",
    "weight_domain": "0.04",
    "min_score": "40",
    "top_k": "5",
    "text_gate": "0.25",
    "regional_min_score": "50",
    "hub_similarity": "0.25",
    "hub_min_countries": "5",
    "note": "Support types mattered more in the review.",
}
TERM_FORM = {"label": "Renamed term", "description": "Changed by an admin."}
REASONS = "/admin/taxonomy/decline-reasons"
MODELS = "/admin/taxonomy/cooperation-models"


def _settings_cases() -> tuple[RouteCase, ...]:
    return (
        RouteCase("match_settings.edit", "GET", "/matching/settings", STAFF),
        RouteCase(
            "match_settings.edit",
            "POST",
            "/matching/settings",
            ADMIN,
            SETTINGS_FORM,
            note="facilitators read the settings but may not change them",
        ),
        RouteCase(
            "match_settings.restore_defaults",
            "POST",
            "/matching/settings/defaults",
            ADMIN,
        ),
    )


def _term_cases() -> tuple[RouteCase, ...]:
    return (
        RouteCase("admin.term_create", "GET", f"{REASONS}/new", ADMIN),
        RouteCase(
            "admin.term_create",
            "POST",
            f"{REASONS}/new",
            ADMIN,
            {**TERM_FORM, "slug": "new-reason", "comparison": "support"},
        ),
        RouteCase("admin.term_create", "GET", f"{MODELS}/new", ADMIN),
        RouteCase(
            "admin.term_create",
            "POST",
            f"{MODELS}/new",
            ADMIN,
            {**TERM_FORM, "slug": "new-model"},
        ),
        RouteCase(
            "admin.term_edit", "GET", f"{REASONS}/{{decline_reason}}/edit", ADMIN
        ),
        RouteCase(
            "admin.term_edit",
            "POST",
            f"{REASONS}/{{decline_reason}}/edit",
            ADMIN,
            {**TERM_FORM, "comparison": "budget"},
        ),
        RouteCase(
            "admin.term_edit", "GET", f"{MODELS}/{{cooperation_model}}/edit", ADMIN
        ),
        RouteCase(
            "admin.term_edit",
            "POST",
            f"{MODELS}/{{cooperation_model}}/edit",
            ADMIN,
            TERM_FORM,
        ),
        RouteCase(
            "admin.term_set_active",
            "POST",
            f"{REASONS}/{{decline_reason}}/deactivate",
            ADMIN,
        ),
        RouteCase(
            "admin.term_set_active",
            "POST",
            f"{MODELS}/{{cooperation_model}}/deactivate",
            ADMIN,
        ),
    )


SETTINGS_CASES: tuple[RouteCase, ...] = _settings_cases() + _term_cases()
