"""Full-text search with an index on each database, Polish letters with and without diacritics.

Each index is described once, by a `FullTextIndex` (name, table, columns, whether the columns
hold text as typed or text already folded), and that description gives both engines' DDL and
the query:

- SQLite: an FTS5 table `<name>_fts` over the columns (external content: the text stays in the
  table, the index is kept by triggers `<name>_fts_ai/_ad/_au`), tokenizer
  `unicode61 remove_diacritics 2`, prefix indexes for word starts of 1 to PREFIX_LENGTH
  letters. That tokenizer folds every Polish letter except `ł`, which has no decomposition in
  Unicode, so for text as typed the triggers and the query both turn `ł`/`Ł` into `l` first.
- PostgreSQL: a GIN index `ix_<name>_search` on `to_tsvector('simple', <the columns joined>)`,
  wrapped in `kmp_unaccent` for text as typed; `kmp_unaccent` is the `unaccent` extension
  wrapped as IMMUTABLE, as an index needs.

The indexes:

- `LETTERS`: the catalogue, over `letters.wish` and `letters.needs` as typed.
- `NEWS`, `ANNOUNCEMENTS`, `PAGES`: the site search, over each table's `search_text`. That
  column already holds `fold(...)` of everything a visitor may search for (title, lead, body; a
  page's English text too), kept current by mapper events in campaign.office.search. Indexing
  it rather than the source columns keeps one column per table in the triggers and the index
  (a page has four sources, one of them only in English), needs no `unaccent` on those indexes,
  and makes the stored words and the query's words come from the same Python `fold`, so the
  two can never fold a letter differently. The price: a row written with raw SQL, past the
  mapper events, keeps its old `search_text` and so its old index entry — nothing in the app
  writes these tables that way.

Every word of the query must be found, as a word or the start of one (`łyżw` finds `łyżwach`),
and `łyżwy` = `lyzwy` = `ŁYŻWY`; a query word longer than PREFIX_LENGTH letters is found as the
start of that length (`konstrukcyjne` finds `konstrukcyjny`). A word inside another word is
not found (`zwy` does not find `łyżwy`): the site search matched any part of a word before it
used these indexes (LIKE '%word%'); it now behaves as the catalogue does.

`search_condition(id_column, q, dialect)` gives the SQL condition on the id column of an indexed
table: the one query function of both searches. On SQLite that condition is an `id IN (every
match)`, which costs as much as there are matches; `index_first(id_column, q)` reads the same
matches from the FTS5 index outward instead, newest first, so that a page of them stops after
one page (the catalogue's default order). `SEARCH_OBJECTS` names what this module creates
outside the models, so the migrations test can leave it out of its comparison. The DDL lives
here, once, used by the migrations and by `create_all` (tests) alike.
"""

import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import column, event, false, func, literal, literal_column, select, table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FromClause, Join

MAX_TERMS = 8
# FTS5 answers a prefix query (`"rozm"*`) by merging the entries of every word with that start
# into one list before it returns a first row: a cost as large as the matches, 3 ms for a word in
# each of 100,000 letters, paid by the count and again by the page. A prefix index of a length
# answers a prefix of exactly that length as it does a whole word: read lazily, newest first,
# stopped by the LIMIT (0.05 ms). So every length up to PREFIX_LENGTH is indexed, and a longer
# query word is matched by its first PREFIX_LENGTH letters, on both engines alike (`terms`).
# Twelve letters tell Polish words apart; the index is about seven times larger, a few
# megabytes at 100,000 letters.
PREFIX_LENGTH = 12
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: never a query operator of either engine


def fold(text: str) -> str:
    """`Łyżwy, ŻÓŁW!` -> `lyzwy zolw`: lower case, no diacritics, punctuation to spaces."""
    text = (text or "").replace("ł", "l").replace("Ł", "L").lower()
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return " ".join(re.findall(r"\w+", text))


