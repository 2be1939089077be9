"""The Notifications page, marking read, and the bell's unread count.

Every signed-in user has one page of their own notifications, newest first. Opening
an unread one is a POST (it marks it read) that then goes where the notification
points; someone else's notification answers 404, as if it did not exist.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.models import User
from matchmaker.policy import SIGNED_IN, allow, deny
from matchmaker.services import notifications
from matchmaker.services.listing import clamp_page
from matchmaker.services.notification_mail import KIND_HEADINGS

logger = logging.getLogger(__name__)

bp = Blueprint("notifications", __name__)


def _user() -> User:
    return current_user._get_current_object()


def _target(link: str) -> str:
    """Where a notification's link may take the browser: a path on this site."""
    if notifications.is_local_path(link):
        return link
    return url_for("notifications.index")


@bp.get("/notifications")
@allow(SIGNED_IN)
def index() -> str:
    """The user's notifications, newest first, unread ones marked."""
    page = notifications.page_for(_user(), clamp_page(request.args.get("page")))
    return render_template(
        "notifications/index.html",
        page=page,
        unread=notifications.unread_count(_user()),
        headings=KIND_HEADINGS,
        is_local_path=notifications.is_local_path,
    )


@bp.post("/notifications/<int:notification_id>/read")
@allow(SIGNED_IN)
def read(notification_id: int) -> Response:
    """Mark one notification read, then go to what it is about."""
    notification = notifications.get(notification_id)
    if notification is None:
        abort(404)
    if not policy.can_read_notification(_user(), notification):
        return deny(notification, conceal=True)
    target = _target(notification.link)
    notifications.mark_read(notification)
    return redirect(target)


@bp.post("/notifications/read-all")
@allow(SIGNED_IN)
def read_all() -> Response:
    """Mark every notification of the user read."""
    marked = notifications.mark_all_read(_user())
    if marked:
        flash("All your notifications are marked as read.", "success")
    return redirect(url_for("notifications.index"))


@bp.app_context_processor
def bell() -> dict[str, Any]:
    """``unread_notification_count()`` for the navigation's bell.

    A function, so that the COUNT query runs only on pages that show the bell,
    once per request, and never for anonymous visitors.
    """
    return {"unread_notification_count": _unread_for_bell}


def _unread_for_bell() -> int:
    if not getattr(current_user, "is_authenticated", False):
        return 0
    if "unread_notifications" not in g:
        try:
            g.unread_notifications = notifications.unread_count(_user())
        except SQLAlchemyError:
            # An error page after a failed transaction still needs its navigation.
            logger.warning("Could not count unread notifications", exc_info=True)
            g.unread_notifications = 0
    return int(g.unread_notifications)
