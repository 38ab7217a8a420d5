"""content version: one row bumped by every change the public pages show (page cache)

Revision ID: 9a1c0e5b7d21
Revises: 86876e0fa4f2
Create Date: 2026-12-03 09:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "9a1c0e5b7d21"
down_revision = "a10c0002outb"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "content_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_version")),
    )
    op.execute("INSERT INTO content_version (id, version) VALUES (1, 0)")


def downgrade():
    op.drop_table("content_version")
