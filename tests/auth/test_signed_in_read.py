"""A signed-in person's page read takes their row and the content version in one statement of
the autocommit read pool (campaign.auth.queries.signed_in_user); a write loads them in its own
transaction; the session checks hold either way."""

import os
import re
from contextlib import contextmanager

from sqlalchemy import create_engine, event

from campaign.auth.models import Role, User
from campaign.core.readpool import read_engine
from campaign.extensions import db
from tests.conftest import login


@contextmanager
def traffic(app):
    """What each engine was asked during the block: statements sent and connections taken."""
    seen = {"app": [], "pool": [], "app_checkouts": 0}
    with app.app_context():
        app_engine, pool_engine = db.engine, read_engine()

    def on_app(_conn, _cursor, statement, *_args):
        seen["app"].append(statement)

    def on_pool(_conn, _cursor, statement, *_args):
        seen["pool"].append(statement)

    def checkout(*_args):
        seen["app_checkouts"] += 1

    event.listen(app_engine, "before_cursor_execute", on_app)
    event.listen(pool_engine, "before_cursor_execute", on_pool)
    event.listen(app_engine.pool, "checkout", checkout)
    try:
        yield seen
    finally:
        event.remove(app_engine, "before_cursor_execute", on_app)
        event.remove(pool_engine, "before_cursor_execute", on_pool)
        event.remove(app_engine.pool, "checkout", checkout)


def _signed_in(app, make_user, role=Role.DONOR, **fields):
    """A client signed in as a new user, and the user's id; the test's session let go of the
    user, as a real request's session never holds anyone before it starts."""
    user = make_user(role, **fields)
    client = app.test_client()
    login(client, user)
    user_id = user.id
    db.session.close()
    return client, user_id


def test_a_page_read_from_the_shared_catalogue_takes_one_statement_and_no_transaction(
    app, make_user, make_letter
):
    make_letter(wish="Marzę o sankach.")
    client, _ = _signed_in(app, make_user)
    assert client.get("/listy").headers["X-Role-Page-Cache"] == "miss"

    with traffic(app) as seen:
        page = client.get("/listy")

    assert page.status_code == 200 and page.headers["X-Role-Page-Cache"] == "hit"
    assert "Wyloguj" in page.get_data(as_text=True)
    assert len(seen["pool"]) == 1
    assert "FROM users" in seen["pool"][0] and "content_version" in seen["pool"][0]
    assert seen["app"] == [] and seen["app_checkouts"] == 0  # no BEGIN, no ping, no ROLLBACK


def test_the_person_read_from_the_pool_is_an_ordinary_loaded_object(
    app, make_user, make_center, make_letter
):
    center = make_center(name="Centrum Pracy Socjalnej nr 7")
    make_letter(center=center, wish="Marzę o hulajnodze.")
    client, _ = _signed_in(app, make_user, Role.SOCIAL_WORKER, center=center)

    with traffic(app) as seen:
        page = client.get("/pracownik/listy")

    assert page.status_code == 200
    assert "hulajnodze" in page.get_data(as_text=True)
    assert any("FROM users" in s for s in seen["pool"])
    # The person was not read again, nor written: a clean object of the request's session.
    assert not [s for s in seen["app"] if re.search(r"FROM users\b", s)]
    assert not [s for s in seen["app"] if s.lstrip().upper().startswith("UPDATE USERS")]


def test_a_request_that_writes_loads_the_person_in_its_own_transaction(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    client, _ = _signed_in(app, make_user)

    with traffic(app) as seen:
        answer = client.post("/wyloguj")

    assert answer.status_code == 302
    assert seen["pool"] == []
    assert any("FROM users" in s for s in seen["app"])


def test_a_password_changed_elsewhere_ends_the_session_at_the_next_page_read(app, make_user):
    client, user_id = _signed_in(app, make_user)
    assert client.get("/moje-listy").status_code == 200

    user = db.session.get(User, user_id)
    user.set_password("zupełnie-nowe-hasło-2026")
    db.session.commit()
    db.session.close()

    answer = client.get("/moje-listy")
    assert answer.status_code == 302 and "/logowanie" in answer.headers["Location"]


def test_a_read_pool_that_cannot_answer_sends_the_person_through_their_own_transaction(
    app, make_user, caplog
):
    client, _ = _signed_in(app, make_user)
    # A real engine on a port where nothing listens: every read through it fails.
    broken = create_engine(
        "postgresql+psycopg://nobody@127.0.0.1:9/none", connect_args={"connect_timeout": 1}
    )
    key = "kmp_read_engine"
    kept = app.extensions.get(key)
    app.extensions[key] = (os.getpid(), broken)
    try:
        page = client.get("/moje-listy")
    finally:
        app.extensions.pop(key)
        if kept is not None:
            app.extensions[key] = kept
        broken.dispose()

    assert page.status_code == 200 and "Wyloguj" in page.get_data(as_text=True)
    assert "signed-in read: pool unreadable" in caplog.text
