"""Read and write transactions: readers never queue behind writers.

SQLite allows one writer at a time. A transaction that begins with `BEGIN IMMEDIATE` takes the
write lock up front, so it can read and then write without ever failing with "database is locked";
but a reader that takes it makes every other visitor wait. So the mode of a transaction follows
what it is for:

- a request with a safe method (GET, HEAD, OPTIONS) reads: its transactions begin DEFERRED, take
  no lock and run beside the writer (WAL);
- everything else (POST and friends, CLI commands, background work) begins IMMEDIATE, as before;
- code that writes during a safe request declares it with `writing()` (context manager or
  decorator): the read transaction ends and the next one begins IMMEDIATE.

A write statement inside a deferred transaction is refused outright: on a busy database it would
fail at random ("database is locked" when the deferred reader upgrades), and refusing it always
makes a forgotten `writing()` show up in the first test that takes that path.

PostgreSQL needs none of this (readers never wait for writers there, and writers lock rows, not
the database): only SQLite's BEGIN changes.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from flask import has_request_context, request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_writing: ContextVar[bool] = ContextVar("kmp_writing", default=False)


class WriteInReadTransaction(RuntimeError):
    """A write was attempted in a deferred (read) transaction; wrap the service in `writing()`."""


def wants_write_lock() -> bool:
    """Whether a transaction beginning now must take SQLite's write lock (BEGIN IMMEDIATE)."""
    if _writing.get():
        return True
    return not (has_request_context() and request.method in SAFE_METHODS)


@contextmanager
def writing() -> Iterator[None]:
    """Run the block in a write transaction, even inside a GET request.

    A read transaction already open in the session is closed first (it wrote nothing), so the
    block starts a fresh transaction under the write lock and reads current rows.
    """
    from campaign.extensions import db

    if _writing.get():
        yield
        return
    session = db.session()
    connection = _sqlite_connection(session)
    if connection is not None and not connection.info.get("kmp_immediate", True):
        session.rollback()
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def writes(fn):
    """Decorator form of `writing()` for a service function that writes."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        with writing():
            return fn(*args, **kwargs)

    return wrapper


def _sqlite_connection(session):
    """The session's open SQLite connection, or None (no transaction yet, or not SQLite)."""
    transaction = session.get_transaction()
    if transaction is None:
        return None
    for connection in {c for c, *_ in transaction._connections.values()}:
        if connection.dialect.name == "sqlite":
            return connection
    return None


def install(engine) -> None:
    """Begin SQLite transactions in the mode `wants_write_lock` says; refuse writes in reads."""
    from sqlalchemy import event

    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            # Asked for no transaction (each statement commits itself): a BEGIN here would
            # open one that nothing ever commits, and the work would be rolled back unseen.
            connection.info["kmp_immediate"] = True  # nothing to guard: no read snapshot
            return
        immediate = wants_write_lock()
        connection.info["kmp_immediate"] = immediate
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN DEFERRED")

    @event.listens_for(engine, "before_cursor_execute")
    def _refuse_write_in_read(connection, _cursor, statement, *_args):
        if connection.info.get("kmp_immediate", True) or not connection.in_transaction():
            return
        if statement.lstrip()[:7].upper().startswith(WRITE_VERBS):
            raise WriteInReadTransaction(
                "a write in a read transaction (a GET request): wrap the service in writing()"
            )
