"""Helpers for the donors tests: counting SQL statements, running code in parallel threads."""

import threading
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from campaign.extensions import db


@contextmanager
def counted_statements():
    """Count the SQL statements sent to the database inside the block."""
    counter = {"n": 0}

    def count(*_args, **_kwargs):
        counter["n"] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def in_parallel(app):
    """Run `work(i)` in `n` threads started together, each in its own app context and session.

    Returns what each call returned or raised, in thread order. The test's session is committed
    first, so the threads see the test's data; `work` must use ids, not the test's objects
    (they belong to the test's session, which is not thread-safe).
    """

    def run(n: int, work: Callable[[int], object]) -> list:
        db.session.commit()
        barrier = threading.Barrier(n)
        outcomes: list = [None] * n

        def thread_main(i: int) -> None:
            with app.app_context():
                try:
                    barrier.wait(timeout=30)
                    outcomes[i] = work(i)
                except Exception as error:  # the outcome under test, e.g. Conflict
                    outcomes[i] = error
                finally:
                    db.session.rollback()
                    db.session.remove()

        threads = [threading.Thread(target=thread_main, args=(i,)) for i in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        db.session.expire_all()
        return outcomes

    return run
