"""site search on the full-text engine: an index over search_text of news, announcements, pages

Revision ID: d13f5a0c7e42
Revises: d9f3a1c4e8b2
Create Date: 2026-12-03 12:45:00

SQLite: an FTS5 table per table, kept by triggers; PostgreSQL: a GIN index per table. The DDL is
shared with create_all (the tests' schema) and lives beside the query: campaign/core/fulltext.py.
Filled from `search_text`, which every row has since c13a0e7d5b21.
"""

from dataclasses import replace

from alembic import op

from campaign.core import fulltext

revision = "d13f5a0c7e42"
down_revision = "d9f3a1c4e8b2"
branch_labels = None
depends_on = None


def upgrade():
    # As they were made at this revision: the prefix indexes came with e5b8c2d4f6a1.
    unprefixed = [replace(index, prefix_lengths=()) for index in fulltext.OFFICE_INDEXES]
    fulltext.create(op.get_bind(), *unprefixed)


def downgrade():
    fulltext.drop(op.get_bind(), *fulltext.OFFICE_INDEXES)
