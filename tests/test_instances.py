"""Several instances on one PostgreSQL: two gunicorn servers (two workers each) share the database,
and a claim storm split across them through the real login and claim forms doubles nothing and
answers no request with a server error, even when a worker is killed with SIGKILL mid-storm.
After each storm `flask doctor` (a subprocess, as CI or an operator runs it) must find the data
consistent.

PostgreSQL only (SQLite is the one-machine database); skipped without TEST_DATABASE_URL, but a
failure when KMP_REQUIRE_POSTGRES or CI is set. The servers run in their own schema of the test
database (`kmp_storm`, migrated by Alembic as production is). The schema is left in place after
the tests so that `.ci/run` can run `flask doctor` on the storm's data once more; it is recreated
at the start of every run.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from campaign import create_app
from campaign.config import TestConfig
from campaign.core.centres import Center
from campaign.core.clock import today, utcnow
from campaign.donors.models import HOLDING_STATUSES, Claim
from campaign.extensions import db
from campaign.letters.codes import format_code, generate_code
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.models import User
from tests.conftest import TEST_PASSWORD, _postgres_url, redis_url

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = "kmp_storm"
LETTERS, DONORS, ATTEMPTS_PER_DONOR = 30, 60, 5  # 300 claim attempts on 30 letters
LETTER_LIMIT = 3
REQUEST_TIMEOUT = 20
SECRET_KEY = "storm-test-secret-shared-by-both-instances-0123456789abcdef"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
HOLDING = [s.value for s in HOLDING_STATUSES]


def storm_database_url() -> str:
    url = _postgres_url()
    if not url:
        reason = "TEST_DATABASE_URL is not set: the multi-instance storm needs PostgreSQL"
        if os.environ.get("KMP_REQUIRE_POSTGRES") or os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{SCHEMA}"


@pytest.fixture(scope="module")
def storm_app():
    """An app on the storm schema, freshly created and migrated to the head."""
    url = storm_database_url()
    engine = create_engine(_postgres_url())
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return app


@dataclass
class World:
    codes: list[str]
    emails: list[str]


def seed(app) -> World:
    """30 available letters, 60 verified donors with a known password; nothing else."""
    with app.app_context():
        tables = ", ".join(f'"{t.name}"' for t in reversed(db.metadata.sorted_tables))
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        center = Center(number=1, name="CPS 1", address="ul. Testowa 1, Gdańsk", phone="58 1")
        now = utcnow()
        campaign = Campaign(
            name="Burza",
            year=2026,
            code_prefix="KMP26",
            claims_open_at=now - timedelta(days=1),
            claims_close_at=now + timedelta(days=10),
            parcel_deadline=today() + timedelta(days=7),
            delivery_date=today() + timedelta(days=14),
            default_letter_limit=LETTER_LIMIT,
            is_current=True,
        )
        letters = [
            Letter(
                code=generate_code("KMP26"),
                campaign=campaign,
                center=center,
                age=5 + i % 10,
                gender="fm"[i % 2],
                wish="Marzę o klockach.",
                status=LetterStatus.AVAILABLE.value,
            )
            for i in range(LETTERS)
        ]
        donors = []
        for i in range(DONORS):
            donor = User(
                email=f"darczynca{i}@burza.example.org",
                role="donor",
                display_name=f"Darczyńca {i}",
                email_verified_at=now,
            )
            donor.set_password(TEST_PASSWORD)  # the tests' fast hash; the servers verify it
            donors.append(donor)
        db.session.add_all([center, campaign, *letters, *donors])
        db.session.commit()
        world = World([format_code(x.code) for x in letters], [d.email for d in donors])
        db.session.remove()
        db.engine.dispose()
    return world


# --- the servers ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path

    def workers(self) -> list[int]:
        """The master's children: its workers (gunicorn forks them, nothing else)."""
        pids = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
        return pids


