"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from campaign import create_app
from campaign.config import TestConfig
from campaign.core import fulltext
from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.office.search import matches


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with no tables: a new SQLite file, or a fresh schema on PostgreSQL."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
        conn.execute(text("CREATE SCHEMA migration_check"))
    yield (
        database_url
        + ("&" if "?" in database_url else "?")
        + ("options=-csearch_path%3Dmigration_check")
    )
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
    engine.dispose()


def test_migrations_match_the_models(empty_database_url):
    with _app_on(empty_database_url).app_context():
        upgrade()
        with db.engine.connect() as conn:
            # The search index is engine-specific DDL (an FTS5 table, an expression index) that
            # no model describes; tests/donors/test_catalogue_scale.py and
            # tests/office/test_search_index.py prove they are there and work.
            opts = {
                "compare_type": True,
                "include_name": lambda name, *_: name not in fulltext.SEARCH_OBJECTS,
            }
            context = MigrationContext.configure(conn, opts=opts)
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(revision="base")
        db.engine.dispose()


def _search_objects(conn) -> set[str]:
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name FROM sqlite_master"))
    else:
        rows = conn.execute(
            text("SELECT indexname FROM pg_indexes WHERE schemaname = 'migration_check'")
        )
    return {name for (name,) in rows} & fulltext.SEARCH_OBJECTS


def _app_on(url: str):
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    return create_app({**config, "SQLALCHEMY_DATABASE_URI": url})


def _add_news(search_text: str) -> int:
    """A published article written with SQL as the schema of an older revision has it."""
    db.session.execute(
        text(
            "INSERT INTO news_articles (title, slug, lead, body_markdown, body_html, "
            "published_at, created_at, updated_at, search_text) VALUES ('Łyżwy', 'lyzwy', "
            "'', '', '', :at, :at, :at, :search_text)"
        ),
        {"at": utcnow() - timedelta(hours=1), "search_text": search_text},
    )
    db.session.commit()
    return db.session.scalar(text("SELECT id FROM news_articles"))


def test_the_site_search_migration_indexes_existing_rows_and_downgrades_cleanly(
    empty_database_url,
):
    with _app_on(empty_database_url).app_context():
        upgrade(revision="d9f3a1c4e8b2")
        news_id = _add_news("lyzwy dla dzieci")
        before = _search_objects(db.session.connection())
        db.session.commit()
        assert before and before <= fulltext.LETTERS.objects  # the catalogue's index only

        upgrade()
        assert db.session.scalars(matches(["dzie"])).all() == [f"news:{news_id}"]
        after = _search_objects(db.session.connection())
        db.session.commit()
        for index in fulltext.OFFICE_INDEXES:
            assert (index.fts if db.engine.dialect.name == "sqlite" else index.pg_index) in after

        downgrade(revision="d9f3a1c4e8b2")
        assert _search_objects(db.session.connection()) == before
        db.session.commit()
        downgrade(revision="base")
        db.engine.dispose()


def _fts_definitions(conn) -> dict[str, str]:
    rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE sql LIKE '%fts5(%'"))
    return dict(rows.all())


def test_the_prefix_index_migration_rebuilds_the_search_tables_with_their_rows(
    empty_database_url,
):
    with _app_on(empty_database_url).app_context():
        upgrade(revision="c3a1f12e0b77")
        news_id = _add_news("lyzwy dla dzieci konstrukcyjne")
        sqlite = db.engine.dialect.name == "sqlite"
        before = _fts_definitions(db.session.connection()) if sqlite else {}
        db.session.commit()
        assert not any("prefix=" in sql for sql in before.values())

        upgrade()
        found = db.session.scalars(matches(["dzie", "konstrukcyjny"])).all()
        assert found == [f"news:{news_id}"]  # the row was indexed again; a long word by its start
        if sqlite:
            after = _fts_definitions(db.session.connection())
            assert set(after) == set(before)
            assert all("prefix='1 2 3 4 5 6 7 8 9 10 11 12'" in sql for sql in after.values())
        db.session.commit()

        downgrade(revision="c3a1f12e0b77")
        if sqlite:
            assert _fts_definitions(db.session.connection()) == before
        assert db.session.scalars(matches(["dzie"])).all() == [f"news:{news_id}"]
        db.session.commit()
        downgrade(revision="base")
        db.engine.dispose()
