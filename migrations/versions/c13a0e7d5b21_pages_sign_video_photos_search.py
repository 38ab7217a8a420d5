"""easy-to-read and sign-language pages, the sign-language recording, news photos, search text

Revision ID: c13a0e7d5b21
Revises: 86876e0fa4f2
Create Date: 2026-12-03 09:30:00

"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "c13a0e7d5b21"
down_revision = "86876e0fa4f2"
branch_labels = None
depends_on = None

# Frozen copy of campaign.office.search.fold at the time of this migration.
POLISH = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def _fold(text):
    text = unicodedata.normalize("NFKD", (text or "").translate(POLISH).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def upgrade():
    op.create_table(
        "office_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_markdown", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("body_en_markdown", sa.Text(), nullable=False),
        sa.Column("body_en_html", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_office_pages_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_pages")),
        sa.UniqueConstraint("key", name=op.f("uq_office_pages_key")),
    )
    op.create_table(
        "sign_language_videos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("video_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("captions_name", sa.String(length=80), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_sign_language_videos_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_language_videos")),
    )
    op.create_table(
        "news_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.Column("shows_child", sa.Boolean(), nullable=False),
        sa.Column("fallback_format", sa.String(length=4), nullable=False),
        sa.Column("widths", sa.String(length=60), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["news_articles.id"], name=op.f("fk_news_photos_article_id_news_articles")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_news_photos_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news_photos")),
        sa.UniqueConstraint("token", name=op.f("uq_news_photos_token")),
    )
    with op.batch_alter_table("news_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_news_photos_article_id"), ["article_id"], unique=False
        )
    for table in ("news_articles", "announcements"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("search_text", sa.Text(), nullable=False, server_default="")
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("search_text", server_default=None)
    _fill_search_text()


def _fill_search_text():
    conn = op.get_bind()
    sources = {
        "news_articles": ("title", "lead", "body_markdown"),
        "announcements": ("title", "body"),
    }
    for table, columns in sources.items():
        rows = conn.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).all()
        for row in rows:
            folded = _fold(" ".join(value or "" for value in row[1:]))
            conn.execute(
                sa.text(f"UPDATE {table} SET search_text = :text WHERE id = :id"),
                {"text": folded, "id": row[0]},
            )


def downgrade():
    for table in ("announcements", "news_articles"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("search_text")
    with op.batch_alter_table("news_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_news_photos_article_id"))
    op.drop_table("news_photos")
    op.drop_table("sign_language_videos")
    op.drop_table("office_pages")