def start_server(tmp: Path, name: str) -> Server:
    port = _free_port()
    log = tmp / f"{name}.log"
    env = {
        **os.environ,
        # The development profile: production's start checks (a Redis store, a real secret)
        # are tested elsewhere; here the point is two instances on one database.
        "APP_ENV": "development",
        "DATABASE_URL": storm_database_url(),
        "SECRET_KEY": SECRET_KEY,
        "RATELIMIT_STORAGE_URI": redis_url() or "memory://",
        "LOGIN_RATE_LIMIT": "100000 per minute",  # every donor comes from 127.0.0.1
        "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per hour",
        "MAIL_BACKEND": "file",
        "MAIL_OUTBOX_DIR": str(tmp / name / "outbox"),
        "INSTANCE_PATH": str(tmp / name),
        "UPLOAD_FOLDER": str(tmp / name / "uploads"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_THREADS": "2",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
    command += ["-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(process, f"http://127.0.0.1:{port}", log)


def wait_healthy(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.log.read_text()[-2000:]}")
        try:
            healthy = requests.get(server.base + "/healthz", timeout=5).status_code == 200
            if healthy and len(server.workers()) == 2:
                return
        except requests.RequestException:  # still booting
            pass
        time.sleep(0.2)
    pytest.fail(f"{server.base} not healthy in time: {server.log.read_text()[-2000:]}")


def stop_server(server: Server) -> None:
    """End the master and its workers (its own process group, started by this test)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.process.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def servers(storm_app, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("instances")
    started = []
    try:
        for name in ("a", "b"):
            started.append(start_server(tmp, name))
        deadline = time.monotonic() + 40
        for server in started:
            wait_healthy(server, deadline)
        yield started
    finally:
        for server in started:
            stop_server(server)


# --- the donors ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """Every answer of the storm: HTTP statuses, and connections that broke."""

    statuses: list[int] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int | None = None, broken: str | None = None) -> None:
        with self.lock:
            if broken is not None:
                self.broken.append(broken)
            else:
                self.statuses.append(status)

    def summary(self) -> str:
        answers = {s: self.statuses.count(s) for s in sorted(set(self.statuses))}
        return f"answers {answers}, {len(self.broken)} broken: {self.broken}"

    @property
    def answered(self) -> int:
        with self.lock:
            return len(self.statuses) + len(self.broken)


def token_of(response: requests.Response) -> str:
    match = CSRF.search(response.text)
    assert match, f"no CSRF token on {response.url} ({response.status_code})"
    return match.group(1)


class Donor:
    """One browser: its own cookies, logged in through the form on one of the servers."""

    def __init__(self, base: str, email: str) -> None:
        self.base, self.email = base, email
        self.http = requests.Session()
        # One connection per request: a reused keep-alive connection may be closed by gunicorn's
        # keep-alive timeout just as the next request goes out (a client-side race, not the app),
        # which would blur what the test counts, the connections a killed worker broke.
        self.http.headers["Connection"] = "close"
        self.token = ""

    def log_in(self, any_code: str) -> None:
        page = self.http.get(f"{self.base}/logowanie", timeout=REQUEST_TIMEOUT)
        data = {"csrf_token": token_of(page), "email": self.email, "password": TEST_PASSWORD}
        answer = self.http.post(
            f"{self.base}/logowanie", data=data, allow_redirects=False, timeout=REQUEST_TIMEOUT
        )
        assert answer.status_code == 302, (self.email, answer.status_code)
        # The login renews the session and with it the CSRF token: take the one the claim form has.
        self.token = token_of(self.http.get(f"{self.base}/listy/{any_code}", timeout=20))

    def claim(self, code: str, tally: Tally) -> None:
        try:
            answer = self.http.post(
                f"{self.base}/listy/{code}/rezerwuj",
                data={"csrf_token": self.token, "scope": "one"},
                allow_redirects=False,
                timeout=REQUEST_TIMEOUT,
            )
        except requests.ConnectionError as error:
            tally.add(broken=f"{self.base} {code}: {type(error).__name__}")
            return
        tally.add(answer.status_code)


def storm(servers: list[Server], world: World, during=None) -> Tally:
    """Log every donor in (half on each server), then let them all claim at once: donor d tries
    letters d, d+6, ... (five different ones), so each letter is wanted by ten donors."""
    donors = [Donor(servers[i % 2].base, email) for i, email in enumerate(world.emails)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda d: d.log_in(world.codes[0]), donors, timeout=60))
    tally = Tally()

    def attempts(i: int) -> None:
        for j in range(ATTEMPTS_PER_DONOR):
            donors[i].claim(world.codes[(i + 6 * j) % LETTERS], tally)

    watcher = threading.Thread(target=during, args=(tally,)) if during else None
    with ThreadPoolExecutor(max_workers=24) as pool:
        if watcher:
            watcher.start()
        list(pool.map(attempts, range(DONORS), timeout=90))
    if watcher:
        watcher.join(timeout=30)
    return tally


def holding_per_letter(app) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Letter.code, func.count(Claim.id))
            .join(Claim, (Claim.letter_id == Letter.id) & Claim.status.in_(HOLDING), isouter=True)
            .group_by(Letter.code)
        ).all()
        claimed = db.session.scalar(
            select(func.count()).where(Letter.status == LetterStatus.CLAIMED.value)
        )
        db.session.remove()
        db.engine.dispose()
    return {"claimed letters": claimed, **{code: n for code, n in rows}}


def run_doctor(instance: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": storm_database_url(), "APP_ENV": "development"}
    env["INSTANCE_PATH"] = str(instance)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "doctor"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- the tests ----------------------------------------------------------------------------------


def test_a_claim_storm_split_across_two_instances_doubles_nothing(storm_app, servers, tmp_path):
    world = seed(storm_app)

    tally = storm(servers, world)

    assert tally.broken == []
    assert len(tally.statuses) == DONORS * ATTEMPTS_PER_DONOR
    assert [s for s in tally.statuses if s >= 500] == []
    # 302: claimed (to "Moje listy"); 409: someone was faster; 422: the donor's limit.
    assert set(tally.statuses) <= {302, 409, 422}, sorted(set(tally.statuses))
    held = holding_per_letter(storm_app)
    claimed = held.pop("claimed letters")
    assert max(held.values()) == 1 and min(held.values()) >= 0
    assert sum(held.values()) == claimed == tally.statuses.count(302)
    doctor = run_doctor(tmp_path)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert doctor.stdout.startswith("OK:")
    answers = {s: tally.statuses.count(s) for s in sorted(set(tally.statuses))}
    print(f"two instances, {len(tally.statuses)} claim attempts: {answers}")


def test_a_worker_killed_mid_storm_leaves_the_data_consistent(storm_app, servers, tmp_path):
    world = seed(storm_app)
    victim = servers[0]
    killed: list[int] = []

    def kill_a_worker_mid_storm(tally: Tally) -> None:
        deadline = time.monotonic() + 60
        while tally.answered < DONORS * ATTEMPTS_PER_DONOR // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        pid = victim.workers()[0]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    tally = storm(servers, world, during=kill_a_worker_mid_storm)

    assert killed, "no worker was killed"
    held = holding_per_letter(storm_app)
    claimed = held.pop("claimed letters")
    seen = f"{tally.summary()}; {claimed} letters claimed"
    assert len(tally.statuses) + len(tally.broken) == DONORS * ATTEMPTS_PER_DONOR, seen
    # Only the requests the killed worker held may break (at most one per donor of that
    # instance: each donor sends one request at a time); every answer that came is no 5xx.
    assert all(b.startswith(victim.base + " ") for b in tally.broken), seen
    assert len(tally.broken) <= DONORS // 2, seen
    assert [s for s in tally.statuses if s >= 500] == [], seen
    assert set(tally.statuses) <= {302, 409, 422}, seen
    assert max(held.values()) == 1, seen
    # A claim may have committed on the killed worker without its answer reaching the donor.
    assert tally.statuses.count(302) <= claimed <= tally.statuses.count(302) + len(tally.broken)
    assert sum(held.values()) == claimed, seen
    doctor = run_doctor(tmp_path)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    # The master replaced the worker: the instance still serves.
    wait_healthy(victim, time.monotonic() + 20)
    assert killed[0] not in victim.workers()
    print(f"killed worker {killed[0]}: {seen}")
