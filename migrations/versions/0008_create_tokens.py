"""create tokens: a need or offer form sent twice saves one listing

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 20:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# Nullable: listings made before tokens (and by the command line) have none, and a
# unique constraint admits any number of NULLs on both SQLite and PostgreSQL.
TABLES = ('needs', 'offers')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('create_token', sa.String(length=43), nullable=True)
            )
            batch_op.create_unique_constraint(
                batch_op.f(f'uq_{table}_create_token'), ['create_token']
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f'uq_{table}_create_token'), type_='unique'
            )
            batch_op.drop_column('create_token')
