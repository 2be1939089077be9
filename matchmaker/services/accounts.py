"""Account changes: passwords, invitations, resets, roles, status, second factor.

Every change runs in one write transaction with its audit event, checks the account
policy itself (views check it too, to show or hide controls), and ends the user's
other sessions when it changes what their old cookies should be worth.
"""

from __future__ import annotations

import logging

from matchmaker.auth.session import end_all_sessions
from matchmaker.database import write_transaction
from matchmaker.extensions import db
from matchmaker.models import Outcome, Role, TokenPurpose, User, utcnow
from matchmaker.passwords import hash_password, validate_new_password, verify_password
from matchmaker.policy import accounts as policy
from matchmaker.services import audit, mail, throttle, tokens, two_factor
from matchmaker.services.users import (
    UserError,
    create_user,
    find_by_email,
    get_or_create_organisation,
    normalise_email,
    resolve_country_code,
)

logger = logging.getLogger(__name__)


class AccountError(ValueError):
    """An account change cannot be made; the message is safe to show."""


def _reload(user: User) -> User:
    fresh = db.session.get(User, user.id)
    if fresh is None:
        raise AccountError("This account no longer exists.")
    return fresh


def sign_out(user: User) -> None:
    """End every session of ``user`` (the cookie in this browser and any copies)."""
    db.session.rollback()
    with write_transaction(db.session):
        user = _reload(user)
        end_all_sessions(user)
        audit.record("auth.sign_out", obj=user, actor=user)


def change_password(user: User, current: str, new: str) -> User:
    """Set a new password after checking the current one; ends other sessions."""
    stored, email = user.password_hash, user.email
    db.session.rollback()  # no transaction held while hashing
    if not verify_password(stored, current):
        raise AccountError("The current password is not correct.")
    validate_new_password(new, email)
    with write_transaction(db.session):
        user = _reload(user)
        user.password_hash = hash_password(new)
        end_all_sessions(user)
        audit.record("auth.password_change", obj=user, actor=user)
    return user


def set_password_with_token(raw: str, new: str) -> User:
    """Use an invitation or reset link once to set the password."""
    db.session.rollback()
    with write_transaction(db.session):
        token = tokens.find_valid(raw, for_update=True)
        if token is None:
            raise AccountError("This link is not valid any more. Ask for a new one.")
        user = token.user
        validate_new_password(new, user.email)
        token.used_at = utcnow()
        user.password_hash = hash_password(new)
        end_all_sessions(user)
        audit.record(
            "auth.password_set",
            obj=user,
            actor=user,
            details={"purpose": token.purpose.value},
        )
    return user