@dataclass(frozen=True)
class FullTextIndex:
    name: str
    table: str
    columns: tuple[str, ...]
    # True: the columns hold `fold(...)` already, so nothing is folded again on the way in, and
    # the query is folded by `fold` too. False: text as typed, folded by the engines.
    folded: bool = False
    # The FTS5 prefix indexes (SQLite): word starts of these lengths, in letters.
    prefix_lengths: tuple[int, ...] = tuple(range(1, PREFIX_LENGTH + 1))

    def __post_init__(self):
        # The names go into DDL and queries as they are: plain identifiers only.
        for name in (self.name, self.table, *self.columns):
            if not _IDENTIFIER.fullmatch(name):
                raise ValueError(f"not a plain SQL identifier: {name!r}")

    @property
    def fts(self) -> str:
        return f"{self.name}_fts"

    @property
    def pg_index(self) -> str:
        return f"ix_{self.name}_search"

    @property
    def objects(self) -> frozenset[str]:
        shadows = ("data", "idx", "docsize", "config", "content")
        return frozenset({self.fts, self.pg_index, *(f"{self.fts}_{s}" for s in shadows)})

    def pg_document(self, qualifier: str = "") -> str:
        """The indexed expression; a query repeats it exactly (qualified or not) to use it."""
        prefix = f"{qualifier}." if qualifier else ""
        joined = " || ' ' || ".join(f"coalesce({prefix}{c}, '')" for c in self.columns)
        text = joined if self.folded else f"kmp_unaccent({joined})"
        return f"to_tsvector('simple'::regconfig, {text})"

    def _sqlite_values(self, row: str) -> str:
        """The columns of `row` (new, old or the table) as the FTS table gets them."""
        prefix = f"{row}." if row else ""
        if self.folded:
            return ", ".join(f"{prefix}{c}" for c in self.columns)
        return ", ".join(f"replace(replace({prefix}{c}, 'ł', 'l'), 'Ł', 'L')" for c in self.columns)

    # Identifiers checked in __post_init__; no value of anyone's goes into this DDL.
    def sqlite_ddl(self) -> list[str]:
        fts, cols = self.fts, ", ".join(self.columns)
        insert_new = (
            f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.id, {self._sqlite_values('new')});"  # noqa: S608
        )
        delete_old = (
            f"INSERT INTO {fts} ({fts}, rowid, {cols}) "  # noqa: S608
            f"VALUES ('delete', old.id, {self._sqlite_values('old')});"
        )
        prefix = " ".join(str(length) for length in self.prefix_lengths)
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, "
            f"content='{self.table}', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2'"
            + (f", prefix='{prefix}')" if prefix else ")"),
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {self.table} BEGIN "
            f"{insert_new} END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {self.table} BEGIN "
            f"{delete_old} END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {self.table} "
            f"BEGIN {delete_old} {insert_new} END",
            f"INSERT INTO {fts} (rowid, {cols}) "  # noqa: S608
            f"SELECT id, {self._sqlite_values('')} FROM {self.table}",
        ]

    def sqlite_drop(self) -> list[str]:
        return [
            f"DROP TRIGGER IF EXISTS {self.fts}_au",
            f"DROP TRIGGER IF EXISTS {self.fts}_ad",
            f"DROP TRIGGER IF EXISTS {self.fts}_ai",
            f"DROP TABLE IF EXISTS {self.fts}",
        ]

    def postgresql_ddl(self) -> list[str]:
        setup = [] if self.folded else POSTGRESQL_UNACCENT
        return [
            *setup,
            f"CREATE INDEX IF NOT EXISTS {self.pg_index} ON {self.table} "
            f"USING gin ({self.pg_document()})",
        ]

    def postgresql_drop(self) -> list[str]:
        return [f"DROP INDEX IF EXISTS {self.pg_index}"]


POSTGRESQL_UNACCENT = [
    # A trusted extension (PostgreSQL 13+): the database owner may create it. Always in public,
    # so the wrapper below finds it whatever the search_path.
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    """CREATE OR REPLACE FUNCTION kmp_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
]

LETTERS = FullTextIndex("letters", "letters", ("wish", "needs"))
NEWS = FullTextIndex("news_articles", "news_articles", ("search_text",), folded=True)
ANNOUNCEMENTS = FullTextIndex("announcements", "announcements", ("search_text",), folded=True)
PAGES = FullTextIndex("office_pages", "office_pages", ("search_text",), folded=True)
OFFICE_INDEXES = (NEWS, ANNOUNCEMENTS, PAGES)
INDEXES = (LETTERS, *OFFICE_INDEXES)
_BY_TABLE = {index.table: index for index in INDEXES}
SEARCH_OBJECTS = frozenset().union(*(index.objects for index in INDEXES))


def create(connection, *indexes: FullTextIndex) -> None:
    """Create these search indexes of the connection's database and fill them; each once."""
    dialect = connection.dialect.name
    for index in indexes:
        if dialect == "sqlite":
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = ?", (index.fts,)
            ).first()
            if not exists:
                _run(connection, index.sqlite_ddl())
        elif dialect == "postgresql":
            _run(connection, index.postgresql_ddl())


def drop(connection, *indexes: FullTextIndex) -> None:
    dialect = connection.dialect.name
    for index in indexes:
        if dialect == "sqlite":
            _run(connection, index.sqlite_drop())
        elif dialect == "postgresql":
            _run(connection, index.postgresql_drop())
    as_typed = {index for index in INDEXES if not index.folded}
    if dialect == "postgresql" and as_typed and as_typed <= set(indexes):
        # The last index that needs the wrapper is gone; the extension may serve others.
        _run(connection, ["DROP FUNCTION IF EXISTS kmp_unaccent(text)"])


def _run(connection, statements: list[str]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)


def install(metadata) -> None:
    """Let `create_all`/`drop_all` (the tests' schema) build and remove every index as well."""

    @event.listens_for(metadata, "after_create")
    def _after_create(_target, connection, **_kw):
        create(connection, *INDEXES)

    @event.listens_for(metadata, "before_drop")
    def _before_drop(_target, connection, **_kw):
        drop(connection, *INDEXES)


