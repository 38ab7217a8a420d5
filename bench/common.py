"""Shared pieces of the benchmarks: the result row, timing, an app on a scratch database."""

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline_value: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline_value:
            return None
        return self.value / self.baseline_value

    @staticmethod
    def header() -> str:
        return "| measure | value | baseline | baseline value | ratio | note |"

    @staticmethod
    def rule() -> str:
        return "| --- | ---: | --- | ---: | ---: | --- |"

    def row(self) -> str:
        base = "" if self.baseline_value is None else f"{self.baseline_value:.4g} {self.unit}"
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}×"
        return (
            f"| {self.name} | {self.value:.4g} {self.unit} | {self.baseline_name} | {base} "
            f"| {ratio} | {self.note} |"
        )

    def line(self) -> str:
        ratio = "" if self.ratio is None else f"  ({self.ratio:.2f}× {self.baseline_name})"
        return f"{self.name}: {self.value:.4g} {self.unit}{ratio}"


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of `fn` over `repeat` runs, after one warm-up run."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bench_app(database_url: str | None = None, **overrides):
    """An app on a fresh scratch database (SQLite file unless a URL is given), schema created."""
    from campaign import create_app
    from campaign.config import TestConfig
    from campaign.extensions import db

    if database_url is None:
        directory = tempfile.mkdtemp(prefix="kmp-bench-")
        database_url = f"sqlite:///{os.path.join(directory, 'bench.sqlite')}"
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config.update(SQLALCHEMY_DATABASE_URI=database_url, LOG_LEVEL="ERROR", **overrides)
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def postgresql_url() -> str | None:
    """The PostgreSQL database the benchmarks may recreate tables in: BENCH_DATABASE_URL, else the
    tests' TEST_DATABASE_URL (both are scratch databases by contract), else None."""
    from campaign.config import normalise_database_url

    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    url = normalise_database_url(url) if url else None
    return url if url and url.startswith("postgresql") else None


class BenchSetupError(RuntimeError):
    """Something the benchmarks need is missing; the message says how to get it."""


def require_wrk() -> None:
    """wrk, the load generator, from Debian's package: installed here when missing and we may
    (root with apt-get, as on a fresh CI machine, where `.ci/run` installs its packages the same
    way), else a clear error before minutes are spent filling databases."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk (the load generator) is missing: installing Debian's package", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        apt = ["apt-get", "-qq"]
        install = [*apt, "install", "-y", "--no-install-recommends", "wrk"]
        for command in ([*apt, "update"], install):
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        if shutil.which("wrk"):
            return
    raise BenchSetupError(
        "make bench needs wrk, the HTTP load generator: install it (Debian: apt-get install wrk)"
    )


def require_database(url: str) -> None:
    """Fail at once, with the reason, when the PostgreSQL database cannot be reached."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT 1"))
    except sqlalchemy.exc.OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise BenchSetupError(
            f"the PostgreSQL database of BENCH_DATABASE_URL cannot be reached: {reason}"
        ) from None
    finally:
        engine.dispose()
