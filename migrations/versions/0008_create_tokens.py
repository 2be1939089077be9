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
# unique index admits any number of NULLs on both SQLite and PostgreSQL.
#
# A unique *index*, not a table constraint: on SQLite a new constraint means copying
# the table, and dropping the old ``needs`` (or ``offers``) fails while pairings,
# suggestions and interests point at its rows. Adding a column and an index alters
# the table in place on both databases, whatever it holds.
TABLES = ('needs', 'offers')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('create_token', sa.String(length=43), nullable=True)
            )
            batch_op.create_index(
                batch_op.f(f'ix_{table}_create_token'), ['create_token'], unique=True
            )


def downgrade():
    # Not in a batch: SQLite (3.35 and later) drops a column in place once its index
    # is gone, where a batch would copy the table and meet the same foreign keys.
    for table in reversed(TABLES):
        op.drop_index(op.f(f'ix_{table}_create_token'), table_name=table)
        op.drop_column(table, 'create_token')