# PostgreSQL's GIN index reads every entry of a query's words into a bitmap before it returns a
# first row, LIMIT or not: 7-9 ms for a word in each of 100,000 letters. Under
# gin_fuzzy_search_limit it keeps a random sample of about that many entries of each word
# instead (2 ms): enough to tell that a search has more matches than a count shows, never to
# list them (two common words sampled apart can miss the few letters that have both).
GIN_SAMPLE = 2000


@contextmanager
def gin_sample(session, size: int | None = None):
    """PostgreSQL: GIN index scans in the block return a sample of about `size` entries of each
    word (see GIN_SAMPLE). Set for the transaction and reset after the block; a block that
    raises leaves it to the rollback, which ends it too (and would refuse another statement)."""
    size = size or GIN_SAMPLE
    session.execute(select(func.set_config("gin_fuzzy_search_limit", str(size), True)))
    yield
    session.execute(select(func.set_config("gin_fuzzy_search_limit", "0", True)))


def terms(query: str, *, folded: bool = False) -> list[str]:
    """The words of a visitor's query, folded as the index's text is; at most MAX_TERMS, each
    cut to its first PREFIX_LENGTH letters (the longest word start the index holds)."""
    text = fold(query) if folded else query.replace("ł", "l").replace("Ł", "L")
    return [word[:PREFIX_LENGTH] for word in words(text)[:MAX_TERMS]]


def words(text: str) -> list[str]:
    """The runs of letters and digits of a text: how a query is cut into words."""
    return _WORD.findall(text)


def index_of(id_column) -> FullTextIndex:
    return _BY_TABLE[_table_of(id_column).name]


def _table_of(id_column):
    clause = (
        id_column.__clause_element__() if hasattr(id_column, "__clause_element__") else id_column
    )
    return clause.table


def search_condition(id_column, query: str, dialect: str):
    """SQL condition: the row with this id (of an indexed table) has every word of `query`, each
    as a word or the start of one, in its indexed columns."""
    index = index_of(id_column)
    asked = terms(query, folded=index.folded)
    if not asked:
        return false()
    if dialect == "sqlite":
        fts = table(index.fts, column("rowid"))
        return id_column.in_(select(fts.c.rowid).where(_fts_match(index, asked)))
    if dialect == "postgresql":
        words_query = literal(" & ".join(f"{word}:*" for word in asked))
        if not index.folded:
            words_query = func.kmp_unaccent(words_query)
        tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), words_query)
        document = literal_column(index.pg_document(_table_of(id_column).name))
        return document.bool_op("@@")(tsquery)
    raise NotImplementedError(f"no full-text search on {dialect}")


def _fts_match(index: FullTextIndex, asked: list[str]):
    """`<fts> MATCH '"word"* "word"*'`: every word, each as a word or the start of one; each
    word quoted, so nothing a visitor types is read as FTS5 syntax."""
    match = " ".join(f'"{word}"*' for word in asked)
    return literal_column(index.fts).op("MATCH")(literal(match))


@dataclass(frozen=True)
class IndexFirst:
    """A SQLite search read from its FTS5 index outward: select from `source`, add `match` to the
    WHERE, and order and seek by `rowid` (equal to the table's id) so that FTS5 itself walks its
    matches in that order and the LIMIT stops the walk after one page."""

    source: FromClause
    match: ColumnElement
    rowid: ColumnElement


def index_first(id_column, query: str) -> IndexFirst | None:
    """The search for `query` on SQLite as an `IndexFirst`; None when the query has no words.

    `id IN (SELECT rowid ... MATCH)` makes SQLite collect every match before the first row of a
    page: at 100,000 letters a common word (a fifth of them) doubled the catalogue's time. Read
    from the index, newest first, a page reads its 25 rows and what the other conditions turn
    away. The FTS table must be the outer loop: with a plain JOIN the planner may prefer an
    index of the table and probe the FTS table once per row, which took seconds on a filtered
    search; `CROSS JOIN` is SQLite's documented way to fix the order of a join.
    """
    index = index_of(id_column)
    asked = terms(query, folded=index.folded)
    if not asked:
        return None
    fts = table(index.fts, column("rowid"))
    source = _OuterFirstJoin(fts, _table_of(id_column), id_column == fts.c.rowid)
    return IndexFirst(source=source, match=_fts_match(index, asked), rowid=fts.c.rowid)


class _OuterFirstJoin(Join):
    """An inner join whose left table SQLite must read first (rendered `CROSS JOIN ... ON`)."""

    inherit_cache = True


@compiles(_OuterFirstJoin, "sqlite")
def _cross_join(join, compiler, **kw):
    # The join as SQLAlchemy renders it, its first ` JOIN ` made a CROSS JOIN: the left side is
    # always the FTS table, a bare name, so the first ` JOIN ` is this join's own.
    rendered = compiler.visit_join(join, **kw)
    head = f"{join.left.name} JOIN "
    if not rendered.startswith(head):
        raise AssertionError(f"unexpected join: {rendered}")
    return f"{join.left.name} CROSS JOIN {rendered[len(head) :]}"
