"""A separate process that counts one token's requests through the service.

Run by ``test_rate_limit.py`` as ``python -m tests.api_tokens.count_worker TOKEN_ID
COUNT``; the database and the limit come from ``MATCHMAKER_DATABASE_URL`` and
``MATCHMAKER_API_RATE_LIMIT_PER_MINUTE``. Prints ``allowed refused`` on its last line.
"""

from __future__ import annotations

import sys

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import ApiToken
from matchmaker.services import api_tokens


def main(token_id: int, count: int) -> None:
    app = create_app()
    allowed = refused = 0
    with app.app_context():
        token = db.session.get(ApiToken, token_id)
        assert token is not None
        for _ in range(count):
            retry_after = api_tokens.count_use(token)
            if retry_after is None:
                allowed += 1
            else:
                assert 1 <= retry_after <= 60, retry_after
                refused += 1
    sys.stdout.write(f"{allowed} {refused}\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
