"""NUL and other control characters in the sign-in and password-reset forms get a
form error, not a server error (PostgreSQL refuses NUL in text, and the query
failed before the form said anything)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent

HOSTILE = ("a\x00@example.org", "a@exa\x01mple.org", "\x00")


@pytest.mark.parametrize("email", HOSTILE)
@pytest.mark.parametrize("path", ["/sign-in", "/account/forgot-password"])
def test_control_characters_in_an_email_are_a_form_error(client, path, email):
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    answer = client.post(path, data={"email": email, "password": "x" * 12})
    assert answer.status_code in (200, 422), answer.status_code
    assert "Remove the control characters" in answer.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before
