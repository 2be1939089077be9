"""API: The caller's notifications.

The same rules as the Notifications page (``web/notifications.py``): everyone
signed in reads their own (``policy.notifications_visible_to``), newest first;
marking one read that is someone else's answers 404, as if it did not exist
(``policy.can_read_notification``), even for staff; "read all" marks only the
caller's own. Links are given only when they are a path on this site
(``notifications.is_local_path``), the only ones the page follows.

Marking read is the one change here without ``If-Match``: it sets a time once and
never overwrites anything (a second mark keeps the first time), so there is no
edit of someone else's to lose.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import marshmallow as ma
from flask_login import current_user
from webargs.flaskparser import abort  # flask_smorest.abort itself, typed NoReturn

from matchmaker import policy
from matchmaker.api.blueprint import Blueprint
from matchmaker.api.fields import timestamp
from matchmaker.api.pagination import PageArgs, PaginationSchema, body, page_of
from matchmaker.models import Notification, NotificationKind, User
from matchmaker.policy import SIGNED_IN, allow, deny
from matchmaker.services import notifications
from matchmaker.services.notification_mail import KIND_HEADINGS

bp = Blueprint(
    "api_notifications",
    __name__,
    url_prefix="/api/v1",
    description="The caller's notifications.",
)


class QueryBoolean(ma.fields.Boolean):
    """A yes/no in a query string: exactly ``true`` or ``false``.

    Query strings are text, so ``StrictBoolean`` (JSON true/false) cannot apply;
    marshmallow's own Boolean would take "1", "yes", "on"... and guess. Only the
    two spellings the document promises are taken.
    """

    default_error_messages = {"invalid": 'Use "true" or "false".'}

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> bool:
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise self.make_error("invalid", input=value)


class NotificationArgs(PageArgs):
    unread = QueryBoolean(
        metadata={
            "description": "true: unread only; false: read only; leave out for all."
        }
    )


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf([kind.value for kind in NotificationKind]),
        metadata={"description": "What happened, as a slug."},
    )
    kind_label = ma.fields.String(
        required=True, metadata={"description": "The kind, as the page heads it."}
    )
    message = ma.fields.String(
        required=True, metadata={"description": "The message, in one line."}
    )
    details = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "More about it, when the message has more."},
    )
    link = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "A path on this site it is about (/needs/3), or null."
        },
    )
    created_at = timestamp(required=True)
    read_at = timestamp(required=True, allow_none=True)


class NotificationPage(ma.Schema):
    """A page of the caller's notifications, and how many of all are unread."""

    items = ma.fields.List(ma.fields.Nested(NotificationSchema), required=True)
    pagination = ma.fields.Nested(PaginationSchema, required=True)
    unread = ma.fields.Integer(
        required=True, metadata={"description": "All the caller's unread ones."}
    )


class NotificationActionBody(ma.Schema):
    """Marking read takes no fields; a body, if sent, must be empty."""


class NotificationsMarkedSchema(ma.Schema):
    marked = ma.fields.Integer(
        required=True, metadata={"description": "How many were unread and now read."}
    )


def _user() -> User:
    return current_user._get_current_object()


def _body(notification: Notification) -> dict[str, Any]:
    kind = notification.kind
    return {
        "id": notification.id,
        "kind": kind.value,
        "kind_label": KIND_HEADINGS.get(
            kind, kind.value.replace("-", " ").capitalize()
        ),
        "message": notification.subject,
        "details": notification.body or None,
        "link": notification.link
        if notifications.is_local_path(notification.link)
        else None,
        "created_at": notification.created_at.astimezone(UTC),
        "read_at": notification.read_at.astimezone(UTC)
        if notification.read_at
        else None,
    }


@bp.route("/notifications", methods=["GET"])
@allow(SIGNED_IN)
@bp.arguments(NotificationArgs, location="query")
@bp.response(200, NotificationPage)
def list_notifications(args: dict[str, Any]) -> dict[str, Any]:
    """The caller's own notifications, newest first."""
    user = _user()
    query = policy.notifications_visible_to(user)
    if args.get("unread") is True:
        query = query.where(Notification.read_at.is_(None))
    elif args.get("unread") is False:
        query = query.where(Notification.read_at.is_not(None))
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc())
    page = page_of(query, args)
    result = body(page, [_body(n) for n in page.items])
    result["unread"] = notifications.unread_count(user)
    return result


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@allow(SIGNED_IN)
@bp.arguments(NotificationActionBody, location="json", required=False)
@bp.response(200, NotificationSchema)
def mark_notification_read(
    _args: dict[str, Any], notification_id: int
) -> dict[str, Any]:
    """Mark one of the caller's notifications read (another's answers 404)."""
    notification = notifications.get(notification_id)
    if notification is None:
        abort(404)  # the very answer deny(conceal=True) gives: nothing to tell apart
    if not policy.can_read_notification(_user(), notification):
        return deny(notification, conceal=True)
    notifications.mark_read(notification)
    return _body(notification)


@bp.route("/notifications/read-all", methods=["POST"])
@allow(SIGNED_IN)
@bp.arguments(NotificationActionBody, location="json", required=False)
@bp.response(200, NotificationsMarkedSchema)
def mark_all_notifications_read(_args: dict[str, Any]) -> dict[str, Any]:
    """Mark every unread notification of the caller read."""
    return {"marked": notifications.mark_all_read(_user())}
