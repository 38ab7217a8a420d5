"""The public pages under load, and the catalogue at scale, on SQLite and PostgreSQL.

Served: gunicorn with one worker per core, wrk with 16 connections for a few seconds per page,
10,000 letters; every page's throughput as a ratio to a trivial route (`lambda: "ok"`) added to
the same app and served the same way. Anonymous pages come from the page cache; the signed-in
donor's `/listy` is the page shared by role (their session, then their account and the version
in one read on every request, their own CSRF token swapped in). Readers in parallel: the donor's own
`/moje-listy`, rendered from the database on every request, with 2 connections against 1.
Latency at scale: median renders (test client, page cache off) of the catalogue's first page,
page 200 (reached by its cursor; the last page at 1,000 letters), a filter and a text search, at
100,000 letters against 1,000, each loaded then VACUUM ANALYZEd on PostgreSQL (SQLite is left
without statistics, as an embedded file is). Both sizes
exist at once (two SQLite files; on PostgreSQL the large one in a schema `kmp_bench_large` of the
same database) and are rendered in turns, so that a busy moment of the machine slows both alike.
PostgreSQL runs when BENCH_DATABASE_URL (else TEST_DATABASE_URL) is set (its tables are
recreated). Claim request: a donor's claim POST with the mail backend SMTP against a local
aiosmtpd, against the same with the memory backend, mail queued in the outbox as in production
(then delivered by the sender, and counted at aiosmtpd).
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

from bench.common import Result, bench_app, postgresql_url

ROOT = Path(__file__).resolve().parent.parent
SERVED_LETTERS = 10_000
WORKERS = os.cpu_count() or 2
CONNECTIONS = 16
WRK_SECONDS = 3
GUNICORN_APP = "bench.bench_catalogue:wsgi_app()"
USER_AGENT = "kmp-bench"
DONOR_PASSWORD = "bench-password-1"  # noqa: S105 (a throwaway bench database's donor)
WISHES = [
    "Marzę o rowerze i kasku.",
    "Chciałabym lalkę z wózkiem i ciepłe rękawiczki.",
    "Klocki konstrukcyjne i książka o dinozaurach.",
    "Kurtka zimowa i buty, a do tego gra planszowa.",
    "Zestaw do malowania i szkicownik.",
]


def _unique_code(prefix: str, n: int) -> str:
    """A valid, unique code for the n-th letter (random codes would collide at 100,000)."""
    from campaign.letters.codes import ALPHABET, check_character

    body = ""
    for _ in range(5):
        n, digit = divmod(n, len(ALPHABET))
        body += ALPHABET[digit]
    return f"{prefix}{body}{check_character(body)}"


def fill(app, letters: int) -> None:
    """Six centres, a current campaign with claims open, and `letters` available letters."""
    from sqlalchemy import insert

    from campaign.core.centres import Center, DropOffHours
    from campaign.core.clock import today, utcnow
    from campaign.extensions import db
    from campaign.letters.models import Campaign, Letter

    with app.app_context():
        centers = []
        for number in range(1, 7):
            center = Center(number=number, name=f"Centrum Pracy Socjalnej nr {number}")
            center.address = f"ul. Przykładowa {number}, 80-000 Gdańsk"
            center.hours = [DropOffHours(weekday=1, opens_at=clock(12), closes_at=clock(18))]
            centers.append(center)
        now = utcnow()
        campaign = Campaign(
            name="Każdy Może Pomóc (bench)",
            year=2026,
            code_prefix="KMP26",
            claims_open_at=now - timedelta(days=1),
            claims_close_at=now + timedelta(days=30),
            parcel_deadline=today() + timedelta(days=14),
            delivery_date=today() + timedelta(days=21),
            is_current=True,
        )
        db.session.add_all([*centers, campaign])
        db.session.flush()
        rows = [
            {
                "code": _unique_code("KMP26", i),
                "campaign_id": campaign.id,
                "center_id": centers[i % 6].id,
                "age": i % 17 + 1,
                "gender": "fm"[i % 2],
                "wish": WISHES[i % len(WISHES)],
                "needs": f"rozmiar {110 + i % 50}",
                "status": "available",
                "status_changed_at": datetime(2026, 11, 1),
            }
            for i in range(letters)
        ]
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(Letter), rows[start : start + 5000])
        db.session.commit()
        _settle(db.engine)


def _settle(engine) -> None:
    """PostgreSQL: vacuum and analyse after the bulk load, as autovacuum would within a minute of
    it in production: without it the planner guesses from an empty table's statistics, and the
    counters' dead rows (one per letter loaded) are scanned on every count.

    SQLite is left without statistics, as the embedded file of `make run` always is (nothing
    there runs ANALYZE); tests/donors/test_catalogue_scale.py checks the plans both ways. (Earlier
    runs did the same unknowingly: their ANALYZE went through the app's engine, which then began
    a transaction even in AUTOCOMMIT, and was rolled back; campaign/core/transactions.py.)"""
    if engine.dialect.name == "sqlite":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def _scratch_db() -> str:
    return f"sqlite:///{os.path.join(tempfile.mkdtemp(prefix='kmp-bench-'), 'bench.sqlite')}"


def _databases() -> list[tuple[str, str]]:
    found = [("SQLite", _scratch_db())]
    if url := postgresql_url():
        found.append(("PostgreSQL", url))
    return found


def wsgi_app():
    """gunicorn's entry point: the app on BENCH_CATALOGUE_DB plus the trivial baseline route."""
    from campaign import create_app
    from campaign.config import TestConfig

    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config.update(SQLALCHEMY_DATABASE_URI=os.environ["BENCH_CATALOGUE_DB"], LOG_LEVEL="ERROR")
    app = create_app(config)
    app.add_url_rule("/_bench/ok", "bench_ok", lambda: "ok")
    return app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited early")
        try:
            with urllib.request.urlopen(base + "/_bench/ok", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def _wrk(url: str, connections: int = CONNECTIONS, headers: dict | None = None) -> float:
    """Requests per second wrk sustains on `url`; any non-2xx answer fails the bench."""
    args = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections)]
    args += ["-H", f"User-Agent: {USER_AGENT}"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    subprocess.run([*args, "-d", "1s", url], capture_output=True, check=True)  # warm-up
    measured = [*args, "-d", f"{WRK_SECONDS}s", url]
    output = subprocess.run(measured, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"errors from {url}: {output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _donor_cookie(app, email: str) -> str:
    """The session cookie a donor's login answer sets, logged in from wrk's address and agent
    through the real form, as a script or a browser would hold it for the pages that follow."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT=USER_AGENT)
    answer = client.post("/logowanie", data={"email": email, "password": DONOR_PASSWORD})
    if answer.status_code != 302:
        raise RuntimeError(f"the bench donor could not log in: {answer.status_code}")
    name = app.config["SESSION_COOKIE_NAME"]
    return f"{name}={client.get_cookie(name).value}"


def _add_donor(app, email: str) -> int:
    from campaign.auth.models import User
    from campaign.core.clock import utcnow
    from campaign.extensions import db

    with app.app_context():
        donor = User(email=email, role="donor", display_name="Bench", email_verified_at=utcnow())
        donor.set_password(DONOR_PASSWORD)
        db.session.add(donor)
        db.session.commit()
        return donor.id


def served_throughput(name: str, url: str) -> list[Result]:
    from campaign.extensions import db
    from campaign.letters.models import Letter
    from campaign.office.seed import seed_office

    app = bench_app(url)
    fill(app, SERVED_LETTERS)
    with app.app_context():
        seed_office()
        code = db.session.scalar(db.select(Letter.code).limit(1))
    _add_donor(app, "reader@example.org")
    cookie = _donor_cookie(app, "reader@example.org")
    with app.app_context():
        db.engine.dispose()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, GUNICORN_APP],
        cwd=ROOT,
        env={**os.environ, "BENCH_CATALOGUE_DB": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(base, server)
        trivial = _wrk(base + "/_bench/ok")
        pages = {
            "anonymous /listy": _wrk(base + "/listy"),
            "anonymous /": _wrk(base + "/"),
            "anonymous /listy/<code>": _wrk(f"{base}/listy/{code}"),
            "anonymous /aktualnosci": _wrk(base + "/aktualnosci"),
            "signed-in donor /listy": _wrk(base + "/listy", headers={"Cookie": cookie}),
        }
        one = _wrk(base + "/moje-listy", 1, {"Cookie": cookie})
        two = _wrk(base + "/moje-listy", 2, {"Cookie": cookie})
    finally:
        server.terminate()
        server.wait(timeout=15)
    note = (
        f"{name}, {SERVED_LETTERS:,} letters, gunicorn -w {WORKERS}, wrk -c {CONNECTIONS}, "
        f"{WRK_SECONDS} s"
    )
    results = [
        Result(f"{page} throughput ({name})", rate, "req/s", "trivial route", trivial, note)
        for page, rate in pages.items()
    ]
    results.append(
        Result(
            f"signed-in /moje-listy with 2 clients ({name})",
            two,
            "req/s",
            "1 client",
            one,
            f"{name}, readers in parallel, rendered each time",
        )
    )
    return results


CLAIMS = 40
RENDERS = 15


def _second_database(url: str) -> str:
    """A database beside `url` for the large catalogue, so that both sizes exist at once: a
    SQLite file of its own, or on PostgreSQL a schema of the same database (no CREATEDB
    needed), chosen through the connection's search_path."""
    if url.startswith("sqlite"):
        return _scratch_db()
    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS kmp_bench_large")
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3Dkmp_bench_large"


def _catalogue(url: str, letters: int):
    """An app on `url` with `letters` letters, and the catalogue's four paths on it."""
    from sqlalchemy import text

    from campaign.extensions import db

    app = bench_app(url, PAGE_CACHE_ENABLED=False)
    fill(app, letters)
    page = min(200, letters // 24)
    with app.app_context():
        # The cursor the "next" link of page - 1 carries: the last letter of that page.
        after = db.session.scalar(
            text("SELECT id FROM letters ORDER BY id DESC LIMIT 1 OFFSET :n"),
            {"n": (page - 1) * 24 - 1},
        )
    paths = {
        "first page": "/listy",
        "page 200": f"/listy?po={after}&page={page}",
        "a filter": "/listy?gender=m&age_min=6&age_max=9&center=2",
        "a text search": "/listy?q=dinozaur",
    }
    return app, paths


def _render(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed


def latency_at_scale(name: str, url: str) -> list[Result]:
    """Medians of renders at 1,000 and at 100,000 letters, taken in turns (one of each, for each
    path, and again): on a shared machine a slow minute then slows both sizes alike, instead of
    whichever was measured in it."""
    from campaign.extensions import db

    small_app, small_paths = _catalogue(url, 1_000)
    large_app, large_paths = _catalogue(_second_database(url), 100_000)
    clients = (small_app.test_client(), large_app.test_client())
    samples = {measure: ([], []) for measure in small_paths}
    for measure in small_paths:  # warm-up
        _render(clients[0], small_paths[measure])
        _render(clients[1], large_paths[measure])
    for _ in range(RENDERS):
        for measure in small_paths:
            samples[measure][0].append(_render(clients[0], small_paths[measure]))
            samples[measure][1].append(_render(clients[1], large_paths[measure]))
    for app in (small_app, large_app):
        with app.app_context():
            db.engine.dispose()
    return [
        Result(
            f"/listy {measure} at 100,000 letters ({name})",
            statistics.median(large) * 1000,
            "ms",
            "1,000 letters",
            statistics.median(small) * 1000,
            f"{name}, median of {RENDERS} renders taken in turns, test client, page cache off",
        )
        for measure, (small, large) in samples.items()
    ]


def claim_request() -> list[Result]:
    """A donor's claim POST, mail over SMTP to a local aiosmtpd vs kept in memory, configured as
    in production: the confirmation is queued in the claim's transaction and sent by the outbox
    sender (`flask mail send`), never on the request's path (the tests' configuration delivers
    on commit instead, which would time the SMTP conversation). The sender then runs once and
    aiosmtpd must have received every confirmation."""
    from aiosmtpd.controller import Controller

    from campaign.extensions import db
    from campaign.letters.models import Letter
    from campaign.mail.sender import deliver_outbox

    class Counting:
        received = 0

        async def handle_DATA(self, _server, _session, _envelope):  # aiosmtpd calls it by name
            Counting.received += 1
            return "250 OK"

    port = _free_port()
    smtp = Controller(Counting(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        timings = {}
        for backend in ("memory", "smtp"):
            app = bench_app(
                _scratch_db(),
                MAIL_BACKEND=backend,
                MAIL_SERVER="127.0.0.1",
                MAIL_PORT=port,
                MAIL_DELIVER_ON_COMMIT=False,
            )
            fill(app, 200)
            with app.app_context():
                codes = list(db.session.scalars(db.select(Letter.code).limit(CLAIMS)))
            samples = []
            for n, code in enumerate(codes):
                client = app.test_client()
                _add_donor(app, f"d{n}@x.org")
                client.set_cookie(*_donor_cookie(app, f"d{n}@x.org").split("=", 1))
                client.environ_base.update(HTTP_USER_AGENT=USER_AGENT)
                started = time.perf_counter()
                response = client.post(f"/listy/{code}/rezerwuj", data={"scope": "one"})
                samples.append(time.perf_counter() - started)
                assert response.status_code == 302, response.status_code
            samples.sort()
            timings[backend] = samples[len(samples) // 2]
            if backend == "smtp":
                with app.app_context():
                    sent = deliver_outbox()
                if sent["failed"] or Counting.received < CLAIMS:
                    raise RuntimeError(f"the outbox did not deliver every claim's mail: {sent}")
    finally:
        smtp.stop()
    return [
        Result(
            "claim request, mail over SMTP",
            timings["smtp"] * 1000,
            "ms",
            "mail kept in memory",
            timings["memory"] * 1000,
            f"median of {CLAIMS} claims (test client, SQLite); mail queued in the outbox as in "
            f"production, then {Counting.received} delivered to a local aiosmtpd by the sender",
        )
    ]


def run() -> list[Result]:
    results = []
    databases = _databases()
    for name, url in databases:
        results += served_throughput(name, url)
        results += latency_at_scale(name, url)
    if len(databases) == 1:
        note = "skipped: set BENCH_DATABASE_URL (PostgreSQL)"
        results.append(Result("PostgreSQL figures", 0, "", note=note))
    return results + claim_request()
