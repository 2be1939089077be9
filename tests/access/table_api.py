"""Route × role entries of the JSON API, gathered from one file per area.

API entries are sent with the actor's own personal token (read-and-write), never
the session cookie; anonymous sends none and gets 401; the disabled admin's token
was issued before the account was disabled and gets 401 too.
"""

from __future__ import annotations

from tests.access.cases import EVERYONE, SIGNED_IN, RouteCase
from tests.access.table_api_facilitation import API_FACILITATION_CASES
from tests.access.table_api_listings import API_LISTING_CASES
from tests.access.table_api_runs import API_RUN_CASES

API_REFERENCE_CASES: tuple[RouteCase, ...] = (
    RouteCase("api_openapi", "GET", "/api/v1/openapi.json", EVERYONE),
    RouteCase("api_docs.index", "GET", "/api/v1/docs/", SIGNED_IN),
    RouteCase("api_docs.asset", "GET", "/api/v1/docs/assets/swagger-ui.css", SIGNED_IN),
    RouteCase("api_reference.countries", "GET", "/api/v1/countries", SIGNED_IN),
    RouteCase("api_reference.sub_regions", "GET", "/api/v1/sub-regions", SIGNED_IN),
    RouteCase("api_reference.categories", "GET", "/api/v1/categories", SIGNED_IN),
    RouteCase("api_reference.support_types", "GET", "/api/v1/support-types", SIGNED_IN),
)

API_EXPORT_CASES: tuple[RouteCase, ...] = (
    RouteCase(
        "api_exports.iati_activities",
        "GET",
        "/api/v1/exports/iati-activities.xml",
        SIGNED_IN,
        note="each actor gets only the completed pairings they may see",
    ),
)

API_CASES: tuple[RouteCase, ...] = (
    API_REFERENCE_CASES
    + API_EXPORT_CASES
    + API_LISTING_CASES
    + API_FACILITATION_CASES
    + API_RUN_CASES
)
