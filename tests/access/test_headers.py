"""Security headers on signed-in pages: private pages are never cached, never
framed, and run no inline script."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.access.cases import ACTORS
from tests.access.objects import World
from tests.access.table import POLICY_TABLE, case_id

SIGNED_IN_PAGES = [
    case
    for case in POLICY_TABLE
    if case.method == "GET"
    and not case.endpoint.startswith("static")
    and set(case.allowed) - {"anonymous", "disabled"}
    and "anonymous" not in case.allowed
]


@pytest.mark.parametrize("case", SIGNED_IN_PAGES, ids=case_id)
def test_signed_in_page_headers(
    case, world: World, clients: dict[str, FlaskClient]
) -> None:
    actor = next(a for a in ACTORS if a in case.allowed)
    response = clients[actor].get(case.path.format(**world.objects))
    assert response.status_code == 200
    headers = response.headers
    assert "no-store" in headers.get("Cache-Control", "")
    csp = headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
        "style-src 'self'",
    ):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"]
    page = response.get_data(as_text=True)
    assert " style=" not in page and "<script>" not in page
