"""Full-text search with an index on each database, Polish letters with and without diacritics.

- SQLite: an FTS5 table over `letters.wish` and `letters.needs` (external content: the text
  stays in `letters`, the index is kept by triggers), tokenizer `unicode61 remove_diacritics 2`.
  That tokenizer folds every Polish letter except `ł`, which has no decomposition in Unicode,
  so the triggers and the query both turn `ł`/`Ł` into `l` first.
- PostgreSQL: a GIN index on `to_tsvector('simple', kmp_unaccent(wish || ' ' || needs))`;
  `kmp_unaccent` is the `unaccent` extension wrapped as IMMUTABLE, as an index needs.

Every word of the query must be found, as a word or the start of one (`łyżw` finds `łyżwach`),
and `łyżwy` = `lyzwy` = `ŁYŻWY`. `search_condition(column, q)` gives the SQL condition on a
letters id column; `SEARCH_OBJECTS` names what this module creates outside the models, so the
migrations test can leave it out of its comparison. The DDL lives here, once, used by the
migration and by `create_all` (tests) alike.
"""

import re

from sqlalchemy import bindparam, event, false, text

MAX_TERMS = 8
SEARCH_OBJECTS = frozenset(
    {
        "letters_fts",
        "letters_fts_data",
        "letters_fts_idx",
        "letters_fts_docsize",
        "letters_fts_config",
        "letters_fts_content",
        "ix_letters_search",
    }
)
_WORD = re.compile(r"[^\W_]+")  # letters and digits: never a query operator of either engine


# Written out in full (no string building): `ł`/`Ł` folded to `l`/`L` before indexing.
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS letters_fts USING fts5(wish, needs, "
    "content='letters', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    """CREATE TRIGGER IF NOT EXISTS letters_fts_ai AFTER INSERT ON letters BEGIN
        INSERT INTO letters_fts (rowid, wish, needs) VALUES (new.id,
            replace(replace(new.wish, 'ł', 'l'), 'Ł', 'L'),
            replace(replace(new.needs, 'ł', 'l'), 'Ł', 'L'));
    END""",
    """CREATE TRIGGER IF NOT EXISTS letters_fts_ad AFTER DELETE ON letters BEGIN
        INSERT INTO letters_fts (letters_fts, rowid, wish, needs) VALUES ('delete', old.id,
            replace(replace(old.wish, 'ł', 'l'), 'Ł', 'L'),
            replace(replace(old.needs, 'ł', 'l'), 'Ł', 'L'));
    END""",
    """CREATE TRIGGER IF NOT EXISTS letters_fts_au AFTER UPDATE OF wish, needs ON letters BEGIN
        INSERT INTO letters_fts (letters_fts, rowid, wish, needs) VALUES ('delete', old.id,
            replace(replace(old.wish, 'ł', 'l'), 'Ł', 'L'),
            replace(replace(old.needs, 'ł', 'l'), 'Ł', 'L'));
        INSERT INTO letters_fts (rowid, wish, needs) VALUES (new.id,
            replace(replace(new.wish, 'ł', 'l'), 'Ł', 'L'),
            replace(replace(new.needs, 'ł', 'l'), 'Ł', 'L'));
    END""",
    """INSERT INTO letters_fts (rowid, wish, needs)
        SELECT id, replace(replace(wish, 'ł', 'l'), 'Ł', 'L'),
            replace(replace(needs, 'ł', 'l'), 'Ł', 'L') FROM letters""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS letters_fts_au",
    "DROP TRIGGER IF EXISTS letters_fts_ad",
    "DROP TRIGGER IF EXISTS letters_fts_ai",
    "DROP TABLE IF EXISTS letters_fts",
]

# The indexed expression; a query must repeat it exactly (qualified or not) to use the index.
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, "
    "kmp_unaccent(coalesce({t}wish, '') || ' ' || coalesce({t}needs, '')))"
)
POSTGRESQL_DDL = [
    # A trusted extension (PostgreSQL 13+): the database owner may create it. Always in public,
    # so the wrapper below finds it whatever the search_path.
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    """CREATE OR REPLACE FUNCTION kmp_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    "CREATE INDEX IF NOT EXISTS ix_letters_search ON letters USING gin ("
    + PG_DOCUMENT.format(t="")
    + ")",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS ix_letters_search",
    "DROP FUNCTION IF EXISTS kmp_unaccent(text)",
]


def create(connection) -> None:
    """Create the search index of the connection's database and fill it; once."""
    if (
        connection.dialect.name == "sqlite"
        and connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'letters_fts'"
        ).first()
    ):
        return
    for statement in _ddl(connection.dialect.name, create=True):
        connection.exec_driver_sql(statement)


def drop(connection) -> None:
    for statement in _ddl(connection.dialect.name, create=False):
        connection.exec_driver_sql(statement)


def _ddl(dialect: str, *, create: bool) -> list[str]:
    if dialect == "sqlite":
        return SQLITE_DDL if create else SQLITE_DROP
    if dialect == "postgresql":
        return POSTGRESQL_DDL if create else POSTGRESQL_DROP
    return []


def install(metadata) -> None:
    """Let `create_all`/`drop_all` (the tests' schema) build and remove the index as well."""

    @event.listens_for(metadata, "after_create")
    def _after_create(_target, connection, **_kw):
        create(connection)

    @event.listens_for(metadata, "before_drop")
    def _before_drop(_target, connection, **_kw):
        drop(connection)


def terms(query: str) -> list[str]:
    """The words of a visitor's query, `ł` folded as in the index; at most MAX_TERMS."""
    folded = query.replace("ł", "l").replace("Ł", "L")
    return _WORD.findall(folded)[:MAX_TERMS]


def search_condition(id_column, query: str, dialect: str):
    """SQL condition: the letter with this id has every word of `query` in its wish or needs."""
    words = terms(query)
    if not words:
        return false()
    if dialect == "sqlite":
        match = " ".join(f'"{word}"*' for word in words)
        return id_column.in_(
            text("SELECT rowid FROM letters_fts WHERE letters_fts MATCH :fts_query").bindparams(
                bindparam("fts_query", match)
            )
        )
    if dialect == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in words)
        document = PG_DOCUMENT.format(t="letters.")
        return text(
            f"{document} @@ to_tsquery('simple'::regconfig, kmp_unaccent(:ts_query))"
        ).bindparams(bindparam("ts_query", tsquery))
    raise NotImplementedError(f"no full-text search on {dialect}")
