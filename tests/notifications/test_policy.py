"""The notification rule, for one object and as a query, agree: own ones only."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from matchmaker.extensions import db
from matchmaker.models import Role
from matchmaker.policy import can_read_notification, notifications_visible_to
from tests.notifications.conftest import add_notification


def test_object_rule_and_query_agree(make):
    focal, admin = make.user(Role.FOCAL_POINT), make.user(Role.ADMIN)
    disabled = make.user(Role.PARTNER, active=False)
    rows = [
        add_notification(focal, "Focal's"),
        add_notification(admin, "Admin's"),
        add_notification(disabled, "Disabled's"),
    ]
    for user in (focal, admin, disabled, AnonymousUserMixin()):
        readable = {row.id for row in rows if can_read_notification(user, row)}
        visible = set(db.session.scalars(notifications_visible_to(user)).all())
        assert readable == {row.id for row in visible}
    assert [can_read_notification(admin, row) for row in rows] == [
        False,
        True,
        False,
    ]
    assert not any(can_read_notification(disabled, row) for row in rows)
