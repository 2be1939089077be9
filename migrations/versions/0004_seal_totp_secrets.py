"""seal totp secrets: encrypt second-factor secrets at rest

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 08:38:02

"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

from matchmaker.models.sealed import seal, unseal

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id"), sa.column("totp_secret"))


def _rewrite(transform) -> None:
    """Apply ``transform`` to every stored secret with the running app's key."""
    bind = op.get_bind()
    key = current_app.config["SECRET_KEY"]
    rows = bind.execute(
        sa.select(users.c.id, users.c.totp_secret).where(
            users.c.totp_secret.is_not(None)
        )
    ).all()
    for user_id, value in rows:
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(totp_secret=transform(value, key))
        )


def upgrade():
    # Sealed values are longer than the 32-character base32 secrets they hold.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.VARCHAR(length=64),
            type_=sa.String(length=255),
            existing_nullable=True,
        )
    _rewrite(seal)


def downgrade():
    _rewrite(unseal)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=255),
            type_=sa.VARCHAR(length=64),
            existing_nullable=True,
        )
