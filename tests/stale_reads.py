"""Stale reads on both databases: an object as a page loaded it a moment ago, and another
person's change committed meanwhile on another connection.

On PostgreSQL a request's transaction may simply stay open while others commit. On SQLite every
transaction begins IMMEDIATE and holds the write lock, so the other person could not commit
while the test's transaction is open: `as_read_before` ends the transaction but keeps the
objects' loaded values (no expiry on that one commit), so the service is handed exactly what a
stale page held, and its compare-and-set UPDATE is the only thing that can notice. The session
keeps those objects in its identity map, so even a later SELECT of the same rows inside the
service returns them with their old values, as a cached read would.
"""

from collections.abc import Callable

from campaign.extensions import db


def as_read_before(*objects) -> None:
    """End the test's transaction, keeping `objects` (and whatever they loaded) as they are."""
    for obj in objects:
        assert obj in db.session  # the same session the service will use
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def meanwhile(app, work: Callable[[], object]) -> object:
    """`work()` as another person's request: its own app context, session and connection,
    committed before the test's service call begins."""
    with app.app_context():
        try:
            return work()
        finally:
            db.session.remove()


def committed(query):
    """What the database holds now, read on a fresh connection, not from the test's session."""
    db.session.rollback()
    with db.engine.connect() as connection:
        return connection.execute(query).all()
