"""The one policy table: foundation, listing and account entries merged."""

from __future__ import annotations

from tests.access.cases import FOUNDATION_CASES, RouteCase
from tests.access.table_listings import LISTING_CASES

try:  # written with the account pages; until then their routes show as missing
    from tests.access.table_accounts import ACCOUNT_CASES
except ImportError:  # pragma: no cover - depends on the other half of the table
    ACCOUNT_CASES: tuple[RouteCase, ...] = ()

from tests.access.table_api import API_CASES
from tests.access.table_api_tokens import API_TOKEN_CASES
from tests.access.table_calls import CALL_CASES
from tests.access.table_facilitation import FACILITATION_CASES
from tests.access.table_notifications import NOTIFICATION_CASES
from tests.access.table_region import REGION_CASES
from tests.access.table_runs import RUN_CASES
from tests.access.table_settings import SETTINGS_CASES

# Added with the facilitation workflow; each area keeps its own part of the table.
WORKFLOW_CASES: tuple[RouteCase, ...] = (
    FACILITATION_CASES
    + NOTIFICATION_CASES
    + RUN_CASES
    + SETTINGS_CASES
    + CALL_CASES
    + REGION_CASES
    + API_TOKEN_CASES
)
POLICY_TABLE: tuple[RouteCase, ...] = (
    FOUNDATION_CASES + LISTING_CASES + ACCOUNT_CASES + WORKFLOW_CASES + API_CASES
)
# Entries (by identity) whose allowed actors must really succeed: a write must
# write. The account half of the table judges its own successes.
STRICT_CASES = frozenset(
    id(case) for case in FOUNDATION_CASES + LISTING_CASES + WORKFLOW_CASES + API_CASES
)


def case_id(case: RouteCase) -> str:
    """A readable test id: method and path."""
    return f"{case.method} {case.path}"


def is_api(case: RouteCase) -> bool:
    """API entries are sent with a token and a JSON body (the docs page is a page)."""
    return case.path.startswith("/api/v1/") and not case.path.startswith("/api/v1/docs")


def is_strict(case: RouteCase) -> bool:
    """True for the foundation and listing entries."""
    return id(case) in STRICT_CASES
