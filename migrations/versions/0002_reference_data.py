"""reference data: sub-regions, countries, categories, support types

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 08:10:00

"""

import sqlalchemy as sa
from alembic import op

from matchmaker.reference_data import ensure_reference_data

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    # Inserts only what is missing, so later revisions can call it again.
    ensure_reference_data(op.get_bind())


def downgrade():
    for table in ("category_relations", "categories", "support_types", "countries"):
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.execute(sa.text("DELETE FROM sub_regions"))
