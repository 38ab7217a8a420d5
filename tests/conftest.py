"""Shared fixtures. Every test that uses `app` runs twice: on a SQLite file and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (CI sets it); without it the PostgreSQL variants are
skipped, never silently turned into SQLite runs.

The schema is created once per database with `create_all` (fast); tests/test_migrations.py proves
that the Alembic migrations produce the same schema. After each test every table is emptied.

Under pytest-xdist (`make test` runs `-n auto`) each worker gets its own PostgreSQL database
(TEST_DATABASE_URL's name + `_gw0`, `_gw1`, ..., created when missing), its own Redis database
(TEST_REDIS_URL's number + the worker's index) and its own SQLite files (its own tmp dir).

Factories (`make_user`, `make_letter`, ...) are callables returning committed objects, in the
spirit of Indico's fixtures. `login(client, user)` logs a user in without going through the form.
"""

import contextvars
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from itertools import count
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from hypothesis import settings
from jinja2 import BytecodeCache
from sqlalchemy import event, make_url, text
from werkzeug.routing.rules import Rule

from campaign import create_app
from campaign.config import TestConfig, normalise_database_url
from campaign.core.clock import today, utcnow
from campaign.extensions import db
from campaign.letters.codes import generate_code
from campaign.models import (
    Campaign,
    Center,
    Claim,
    ClaimStatus,
    DropOffHours,
    Letter,
    LetterStatus,
    Role,
    User,
)

# No per-example deadline: with the workers of `make test -n auto` sharing two cores, a code
# check that takes a millisecond was once paused for 0.4 s and failed as "flaky". What the
# properties check is behaviour; the time of an example is not under test.
settings.register_profile("kmp", deadline=None)
settings.load_profile("kmp")

TEST_PASSWORD = "correct-horse-battery"
BACKENDS = ["sqlite", "postgresql"]
_schemas_ready: set[str] = set()


REDIS_DATABASES = 16  # Redis's default `databases`


def _worker_index() -> int | None:
    """This pytest-xdist worker's number (gw0 -> 0), or None when the run is not distributed."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else None


def _worker_database_url(url: str, index: int) -> str:
    """TEST_DATABASE_URL with `_gw<index>` after the database name; the database is created.

    Workers must not share a database: each one empties every table after each of its tests.
    """
    parsed = make_url(normalise_database_url(url))
    name = f"{parsed.database}_gw{index}"
    admin = parsed.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False)


def _worker_redis_url(url: str, index: int) -> str:
    """The Redis URL with database number + index: a worker's flushdb leaves the others alone."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + index) % REDIS_DATABASES}"))


def pytest_configure(config):
    """Point this xdist worker (and the subprocesses its tests start) at its own databases."""
    index = _worker_index()
    if index is None:
        return
    if url := os.environ.get("TEST_DATABASE_URL"):
        os.environ["TEST_DATABASE_URL"] = _worker_database_url(url, index)
    for name in ("TEST_REDIS_URL", "REDIS_URL"):
        if url := os.environ.get(name):
            os.environ[name] = _worker_redis_url(url, index)


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(config, items):
    # One worker runs every browser test (`--dist loadgroup`): one Chromium and one live server,
    # not one per worker on a two-core machine.
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return normalise_database_url(url) if url else None


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    """The database under test: a SQLite file, or PostgreSQL when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite'}"
    url = _postgres_url()
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL variant not run")
    return url


@pytest.fixture
def backend(database_url) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


class Client(FlaskClient):
    """A test client whose requests run in their own application context.

    Without this, a request would reuse the test's app context and with it `g` (where Flask-Login
    caches the current user) and the test's database session. Before each request the test's
    session is committed, so the request sees the test's data and the test, reading again after
    the request, sees what the request did.
    """

    def open(self, *args, **kwargs):
        if has_app_context():  # not inside a redirect that is being followed
            db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


# Every id sequence that handed out a number goes back to its start, as after create_all.
_PG_RESTART_USED_SEQUENCES = text("""
    SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)
    FROM pg_sequences
    WHERE schemaname = current_schema() AND last_value IS NOT NULL
