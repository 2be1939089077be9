"""Policy table entries for needs, offers and the admin data pages.

Who may do what (see ``matchmaker/policy/listings.py`` for the reasons):
focal points see their own country's needs and open offers eligible for it;
partners see their organisation's offers and published needs; facilitators and
admins read everything; only owners edit or change status; only admins manage
organisations, the taxonomy and read the audit log; only staff read and start
match runs (``matchmaker/policy/matching.py``).
"""

from __future__ import annotations

from tests.access.cases import ADMIN, SIGNED_IN, STAFF, RouteCase

FOCAL_POINTS = frozenset({"focal_a", "focal_b"})
PARTNERS = frozenset({"partner_x", "partner_y"})

NEED_FORM = {
    "title": "Genomic surveillance laboratory",
    "description": "Sequencers and training for pathogen genomics.",
    "category": "testing-laboratory",
    "support_types": "technical",
    "priority": "high",
    "budget_usd": "250000",
}
OFFER_FORM = {
    "title": "Sequencing platform and training",
    "description": "Two sequencers and a bioinformatics course.",
    "categories": "testing-laboratory",
    "support_types": "technical",
    "eligible_any": "y",
    "capacity": "3",
    "modality": "either",
}
VERSION_1 = {"version": "1"}


def _need_cases() -> tuple[RouteCase, ...]:
    owner = frozenset({"focal_b"})
    return (
        RouteCase("needs.index", "GET", "/needs/", SIGNED_IN),
        RouteCase(
            "needs.detail",
            "GET",
            "/needs/{need}",
            owner | PARTNERS | STAFF,
            note="an open need: its country, partners and staff; not focal_a",
        ),
        RouteCase(
            "needs.detail",
            "GET",
            "/needs/{draft_need}",
            owner | STAFF,
            note="a draft: only its country and staff",
        ),
        RouteCase("needs.create", "GET", "/needs/new", FOCAL_POINTS),
        RouteCase("needs.create", "POST", "/needs/new", FOCAL_POINTS, NEED_FORM),
        RouteCase("needs.edit", "GET", "/needs/{need}/edit", owner),
        RouteCase(
            "needs.edit",
            "POST",
            "/needs/{need}/edit",
            owner,
            {**NEED_FORM, **VERSION_1},
        ),
        RouteCase(
            "needs.change_status",
            "POST",
            "/needs/{draft_need}/publish",
            owner,
            VERSION_1,
        ),
        RouteCase(
            "needs.change_status", "POST", "/needs/{need}/withdraw", owner, VERSION_1
        ),
    )


def _offer_cases() -> tuple[RouteCase, ...]:
    owner = frozenset({"partner_y"})
    return (
        RouteCase("offers.index", "GET", "/offers/", SIGNED_IN),
        RouteCase(
            "offers.detail",
            "GET",
            "/offers/{offer}",
            owner | FOCAL_POINTS | STAFF,
            note="open and eligible for any country: every focal point sees it",
        ),
        RouteCase(
            "offers.detail",
            "GET",
            "/offers/{bgd_offer}",
            owner | {"focal_b"} | STAFF,
            note="open but eligible for BGD only: not focal_a (NPL)",
        ),
        RouteCase(
            "offers.detail",
            "GET",
            "/offers/{draft_offer}",
            owner | STAFF,
            note="a draft: only its organisation and staff",
        ),
        RouteCase("offers.create", "GET", "/offers/new", PARTNERS),
        RouteCase("offers.create", "POST", "/offers/new", PARTNERS, OFFER_FORM),
        RouteCase("offers.edit", "GET", "/offers/{offer}/edit", owner),
        RouteCase(
            "offers.edit",
            "POST",
            "/offers/{offer}/edit",
            owner,
            {**OFFER_FORM, **VERSION_1},
        ),
        RouteCase(
            "offers.change_status",
            "POST",
            "/offers/{draft_offer}/publish",
            owner,
            VERSION_1,
        ),
        RouteCase(
            "offers.change_status", "POST", "/offers/{offer}/close", owner, VERSION_1
        ),
    )


ORGANISATION_FORM = {"name": "A new partner", "kind": "research", "country": "JPN"}
TERM_FORM = {"label": "Renamed term", "description": "Changed by an admin."}


def _admin_cases() -> tuple[RouteCase, ...]:
    cats = "/admin/taxonomy/categories"
    types = "/admin/taxonomy/support-types"
    return (
        RouteCase("admin.organisations_index", "GET", "/admin/organisations", ADMIN),
        RouteCase(
            "admin.organisation_create", "GET", "/admin/organisations/new", ADMIN
        ),
        RouteCase(
            "admin.organisation_create",
            "POST",
            "/admin/organisations/new",
            ADMIN,
            ORGANISATION_FORM,
        ),
        RouteCase(
            "admin.organisation_edit",
            "GET",
            "/admin/organisations/{organisation}/edit",
            ADMIN,
        ),
        RouteCase(
            "admin.organisation_edit",
            "POST",
            "/admin/organisations/{organisation}/edit",
            ADMIN,
            {**ORGANISATION_FORM, "name": "Organisation Y renamed"},
        ),
        RouteCase("admin.taxonomy_index", "GET", "/admin/taxonomy", ADMIN),
        RouteCase("admin.term_create", "GET", f"{cats}/new", ADMIN),
        RouteCase(
            "admin.term_create",
            "POST",
            f"{cats}/new",
            ADMIN,
            {**TERM_FORM, "slug": "new-category"},
        ),
        RouteCase(
            "admin.term_create",
            "POST",
            f"{types}/new",
            ADMIN,
            {**TERM_FORM, "slug": "new-support"},
        ),
        RouteCase("admin.term_edit", "GET", f"{cats}/{{category}}/edit", ADMIN),
        RouteCase(
            "admin.term_edit", "POST", f"{cats}/{{category}}/edit", ADMIN, TERM_FORM
        ),
        RouteCase(
            "admin.term_edit",
            "POST",
            f"{types}/{{support_type}}/edit",
            ADMIN,
            TERM_FORM,
        ),
        RouteCase(
            "admin.term_set_active",
            "POST",
            f"{cats}/{{category}}/deactivate",
            ADMIN,
        ),
        RouteCase(
            "admin.term_set_active",
            "POST",
            f"{types}/{{support_type}}/deactivate",
            ADMIN,
        ),
        RouteCase("admin.audit", "GET", "/admin/audit", ADMIN),
        RouteCase(
            "admin.audit",
            "GET",
            "/admin/audit?outcome=denied&actor=a",
            ADMIN,
            note="filters are read-only too",
        ),
    )


def _matching_cases() -> tuple[RouteCase, ...]:
    return (
        RouteCase("matching.index", "GET", "/matching/", STAFF),
        RouteCase(
            "matching.run",
            "POST",
            "/matching/run",
            STAFF,
            note="queues a match run for the worker; while it waits, a second "
            "request is turned away with a message (a redirect, nothing written)",
            once=True,
        ),
    )


LISTING_CASES: tuple[RouteCase, ...] = (
    _need_cases() + _offer_cases() + _admin_cases() + _matching_cases()
)
