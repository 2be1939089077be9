"""Route rules: the first gate every request passes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from matchmaker.models import Outcome, Role

F = TypeVar("F", bound=Callable[..., Any])

# Endpoints Flask itself adds.
BUILTIN_ENDPOINTS = frozenset({"static"})


@dataclass(frozen=True)
class AccessRule:
    """Who may reach a route at all, before any object is looked at."""

    name: str
    anonymous: bool
    roles: frozenset[Role]

    def admits(self, user: Any) -> bool:
        """True when ``user`` (a User or Flask-Login's anonymous user) passes."""
        if not getattr(user, "is_authenticated", False):
            return self.anonymous
        return user.role in self.roles


ANYONE = AccessRule("anyone", anonymous=True, roles=frozenset(Role))
SIGNED_IN = AccessRule("signed-in", anonymous=False, roles=frozenset(Role))


def role_in(*roles: Role) -> AccessRule:
    """Signed-in users with one of these roles."""
    names = "+".join(sorted(r.value for r in roles))
    return AccessRule(f"roles:{names}", anonymous=False, roles=frozenset(roles))


def allow(rule: AccessRule) -> Callable[[F], F]:
    """Declare and enforce a view's route rule."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not rule.admits(current_user):
                return deny()
            return view(*args, **kwargs)

        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def deny(object_: object | None = None, *, conceal: bool = False) -> Any:
    """Refuse the request: anonymous users go to sign-in, others get 403 (audited).

    With ``conceal`` the answer is 404, as for an id that does not exist, so that
    nobody learns which of another country's or organisation's listings exist.
    """
    if not current_user.is_authenticated:
        login_view = current_app.login_manager.login_view  # type: ignore[attr-defined]
        if login_view and request.method == "GET":
            return redirect(url_for(login_view, next=_local_next()))
        abort(401)
    from matchmaker.extensions import db
    from matchmaker.services import audit

    db.session.rollback()
    audit.record(
        "access.denied",
        obj=object_,
        object_type="route" if object_ is None else "",
        object_id=request.endpoint or "" if object_ is None else "",
        outcome=Outcome.DENIED,
        details={"method": request.method, "path": request.path},
    )
    db.session.commit()
    abort(404 if conceal else 403)


def _local_next() -> str:
    path = request.full_path if request.query_string else request.path
    return path if path.startswith("/") and not path.startswith("//") else "/"


def check_every_view_has_a_rule(app: Flask) -> None:
    """Refuse to start when a view lacks ``@allow``: no route is open by accident."""
    missing = sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint not in BUILTIN_ENDPOINTS and not hasattr(view, "access_rule")
    )
    if missing:
        raise RuntimeError(f"views without an access rule: {', '.join(missing)}")
