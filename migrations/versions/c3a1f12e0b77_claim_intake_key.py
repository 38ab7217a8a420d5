"""claims.intake_key: the idempotency key of the intake that took the parcel in

Revision ID: c3a1f12e0b77
Revises: 86876e0fa4f2
Create Date: 2026-12-03 09:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c3a1f12e0b77"
down_revision = "d13f5a0c7e42"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("intake_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_claims_intake_key"), ["intake_key"])


def downgrade():
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_claims_intake_key"), type_="unique")
        batch_op.drop_column("intake_key")
