"""Shared pieces of the benchmarks: the result row, timing, an app on a scratch database."""

import os
import statistics
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
