"""catalogue at scale: counters kept by triggers, full-text index, an index for age sorts

Revision ID: b7e4d2f90c13
Revises: 9a1c0e5b7d21
Create Date: 2026-12-03 09:45:00

The trigger and index DDL is shared with create_all (the tests' schema) and lives beside the code
that queries it: campaign/donors/counts.py and campaign/core/fulltext.py.
"""

from dataclasses import replace

import sqlalchemy as sa
from alembic import op

from campaign.core import fulltext
from campaign.donors import counts

revision = "b7e4d2f90c13"
down_revision = "9a1c0e5b7d21"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "catalogue_counts",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("letters", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "campaign_id", "center_id", "gender", "age", name=op.f("pk_catalogue_counts")
        ),
    )
    with op.batch_alter_table("letters") as batch_op:
        batch_op.create_index(
            "ix_letters_campaign_status_age_id", ["campaign_id", "status", "age", "id"]
        )
    connection = op.get_bind()
    connection.exec_driver_sql(counts.BACKFILL)
    counts.create_triggers(connection)
    # As it was made at this revision: the prefix indexes came with e5b8c2d4f6a1.
    fulltext.create(connection, replace(fulltext.LETTERS, prefix_lengths=()))


def downgrade():
    connection = op.get_bind()
    fulltext.drop(connection, fulltext.LETTERS)
    counts.drop_triggers(connection)
    with op.batch_alter_table("letters") as batch_op:
        batch_op.drop_index("ix_letters_campaign_status_age_id")
    op.drop_table("catalogue_counts")
