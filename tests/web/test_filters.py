"""Stored values shown to people: readable, and links only to web addresses."""

from __future__ import annotations

from matchmaker.models import Organisation, Role
from matchmaker.services import audit
from matchmaker.web.filters import is_web_address, readable_json


def test_readable_json_keeps_what_was_typed():
    assert readable_json({"b": "<script>", "a": "Lao PDR — ສປປ"}) == (
        '{"a": "Lao PDR — ສປປ", "b": "<script>"}'
    )


def test_only_http_addresses_count_as_web_addresses():
    assert is_web_address("https://example.org/x")
    assert is_web_address(" HTTP://example.org")
    for value in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "", None):
        assert not is_web_address(value)


def test_stored_non_web_address_is_shown_as_text_not_a_link(as_role, app):
    from matchmaker.extensions import db

    db.session.add(Organisation(name="Odd Org", website="javascript:alert(1)"))
    db.session.commit()
    page = as_role(Role.ADMIN).get("/admin/organisations").get_data(as_text=True)
    assert "javascript:alert(1)" in page
    assert 'href="javascript:' not in page


def test_audit_log_shows_details_as_typed_and_escaped(as_role, app):
    from matchmaker.extensions import db

    audit.record("test.event", object_type="need", object_id=1,
                 details={"title": "<b>Lab</b>"})  # fmt: skip
    db.session.commit()
    page = as_role(Role.ADMIN).get("/admin/audit").get_data(as_text=True)
    assert "&lt;b&gt;Lab&lt;/b&gt;" in page
    assert "\\u003c" not in page and "<b>Lab</b>" not in page
