"""Shared fixtures. Every test that uses `app` runs twice: on a SQLite file and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (CI sets it); without it the PostgreSQL variants are
skipped, never silently turned into SQLite runs.

The schema is created once per database with `create_all` (fast); tests/test_migrations.py proves
that the Alembic migrations produce the same schema. After each test every table is emptied.

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

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event, text

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

TEST_PASSWORD = "correct-horse-battery"
BACKENDS = ["sqlite", "postgresql"]
_schemas_ready: set[str] = set()


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


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


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
        ctx = app.app_context()
        ctx.push()
        pushed.append(ctx)
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
def counted_statements():
    """Collect the SQL statements sent to the database inside the block (a list of strings)."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

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
