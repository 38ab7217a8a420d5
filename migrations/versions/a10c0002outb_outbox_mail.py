"""outbox_mail: every e-mail queued in the transaction that causes it, delivered by a sender

Revision ID: a10c0002outb
Revises: a10c0001sess
Create Date: 2026-12-03 09:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a10c0002outb"
down_revision = "a10c0001sess"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_mail")),
    )
    op.create_index("ix_outbox_mail_due", "outbox_mail", ["status", "next_attempt_at"])


def downgrade():
    op.drop_index("ix_outbox_mail_due", table_name="outbox_mail")
    op.drop_table("outbox_mail")
