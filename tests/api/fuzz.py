"""schemathesis against the live OpenAPI document, as a focal point, a partner and a
facilitator.

One app on the test database with the access tests' world and a read-and-write token
per role; every operation of the document runs with ``EXAMPLES`` generated
requests, each sent as every role, derandomised (a fixed seed: the same requests on
every run). Path ids are small integers, so the
generated requests reach the world's real objects as well as missing ones. The checks
are the done-when of the API: no server error, and every response conforms to the
document (status code, content type, headers, body schema).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from matchmaker.models import Role
from tests import factories
from tests.access.objects import build_world as build_access_world
from tests.api.conftest import issue_token
from tests.conftest import _empty_tables, _make_app
from tests.databases import selected_kind

# The full 100 generated requests per operation and role run in the SQLite pass.
# The PostgreSQL pass repeats every operation with a quarter of them: enough to meet
# what only PostgreSQL refuses (string lengths, NUL characters, integer range) on
# each operation, while the suite stays well within its time.
EXAMPLES = 100 if selected_kind() == "sqlite" else 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


def build_world(make: factories.Factories) -> dict[Role, str]:
    """The access tests' world (listings of several owners, pairings at several
    stages, a run with proposals, notifications), and a token for the owners of its
    need and offer and for its facilitator."""
    world = build_access_world(make)
    return {
        Role.FOCAL_POINT: issue_token(world.actors["focal_b"]),
        Role.PARTNER: issue_token(world.actors["partner_y"]),
        Role.FACILITATOR: issue_token(world.actors["facilitator"]),
    }


@pytest.fixture(scope="module")
def fuzz_app(
    migrated_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """One app for all of a role's examples, its tables emptied afterwards."""
    instance: Path = tmp_path_factory.mktemp("fuzz-instance")
    # No rate limit here: the fuzzer sends thousands of requests a minute.
    app = _make_app(migrated_url, instance, API_RATE_LIMIT_PER_MINUTE=1_000_000)
    with app.app_context():
        app.extensions["fuzz-tokens"] = build_world(factories.Factories())
        yield app
        _empty_tables(app)


def run_every_operation(app: Flask) -> None:
    """Every operation with ``EXAMPLES`` requests, each sent as every role.

    Each generated request goes out once per role's token, so every role meets the
    same requests and the generating is done once. All failures are listed. The
    operations are walked here rather than through schemathesis' pytest integration,
    whose lazy fixture loader does not run under pytest 9.
    """
    headers = [
        {"Authorization": f"Bearer {token}"}
        for token in app.extensions["fuzz-tokens"].values()
    ]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @FUZZ_SETTINGS
        def run(case) -> None:
            for role_headers in headers:
                case.call_and_validate(headers=role_headers, checks=CHECKS)

        try:
            run()
        except Exception as error:  # collect all, report at the end
            failures.append(f"{operation.label}: {error}")
    assert operations >= 30, "the document lists too few operations"
    assert not failures, "\n\n".join(failures)
