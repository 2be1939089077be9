"""Security headers on signed-in pages: private pages are never cached, never
framed, and run no inline script."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.access.cases import ACTORS
from tests.access.objects import World
from tests.access.table import POLICY_TABLE, case_id, is_api

SIGNED_IN_PAGES = [
    case
    for case in POLICY_TABLE
    if case.method == "GET"
    and not case.endpoint.startswith("static")
    and set(case.allowed) - {"anonymous", "disabled"}
    and "anonymous" not in case.allowed
]


REQUIRED_CSP = (
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "script-src 'self'",
    "style-src 'self'",
)


def _header_problems(response) -> list[str]:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    problems = [f"CSP lacks {d}" for d in REQUIRED_CSP if d not in csp]
    if "no-store" not in headers.get("Cache-Control", ""):
        problems.append("cacheable")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if headers.get("X-Frame-Options") != "DENY" or not headers.get("Referrer-Policy"):
        problems.append("framing or referrer headers missing")
    if response.mimetype != "text/html":
        return problems  # downloads and API answers carry the headers, not a page
    page = response.get_data(as_text=True)
    if " style=" in page or "<script>" in page:
        problems.append("inline style or script")
    return problems


def test_signed_in_page_headers(world: World, clients: dict[str, FlaskClient]) -> None:
    """Every signed-in page of the table, as its first allowed actor."""
    problems = []
    for case in SIGNED_IN_PAGES:
        actor = next(a for a in ACTORS if a in case.allowed)
        client = clients[actor]
        headers = {}
        if is_api(case):  # the API is reached with the actor's token
            headers["Authorization"] = f"Bearer {client.api_token}"  # type: ignore[attr-defined]
        response = client.get(case.path.format(**world.objects), headers=headers)
        found = _header_problems(response)
        response.close()  # files (the docs' assets) stay open until closed
        if response.status_code != 200:
            found.append(f"status {response.status_code}")
        problems += [f"{case_id(case)} as {actor}: {p}" for p in found]
    assert len(SIGNED_IN_PAGES) > 15
    assert not problems, "\n".join(problems)
