"""prefix indexes in the SQLite full-text tables: a word's start read as lazily as a word

Revision ID: e5b8c2d4f6a1
Revises: c3a1f12e0b77
Create Date: 2026-12-04 03:40:00

FTS5 takes its options only when a table is created: each FTS5 table is dropped and created
again with `prefix='1 2 ... 12'` (campaign/core/fulltext.py, PREFIX_LENGTH), then refilled from
its table. PostgreSQL's GIN indexes answer prefixes as they are and are left alone.
"""

from dataclasses import replace

from alembic import op

from campaign.core import fulltext

revision = "e5b8c2d4f6a1"
down_revision = "c3a1f12e0b77"
branch_labels = None
depends_on = None


def _recreate(indexes) -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    for index in indexes:
        fulltext.drop(connection, index)
        fulltext.create(connection, index)


def upgrade():
    _recreate(fulltext.INDEXES)


def downgrade():
    _recreate([replace(index, prefix_lengths=()) for index in fulltext.INDEXES])
