"""an index for a centre's catalogue page: (center, status, id) instead of (center, status)

Revision ID: d9f3a1c4e8b2
Revises: b7e4d2f90c13
Create Date: 2026-12-03 12:20:00

A catalogue filtered by a drop-off point pages newest first; with the id in the index both
databases walk it backwards and stop after one page, where (center_id, status) made them fetch
and sort every available letter of the centre. The new index serves every query the old one did.
"""

from alembic import op

revision = "d9f3a1c4e8b2"
down_revision = "b7e4d2f90c13"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("letters") as batch_op:
        batch_op.create_index("ix_letters_center_status_id", ["center_id", "status", "id"])
        batch_op.drop_index("ix_letters_center_status")


def downgrade():
    with op.batch_alter_table("letters") as batch_op:
        batch_op.create_index("ix_letters_center_status", ["center_id", "status"])
        batch_op.drop_index("ix_letters_center_status_id")
