"""Policy table entries for the "API tokens" page of one's own account.

Everyone signed in lists and makes their own tokens; nobody revokes anyone else's.
The revoke entry names a token id that is nobody's here, so every signed-in actor
is answered 404, as for another person's token (``tests/api_tokens/test_page.py``
revokes a real token of someone else and gets the same 404).
"""

from __future__ import annotations

from tests.access.cases import SIGNED_IN, RouteCase
from tests.access.table_accounts import NOBODY

API_TOKEN_CASES: tuple[RouteCase, ...] = (
    RouteCase("auth.api_tokens", "GET", "/account/api-tokens", SIGNED_IN),
    RouteCase(
        "auth.api_tokens",
        "POST",
        "/account/api-tokens",
        SIGNED_IN,
        data={"name": "Ministry portal sync", "scope": "read", "days": "30"},
        note="each actor makes a token of their own",
    ),
    RouteCase(
        "auth.revoke_api_token",
        "POST",
        "/account/api-tokens/2147483647/revoke",
        NOBODY,
        note="nobody's token: 404 for everyone signed in",
    ),
)