""")


def _empty_all_tables() -> None:
    """Leave every table empty and its ids starting at 1 again, as create_all left it."""
    tables = list(reversed(db.metadata.sorted_tables))  # children before their parents
    if db.engine.dialect.name == "postgresql":
        # Not TRUNCATE: it makes new files for each table and index, about 0.2 s a test even
        # for two tables; a test writes a few rows to a few tables, which DELETE empties at once.
        with_rows = " UNION ALL ".join(
            f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")" for t in tables
        )
        written = set(db.session.scalars(text(with_rows)))
        for table in tables:
            if table.name in written:
                db.session.execute(table.delete())
        db.session.execute(_PG_RESTART_USED_SEQUENCES)
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class _SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept for the whole run: every test builds a new app (and Jinja
    environment), and compiling the same templates again was a good part of a test's time.
    Jinja checks each entry against the template's source checksum before using it."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_templates = _SharedBytecodeCache()


def _reuse_url_builders() -> None:
    """Compile each URL rule's builder once per run instead of once per app.

    Werkzeug turns every rule into Python source and compiles it when the rule is added: about
    80 ms of each test's new app, for 111 identical rules. The builder depends only on the rule's
    parsed parts and defaults (the key below); the rule itself is bound when it is called.
    Werkzeug is pinned; if a version renames the hook, the tests just run slower.
    """
    original = getattr(Rule, "_compile_builder", None)
    if original is None:
        return
    builders: dict[tuple, Callable] = {}

    def compile_builder(self, append_unknown: bool = True):
        key = (
            self.rule,
            self.host,
            self.subdomain,
            tuple(self._trace),
            repr(sorted((self.defaults or {}).items())),
            append_unknown,
        )
        if key not in builders:
            builders[key] = original(self, append_unknown)
        return builders[key]

    Rule._compile_builder = compile_builder


_reuse_url_builders()


def _no_fsync(dbapi_connection, _record) -> None:
    # Durability across a power cut is not under test: a commit need not wait for the disk.
    # Locking, isolation and what other connections see stay as in production.
    if isinstance(dbapi_connection, psycopg.Connection):
        dbapi_connection.execute("SET synchronous_commit = off")
        dbapi_connection.commit()  # a SET rolled back with its transaction would be undone
    else:
        dbapi_connection.execute("PRAGMA synchronous = OFF")


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build an app on the database under test with extra config (e.g. CSRF on)."""
    pushed = []

    def factory(**overrides):
        config = {
            **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            **overrides,
        }
        app = create_app(config)
        app.test_client_class = Client
        app.jinja_env.bytecode_cache = _templates
        ctx = app.app_context()
        ctx.push()
        pushed.append(ctx)
        event.listen(db.engine, "connect", _no_fsync)
        if database_url not in _schemas_ready:
            db.drop_all()
            db.create_all()
            _schemas_ready.add(database_url)
        return app

    yield factory
    for ctx in reversed(pushed):
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
        ctx.pop()


@pytest.fixture
def app(make_app):
    return make_app()


def redis_url() -> str | None:
    """The Redis for the rate-limit tests (CI starts one); None outside CI without one."""
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    if not url and os.environ.get("KMP_REQUIRE_REDIS"):
        pytest.fail("KMP_REQUIRE_REDIS is set but TEST_REDIS_URL is not: CI must test on Redis")
    return url


@pytest.fixture
def limit_storage() -> str:
    """Where the limiter tests count: Redis, as in production, when there is one."""
    return redis_url() or "memory://"


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """Messages sent through the memory mail backend during the test."""
    return app.extensions.setdefault("mail_outbox", [])


# --- factories -----------------------------------------------------------------------------

_seq = count(1)


@pytest.fixture
def make_center(app):
    def factory(number: int | None = None, **fields) -> Center:
        number = number if number is not None else next(_seq) + 100
        center = Center(
            number=number,
            name=fields.pop("name", f"Centrum Pracy Socjalnej nr {number}"),
            address=fields.pop("address", f"ul. Testowa {number}, 80-001 Gdańsk"),
            phone=fields.pop("phone", "58 000 00 00"),
            **fields,
        )
        center.hours = [DropOffHours(weekday=1, opens_at=time(12), closes_at=time(18))]
        db.session.add(center)
        db.session.commit()
        return center

    return factory


@pytest.fixture
def make_campaign(app):
    def factory(**fields) -> Campaign:
        n = next(_seq)
        now = utcnow()
        values = {
            "name": f"Każdy Może Pomóc test {n}",
            "year": 2026,
            "code_prefix": f"T{n:04d}",
            "claims_open_at": now - timedelta(days=5),
            "claims_close_at": now + timedelta(days=20),
            "parcel_deadline": today() + timedelta(days=14),
            "delivery_date": today() + timedelta(days=21),
            "default_letter_limit": 3,
            "review_required": True,
            "slip_instructions": "Zapakuj prezent i przynieś go do punktu zbiórki.",
            "contact_phone": "58 342 31 34",
            "is_current": Campaign.current() is None,
        }
        values.update(fields)
        campaign = Campaign(**values)
        db.session.add(campaign)
        db.session.commit()
        return campaign

    return factory


