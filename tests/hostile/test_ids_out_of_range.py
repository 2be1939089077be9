"""Ids past what the databases store answer 404, never a server error.

An id past 2**31 - 1 overflowed PostgreSQL's integer (and past 2**63 - 1 SQLite's)
inside the query: a 500 on every page with an id in its address. Each route with
an id is asked, as an admin, with ids at and past the limits.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from matchmaker.models import Role
from matchmaker.routing import LARGEST_ID, up_to
from tests.conftest import sign_in_as

OUT_OF_RANGE = (0, LARGEST_ID + 1, 2**63, 10**30)


def _id_routes(app) -> list[tuple[str, str, list[str]]]:
    routes = []
    for rule in app.url_map.iter_rules():
        ids = [name for name, kind in rule._converters.items()
               if isinstance(kind, IntegerConverter)]  # fmt: skip
        if ids:
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            method = "GET" if "GET" in methods else methods[0]
            routes.append((rule.rule, method, ids))
    return routes


def test_every_id_route_answers_404_past_the_range(app, client, make):
    sign_in_as(client, make.user(Role.ADMIN))
    routes = _id_routes(app)
    assert len(routes) > 15
    problems = []
    for rule, method, ids in routes:
        for value in OUT_OF_RANGE:
            path = rule
            for name in ids:
                path = path.replace(f"<int:{name}>", str(value))
            answer = client.open(path, method=method)
            if answer.status_code != 404:
                problems.append(f"{method} {path}: {answer.status_code}")
    assert not problems, "\n".join(problems)


def test_ids_within_the_range_still_reach_the_view(client, make):
    """The bound changes nothing for real ids; the largest one is the view's 404."""
    sign_in_as(client, make.user(Role.FACILITATOR))
    need = make.need()
    assert client.get(f"/needs/{need.id}").status_code == 200
    assert client.get(f"/needs/{LARGEST_ID}").status_code == 404


@given(st.integers(min_value=-10, max_value=10**12), st.integers(1, 10**10))
def test_the_id_pattern_matches_exactly_the_ids_in_range(number: int, largest: int):
    pattern = re.compile(f"(?:{up_to(largest)})")
    assert bool(pattern.fullmatch(str(number))) == (1 <= number <= largest)
    assert not pattern.fullmatch(f"0{number}")
