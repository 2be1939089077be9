"""unmet needs of a match run: keep the ids the run left unmet

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 09:03:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    # Earlier runs did not keep them: they read as an empty list.
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unmet_need_ids", sa.JSON(), server_default="[]", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.drop_column("unmet_need_ids")
