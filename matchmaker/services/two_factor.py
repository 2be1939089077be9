"""Time-based one-time passwords (RFC 6238, pyotp) and the per-role requirement.

The secret is kept on the user with ``totp_enabled`` false until a first code
proves the authenticator app holds it. Each time step is accepted once per user
(``used_totp_steps``), so a code seen over someone's shoulder cannot be replayed.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime

import pyotp
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import Role, RoleSetting, UsedTotpStep, User
from matchmaker.policy.accounts import TOTP_ROLES

logger = logging.getLogger(__name__)

ISSUER = "matchmaker"
# Accept the previous and next 30-second step too: phones drift.
VALID_WINDOW = 1


def new_secret() -> str:
    """A fresh base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` address an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The URI as an inline SVG QR code, made on the server (no JavaScript)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # drop the XML declaration for inline HTML


def matching_step(secret: str, code: str) -> int | None:
    """The time step ``code`` is valid for (within the window), else None."""
    clean = "".join(code.split())
    if not (clean.isdigit() and len(clean) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(datetime.now())
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), clean):
            return step
    return None


def use_code(user: User, secret: str, code: str) -> bool:
    """True once for a valid code; records its step (caller's write transaction)."""
    step = matching_step(secret, code)
    if step is None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(UsedTotpStep(user_id=user.id, step=step))
    except IntegrityError:
        logger.info("TOTP code replayed for user %s", user.id)
        return False
    return True


def required_roles() -> frozenset[Role]:
    """Roles for which an admin requires a second factor."""
    rows = db.session.scalars(
        select(RoleSetting.role).where(RoleSetting.require_totp.is_(True))
    )
    return frozenset(rows)


def must_enrol(user: User) -> bool:
    """True when the user's role requires a second factor they have not enabled."""
    return (
        user.role in TOTP_ROLES
        and not user.totp_enabled
        and user.role in required_roles()
    )


def set_required(role: Role, required: bool) -> bool:
    """Record whether ``role`` requires a second factor; True when it changed."""
    setting = db.session.get(RoleSetting, role)
    if setting is None:
        setting = RoleSetting(role=role, require_totp=False)
        db.session.add(setting)
    changed = setting.require_totp != required
    setting.require_totp = required
    return changed
