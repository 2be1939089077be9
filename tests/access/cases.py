"""The route × role policy table: its format and the actors it speaks of.

Every endpoint in the app's URL map must have at least one ``RouteCase`` (the test in
``test_every_route.py`` fails on a route without one). Each case is requested by every
actor against objects owned by *someone else*; only the actors in ``allowed`` may get
a 2xx answer.

Actors (names used in ``allowed``):
  anonymous     nobody signed in
  focal_a       focal point of country A (NPL)
  focal_b       focal point of country B (BGD) — owns ``{need}``
  partner_x     partner of organisation X
  partner_y     partner of organisation Y — owns ``{offer}``
  facilitator   a facilitator
  admin         an admin
  disabled      a disabled admin whose old session cookie is replayed

Objects for the path placeholders (``path.format(**objects)``):
  {need}          id of a need of country B, status open
  {offer}         id of an offer of organisation Y, status open
  {organisation}  id of organisation Y
  {user}          id of another user (a focal point of THA)
  {category}      id of a category
  {support_type}  id of a support type
  {token}         a syntactically valid but unknown one-time token
  {pairing}       an introduced pairing of {need} and {offer} (focal_b, partner_y)
  {accepted_pairing}  an accepted, not yet introduced pairing of {second_need}
                  and {offer}
  {review_need}   a need of country B that {run} suggests {offer} for, undecided
  {npl_need}      a need of country A (focal_a's)
  {run}           a succeeded full match run; {hub} and {regional} its proposals
  {call}          an open call (a hub raised with partners)
  {notification}  a notification of focal_b
Add placeholders in ``objects.py`` when a route needs another kind of object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ACTORS = (
    "anonymous",
    "focal_a",
    "focal_b",
    "partner_x",
    "partner_y",
    "facilitator",
    "admin",
    "disabled",
)
SIGNED_IN = frozenset(ACTORS) - {"anonymous", "disabled"}
EVERYONE = frozenset(ACTORS)
STAFF = frozenset({"facilitator", "admin"})
ADMIN = frozenset({"admin"})


@dataclass(frozen=True)
class RouteCase:
    """One request to make as every actor.

    ``data`` is the form body for POST (CSRF is off in this test; CSRF has its own
    tests). ``allowed`` lists the actors that may receive 2xx; a 3xx redirect after a
    POST counts as success too and is held to the same list.

    API cases (paths under ``/api/v1/``) are sent with the actor's personal token
    instead of the session cookie, with ``json`` as the body; string values in
    ``json`` and ``headers`` are formatted with the objects like the path.

    ``once`` marks a decision that can be taken only once (accepting a suggestion):
    the first allowed actor must succeed; the later ones may be answered 409
    Conflict, as a second facilitator acting on a decided suggestion is.
    """

    endpoint: str
    method: str
    path: str
    allowed: frozenset[str]
    data: dict[str, str] = field(default_factory=dict)
    note: str = ""
    once: bool = False
    json: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


FOUNDATION_CASES: tuple[RouteCase, ...] = (
    RouteCase("main.home", "GET", "/", SIGNED_IN),
    RouteCase("main.healthz", "GET", "/healthz", EVERYONE),
    RouteCase("main.readyz", "GET", "/readyz", EVERYONE),
    RouteCase("static", "GET", "/static/matchmaker.css", EVERYONE),
)
