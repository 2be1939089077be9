"""Policy table entries for sign-in, own-account and user-admin routes.

Sign-in, forgotten password and set-password links are public; one's own account
is for anyone signed in; two-step sign-in is for facilitators and admins; the user
list and invitations are for staff (the roles a facilitator may invite are limited
by the form); changing a user's role or status and the two-step settings are admin
only (see ``matchmaker/policy/accounts.py``).
"""

from __future__ import annotations

from tests.access.cases import ADMIN, EVERYONE, SIGNED_IN, STAFF, RouteCase

NOBODY: frozenset[str] = frozenset()

ACCOUNT_CASES: tuple[RouteCase, ...] = (
    RouteCase("auth.sign_in", "GET", "/sign-in", EVERYONE),
    RouteCase(
        "auth.sign_in",
        "POST",
        "/sign-in",
        EVERYONE,
        data={"email": "nobody@example.org", "password": "not a password"},
        note="wrong credentials: the form again; signed-in users go home",
    ),
    RouteCase(
        "auth.sign_in_code", "GET", "/sign-in/code", NOBODY, note="no password step"
    ),
    RouteCase(
        "auth.sign_in_code",
        "POST",
        "/sign-in/code",
        EVERYONE,
        data={"code": "123456"},
        note="no password step: back to sign-in",
    ),
    RouteCase("auth.sign_out", "POST", "/sign-out", SIGNED_IN),
    RouteCase("auth.account", "GET", "/account", SIGNED_IN),
    RouteCase("auth.change_password", "GET", "/account/password", SIGNED_IN),
    RouteCase(
        "auth.change_password",
        "POST",
        "/account/password",
        SIGNED_IN,
        data={
            "current_password": "not the password",
            "new_password": "a long new passphrase",
            "confirm": "a long new passphrase",
        },
        note="wrong current password: form error, nothing changes",
    ),
    RouteCase("auth.forgot_password", "GET", "/account/forgot-password", EVERYONE),
    RouteCase(
        "auth.forgot_password",
        "POST",
        "/account/forgot-password",
        EVERYONE,
        data={"email": "nobody@example.org"},
    ),
    RouteCase(
        "auth.set_password",
        "GET",
        "/account/set-password/{token}",
        EVERYONE,
        note="unknown token: 404 for everyone",
    ),
    RouteCase(
        "auth.set_password",
        "POST",
        "/account/set-password/{token}",
        EVERYONE,
        data={
            "new_password": "a long new passphrase",
            "confirm": "a long new passphrase",
        },
        note="unknown token: 404 for everyone",
    ),
    RouteCase("auth.totp_enrol", "GET", "/account/two-factor", STAFF),
    RouteCase(
        "auth.totp_enrol", "POST", "/account/two-factor", STAFF, data={"code": "1"}
    ),
    RouteCase("auth.totp_start", "POST", "/account/two-factor/start", STAFF),
    RouteCase(
        "auth.totp_disable",
        "POST",
        "/account/two-factor/disable",
        STAFF,
        data={"password": "not the password"},
    ),
    RouteCase("users.index", "GET", "/admin/users", STAFF),
    RouteCase("users.invite", "GET", "/admin/users/invite", STAFF),
    RouteCase(
        "users.invite",
        "POST",
        "/admin/users/invite",
        STAFF,
        data={"email": "invitee@example.org", "role": "focal-point", "country": "NPL"},
    ),
    RouteCase("users.edit", "GET", "/admin/users/{user}", ADMIN),
    RouteCase(
        "users.edit",
        "POST",
        "/admin/users/{user}",
        ADMIN,
        data={"role": "focal-point", "country": "THA"},
    ),
    RouteCase(
        "users.set_status",
        "POST",
        "/admin/users/{user}/status",
        ADMIN,
        data={"action": "disable"},
    ),
    RouteCase("users.security", "GET", "/admin/users/security", ADMIN),
    RouteCase(
        "users.security",
        "POST",
        "/admin/users/security",
        ADMIN,
        data={"require_facilitator": ""},
    ),
)