def request_reset(email: str, remote_addr: str) -> None:
    """Send a reset link when the address belongs to an active account.

    The caller answers the same whatever happens here, so the page cannot be used
    to learn which addresses have accounts. Requests are counted per address asked
    about and per client address, whether or not an account exists (so the limit
    reveals nothing either); past the limit no email is sent.
    """
    key = email.strip().lower()[:254]
    db.session.rollback()
    with write_transaction(db.session):
        if not throttle.admit_reset_request(key, remote_addr):
            audit.record(
                "auth.password_reset_request",
                outcome=Outcome.DENIED,
                actor_label=key,
                details={"email": key, "reason": "too many requests"},
            )
            return
        user = find_by_email(key) if key else None
        if user is None or not user.active:
            audit.record(
                "auth.password_reset_request",
                outcome=Outcome.FAILURE,
                actor_label=key,
                details={"email": key, "reason": "no active account"},
            )
            return
        raw = tokens.issue(user, TokenPurpose.RESET)
        audit.record("auth.password_reset_request", obj=user, actor_label=key)
        address = user.email
    try:
        mail.send(
            address,
            "Reset your matchmaker password",
            "auth/email/reset.txt",
            link=tokens.link(raw),
            minutes=int(tokens.lifetime(TokenPurpose.RESET).total_seconds() // 60),
        )
    except OSError:  # SMTP down: log it; the answer must not differ
        logger.exception("Could not send a password-reset email")


def invite(
    actor: User,
    *,
    email: str,
    role: Role,
    country: str | None = None,
    organisation: str | None = None,
    full_name: str = "",
) -> User:
    """Create an account without a password and email its invitation link.

    Inviting an address again whose owner never set a password re-sends the link
    (the earlier link stops working).
    """
    if not policy.can_invite(actor, role):
        raise AccountError("You may not invite someone to this role.")
    address = normalise_email(email)
    existing = find_by_email(address)
    if existing is not None and existing.password_hash is not None:
        raise AccountError(f"{address} already has an account.")
    if existing is None:
        existing = create_user(
            email=address,
            role=role,
            password=None,
            country=country if role is Role.FOCAL_POINT else None,
            organisation=organisation if role is Role.PARTNER else None,
            full_name=full_name,
        )
    db.session.rollback()
    with write_transaction(db.session):
        user = _reload(existing)
        raw = tokens.issue(user, TokenPurpose.INVITE)
        audit.record("user.invite", obj=user, details={"role": user.role.value})
        inviter = actor.full_name or actor.email
    mail.send(
        user.email,
        "You are invited to matchmaker",
        "auth/email/invite.txt",
        link=tokens.link(raw),
        inviter=inviter,
        role=user.role.label,
        hours=int(tokens.lifetime(TokenPurpose.INVITE).total_seconds() // 3600),
    )
    return user


def change_role(
    actor: User,
    user: User,
    *,
    role: Role,
    country: str | None = None,
    organisation: str | None = None,
) -> User:
    """Give ``user`` a role with the country or organisation it needs."""
    if not policy.can_manage_user(actor, user):
        raise AccountError("You may not change this account.")
    if role is Role.FOCAL_POINT and not country:
        raise AccountError("A focal point needs a country.")
    if role is Role.PARTNER and not (organisation or "").strip():
        raise AccountError("A partner needs an organisation.")
    db.session.rollback()
    try:
        with write_transaction(db.session):
            user = _reload(user)
            before = _role_snapshot(user)
            user.role = role
            user.country_alpha3 = (
                resolve_country_code(country or "")
                if role is Role.FOCAL_POINT
                else None
            )
            user.organisation = (
                get_or_create_organisation(organisation or "")
                if role is Role.PARTNER
                else None
            )
            if role not in policy.TOTP_ROLES:
                user.totp_enabled, user.totp_secret = False, None
            audit.record(
                "user.role_change",
                obj=user,
                details={"before": before, "after": _role_snapshot(user)},
            )
    except UserError as error:
        raise AccountError(str(error)) from error
    return user


def _role_snapshot(user: User) -> dict[str, str | int | None]:
    return {
        "role": user.role.value,
        "country": user.country_alpha3,
        "organisation": user.organisation_id,
    }


def set_active(actor: User, user: User, active: bool) -> User:
    """Disable (ending every session at once) or re-enable an account."""
    if not policy.can_manage_user(actor, user):
        raise AccountError("You may not change this account.")
    db.session.rollback()
    with write_transaction(db.session):
        user = _reload(user)
        user.active = active
        if not active:
            end_all_sessions(user)
        audit.record("user.enable" if active else "user.disable", obj=user)
    return user


def set_totp_required(actor: User, role: Role, required: bool) -> None:
    """Require (or stop requiring) a second factor for a role."""
    if not policy.can_change_security_settings(actor) or role not in policy.TOTP_ROLES:
        raise AccountError("You may not change this setting.")
    db.session.rollback()
    with write_transaction(db.session):
        if two_factor.set_required(role, required):
            audit.record(
                "settings.require_totp",
                object_type="role",
                object_id=role.value,
                details={"required": required},
            )


def start_totp_enrolment(user: User) -> str:
    """Give the user a new, not yet enabled secret; returns it for display."""
    if not policy.can_use_totp(user):
        raise AccountError("Your role does not use a second factor.")
    db.session.rollback()
    with write_transaction(db.session):
        user = _reload(user)
        if user.totp_enabled:
            raise AccountError("A second factor is already enabled.")
        user.totp_secret = two_factor.new_secret()
        return user.totp_secret


def enable_totp(user: User, code: str) -> None:
    """Turn the second factor on once a first code proves the app holds the secret."""
    db.session.rollback()
    with write_transaction(db.session):
        user = _reload(user)
        secret = user.totp_secret
        if user.totp_enabled or not secret:
            raise AccountError("Start the enrolment again.")
        ok = two_factor.use_code(user, secret, code)
        user.totp_enabled = ok
        outcome = Outcome.SUCCESS if ok else Outcome.FAILURE
        audit.record("auth.totp_enable", obj=user, outcome=outcome)
    if not ok:
        raise AccountError("That code is not correct. Check the time on your phone.")


def disable_totp(user: User, password: str) -> None:
    """Turn the second factor off after re-checking the password."""
    stored = user.password_hash
    db.session.rollback()
    if not verify_password(stored, password):
        raise AccountError("The password is not correct.")
    with write_transaction(db.session):
        user = _reload(user)
        user.totp_enabled, user.totp_secret = False, None
        audit.record("auth.totp_disable", obj=user)
