"""users.session_version: server-side revocation of sessions and remember-me cookies

Revision ID: a10c0001sess
Revises: 86876e0fa4f2
Create Date: 2026-12-03 09:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a10c0001sess"
down_revision = "c13a0e7d5b21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("session_version")