@pytest.fixture
def make_user(app, make_center):
    def factory(role: Role | str = Role.DONOR, *, center: Center | None = None, **fields) -> User:
        role = Role(role)
        n = next(_seq)
        if role is Role.SOCIAL_WORKER and center is None:
            center = make_center()
        user = User(
            email=fields.pop("email", f"{role.value}{n}@example.org"),
            role=role.value,
            center=center,
            display_name=fields.pop("display_name", f"Osoba {n}"),
            email_verified_at=fields.pop("email_verified_at", utcnow()),
            **fields,
        )
        user.set_password(TEST_PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def make_letter(app, make_campaign, make_center):
    """A letter in any status; a claimed/received/delivered one gets its holding claim too."""

    def factory(status: LetterStatus | str = LetterStatus.AVAILABLE, **fields) -> Letter:
        campaign = fields.pop("campaign", None) or Campaign.current() or make_campaign()
        center = fields.pop("center", None) or db.session.scalar(db.select(Center)) or make_center()
        donor = fields.pop("donor", None)
        letter = Letter(
            code=fields.pop("code", generate_code(campaign.code_prefix)),
            campaign=campaign,
            center=center,
            age=fields.pop("age", 8),
            gender=fields.pop("gender", "f"),
            wish=fields.pop("wish", "Marzę o zestawie klocków i ciepłym szaliku."),
            needs=fields.pop("needs", "rozmiar 134"),
            case_reference=fields.pop("case_reference", "SPRAWA/2026/0001"),
            status=LetterStatus(status).value,
            **fields,
        )
        db.session.add(letter)
        db.session.flush()
        claim_status = {
            LetterStatus.CLAIMED: ClaimStatus.ACTIVE,
            LetterStatus.RECEIVED: ClaimStatus.RECEIVED,
            LetterStatus.DELIVERED: ClaimStatus.DELIVERED,
        }.get(LetterStatus(status))
        if claim_status is not None:
            db.session.add(
                Claim(
                    letter=letter,
                    donor=donor,
                    walkin_name="" if donor else "Gość",
                    status=claim_status.value,
                    deadline=campaign.parcel_deadline,
                    received_at=utcnow() if claim_status != ClaimStatus.ACTIVE else None,
                    delivered_at=utcnow() if claim_status == ClaimStatus.DELIVERED else None,
                )
            )
        db.session.commit()
        return letter

    return factory


@pytest.fixture
def make_claim(app, make_letter, make_user):
    """An active claim of a (new) letter by a (new) donor, bypassing the claim service."""

    def factory(letter: Letter | None = None, donor: User | None = None, **fields) -> Claim:
        donor = donor or make_user(Role.DONOR)
        letter = letter or make_letter(LetterStatus.CLAIMED, donor=donor)
        claim = db.session.scalar(
            db.select(Claim).where(Claim.letter_id == letter.id, Claim.status == "active")
        )
        if claim is None:
            letter.status = LetterStatus.CLAIMED.value
            claim = Claim(letter=letter, donor=donor, deadline=letter.campaign.parcel_deadline)
            db.session.add(claim)
        for key, value in fields.items():
            setattr(claim, key, value)
        db.session.commit()
        return claim

    return factory


def login(client: FlaskClient, user: User) -> None:
    """Log `user` in on `client` by writing Flask-Login's session keys, as a real login would."""
    from flask_login.utils import _create_identifier

    app = client.application
    # The identifier hashes the client's address and user agent, as Flask-Login's "strong"
    # session protection checks on every request.
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_id"] = identifier


@pytest.fixture
def login_as(client, make_user):
    """`login_as("coordinator")` makes a user of that role, logs them in and returns them."""

    def factory(role: Role | str = Role.DONOR, **fields) -> User:
        user = make_user(role, **fields)
        login(client, user)
        return user

    return factory


# --- measuring and racing ------------------------------------------------------------------


@contextmanager
def counted_statements(*, with_parameters: bool = False):
    """Collect the SQL statements sent to the database inside the block: a list of strings, or
    of (statement, parameters) pairs, as the driver got them (for an EXPLAIN of the same)."""
    statements: list = []

    def record(_conn, _cursor, statement, parameters, *_args):
        statements.append((statement, parameters) if with_parameters else statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


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


__all__ = ["TEST_PASSWORD", "counted_statements", "date", "datetime", "login"]
