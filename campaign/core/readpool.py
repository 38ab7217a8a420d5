"""A small autocommit pool, per process and app, for the reads that open a request.

Through the app's pool a single read costs a pre-ping, BEGIN, the SELECT and a ROLLBACK: four
round trips for one answer. The reads a request makes before it does anything else (the page
cache's content version, a signed-in person's own row) need none of that: one statement in
autocommit sees the latest commit, and nothing is left to roll back. So they go through this
pool, whose connections are in autocommit and not pinged: a broken one fails its read, the pool
drops it, and the caller falls back to the app's own session for that one request.

The engine is made after the fork (one per worker process), kept on the app (tests make many
apps, each with its own database) and disposed with the app's engine. A private in-memory SQLite
database is seen only by its own pool, so there the app's engine is used as it is.
"""

import os
import threading

from flask import current_app
from sqlalchemy import create_engine, event

from campaign.extensions import db

_lock = threading.Lock()
_KEY = "kmp_read_engine"


def read_engine():
    """The current app's autocommit engine of this process."""
    made = current_app.extensions.get(_KEY)
    if made is not None and made[0] == os.getpid():
        return made[1]
    with _lock:
        made = current_app.extensions.get(_KEY)
        if made is not None and made[0] == os.getpid():
            return made[1]
        app_engine = db.engine
        url = app_engine.url
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            engine = app_engine
        else:
            engine = create_engine(
                url,
                isolation_level="AUTOCOMMIT",
                pool_size=4,
                max_overflow=16,
                pool_timeout=2,
            )
            event.listen(app_engine, "engine_disposed", lambda _e: engine.dispose())
        current_app.extensions[_KEY] = (os.getpid(), engine)
        return engine
