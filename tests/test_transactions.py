"""Readers never wait for writers: GET requests read in deferred transactions, writers lock."""

import threading
import time

import pytest
from sqlalchemy import text

from campaign.core.transactions import WriteInReadTransaction, writing
from campaign.extensions import db


@pytest.fixture
def sqlite_only(backend):
    if backend != "sqlite":
        pytest.skip("the write lock is SQLite's; PostgreSQL readers never take it")


def _hold_write_lock(app, letter_id: int, locked: threading.Event, release: threading.Event):
    """A writer outside any request: it begins IMMEDIATE and keeps the lock until released."""
    with app.app_context():
        db.session.execute(
            text("UPDATE letters SET wish = 'zmienione' WHERE id = :id"), {"id": letter_id}
        )
        locked.set()
        release.wait(timeout=30)
        db.session.rollback()
        db.session.remove()


def test_catalogue_is_served_while_a_writer_holds_the_write_lock(
    sqlite_only, app, client, make_letter
):
    letter = make_letter(wish="Marzę o łyżwach.")
    letter_id, code = letter.id, letter.code
    db.session.commit()  # the test's own session (outside a request) would hold the lock
    locked, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=_hold_write_lock, args=(app, letter_id, locked, release))
    writer.start()
    try:
        assert locked.wait(timeout=10)
        started = time.monotonic()
        response = client.get(f"/listy/{code}")
        elapsed = time.monotonic() - started
    finally:
        release.set()
        writer.join(timeout=30)

    assert response.status_code == 200
    assert "Marzę o łyżwach." in response.get_data(as_text=True)  # the last committed state
    assert elapsed < 5  # busy_timeout is 15 s: a reader waiting for the lock would take that


def test_a_second_writer_waits_for_the_first(sqlite_only, app, make_letter):
    letter_id = make_letter().id
    db.session.commit()
    locked, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=_hold_write_lock, args=(app, letter_id, locked, release))
    writer.start()
    assert locked.wait(timeout=10)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    db.session.execute(text("UPDATE letters SET needs = 'x' WHERE id = :id"), {"id": letter_id})
    waited = time.monotonic() - started
    db.session.rollback()
    writer.join(timeout=30)

    assert waited >= 0.4  # BEGIN IMMEDIATE queued behind the first writer


def test_a_write_in_a_get_request_is_refused_unless_declared(sqlite_only, app, make_letter):
    letter = make_letter()
    db.session.commit()
    statement = text("UPDATE letters SET needs = 'x' WHERE id = :id")
    with app.test_request_context("/listy"):
        db.session.execute(text("SELECT 1"))
        with pytest.raises(WriteInReadTransaction):
            db.session.execute(statement, {"id": letter.id})
        db.session.rollback()
        db.session.execute(text("SELECT 1"))  # a read transaction is open again
        with writing():
            db.session.execute(statement, {"id": letter.id})
            db.session.commit()

    db.session.expire_all()
    assert letter.needs == "x"


def test_an_autocommit_connection_gets_no_transaction_that_is_rolled_back(
    backend, app, make_letter
):
    # SQLite's BEGIN is issued by the app (campaign/core/transactions.py); on a connection asked
    # for AUTOCOMMIT it must not be, or the work done there is silently rolled back (an ANALYZE
    # of the bench was, for as long as it ran).
    if backend != "sqlite":
        pytest.skip("only SQLite's BEGIN is the app's; psycopg's autocommit is its own")
    letter = make_letter(needs="przed")
    db.session.commit()
    autocommit = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    # In a GET, where a read transaction would refuse the write.
    with app.test_request_context("/listy"), autocommit as connection:
        connection.execute(
            text("UPDATE letters SET needs = 'po' WHERE id = :id"), {"id": letter.id}
        )
        connection.exec_driver_sql("ANALYZE")
    with db.engine.connect() as connection:
        assert (
            connection.scalar(text("SELECT needs FROM letters WHERE id = :id"), {"id": letter.id})
            == "po"
        )
        assert connection.scalar(text("SELECT count(*) FROM sqlite_stat1")) > 0
        connection.exec_driver_sql("DROP TABLE sqlite_stat1")  # other tests' plans: no statistics
        connection.commit()
