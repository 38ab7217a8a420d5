"""The donors' catalogue `/listy`: throughput with 10,000 letters under gunicorn (2 workers), as a
ratio to the trivial `/healthz` served the same way in the same run; and the latency of one page
at 100,000 letters compared with 1,000 (median of renders through the test client), for the first
page, a deep page and a free-text search. All on scratch SQLite files."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

from bench.common import Result, bench_app, median_seconds

ROOT = Path(__file__).resolve().parent.parent
SERVED_LETTERS = 10_000
HTTP_REQUESTS = 600
HTTP_CLIENTS = 8
GUNICORN_APP = "bench.bench_catalogue:wsgi_app()"
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


def _scratch_db() -> str:
    return f"sqlite:///{os.path.join(tempfile.mkdtemp(prefix='kmp-bench-'), 'bench.sqlite')}"


def wsgi_app():
    """gunicorn's entry point: `bench.bench_catalogue:wsgi_app()` on BENCH_CATALOGUE_DB."""
    from campaign import create_app
    from campaign.config import TestConfig

    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config.update(SQLALCHEMY_DATABASE_URI=os.environ["BENCH_CATALOGUE_DB"], LOG_LEVEL="ERROR")
    return create_app(config)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited early")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def _requests_per_second(url: str, count: int) -> float:
    def get(_n: int) -> int:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status

    with ThreadPoolExecutor(HTTP_CLIENTS) as pool:
        list(pool.map(get, range(20)))  # warm-up: templates, connections, caches
        started = time.perf_counter()
        statuses = list(pool.map(get, range(count)))
        elapsed = time.perf_counter() - started
    if set(statuses) != {200}:
        raise RuntimeError(f"unexpected statuses from {url}: {set(statuses)}")
    return count / elapsed


def served_throughput() -> list[Result]:
    url = _scratch_db()
    fill(bench_app(url), SERVED_LETTERS)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", GUNICORN_APP],
        cwd=ROOT,
        env={**os.environ, "BENCH_CATALOGUE_DB": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(base, server)
        trivial = _requests_per_second(base + "/healthz", HTTP_REQUESTS)
        catalogue = _requests_per_second(base + "/listy", HTTP_REQUESTS)
        filtered = _requests_per_second(base + "/listy?gender=f&age_min=6&q=rower", HTTP_REQUESTS)
    finally:
        server.terminate()
        server.wait(timeout=15)
    note = f"{SERVED_LETTERS:,} letters, gunicorn -w 2, {HTTP_CLIENTS} clients, {HTTP_REQUESTS} req"
    return [
        Result("/listy throughput", catalogue, "req/s", "/healthz", trivial, note),
        Result("/listy?filters throughput", filtered, "req/s", "/healthz", trivial, note),
    ]


def _render_times(letters: int) -> dict[str, float]:
    app = bench_app(_scratch_db())
    fill(app, letters)
    client = app.test_client()
    last_page = max(1, letters // 24)
    paths = {
        "first page": "/listy",
        "deep page": f"/listy?page={last_page}",
        "text search": "/listy?q=dinozaur&sort=age_asc",
    }

    def render(path: str):
        def once():
            response = client.get(path)
            assert response.status_code == 200

        return once

    return {name: median_seconds(render(path), repeat=15) for name, path in paths.items()}


def latency_at_scale() -> list[Result]:
    small, large = _render_times(1_000), _render_times(100_000)
    return [
        Result(
            f"/listy {name} at 100,000 letters",
            large[name] * 1000,
            "ms",
            "1,000 letters",
            small[name] * 1000,
            "median of 15 renders, test client",
        )
        for name in small
    ]


def run() -> list[Result]:
    return served_throughput() + latency_at_scale()
