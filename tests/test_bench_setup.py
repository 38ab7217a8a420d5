"""`make bench` on a fresh machine: what it needs is checked (or installed) before any benchmark
spends minutes filling databases, and a missing piece stops it with a message saying how to get
it. The benchmarks themselves are not run here (performance lives in `make bench`)."""

import shutil
import socket

import pytest

import bench.__main__ as bench_main
from bench import common


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def no_wrk(monkeypatch):
    """A machine without wrk where nothing may be installed (not root)."""
    real_which = shutil.which
    monkeypatch.setattr(
        common.shutil, "which", lambda name: None if name == "wrk" else real_which(name)
    )
    monkeypatch.setattr(common.os, "geteuid", lambda: 1000)


def test_missing_wrk_says_how_to_install_it(no_wrk):
    with pytest.raises(common.BenchSetupError, match="apt-get install wrk"):
        common.require_wrk()


def test_missing_wrk_stops_before_any_benchmark(no_wrk, monkeypatch, capsys):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    ran = []
    monkeypatch.setattr(bench_main.importlib, "import_module", lambda name: ran.append(name))

    assert bench_main.main(["catalogue"]) == 2

    assert ran == []
    assert "needs wrk" in capsys.readouterr().err


def test_wrk_is_not_needed_by_benchmarks_that_do_not_load_a_server(no_wrk, monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    bench_main._preflight(["bench_privacy", "bench_slip"])  # no error


def test_unreachable_postgresql_is_reported_with_its_reason(monkeypatch, capsys):
    url = f"postgresql://nobody:secret@127.0.0.1:{_closed_port()}/kmp_bench?connect_timeout=2"
    monkeypatch.setenv("BENCH_DATABASE_URL", url)

    assert bench_main.main(["privacy"]) == 2

    error = capsys.readouterr().err
    assert "BENCH_DATABASE_URL cannot be reached" in error
    assert "secret" not in error  # the reason, never the password


def test_the_tests_database_serves_when_no_bench_database_is_set(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("TEST_DATABASE_URL", "postgres://kmp:kmp@db.example/kmp_ci")
    assert common.postgresql_url() == "postgresql+psycopg://kmp:kmp@db.example/kmp_ci"

    monkeypatch.setenv("TEST_DATABASE_URL", "sqlite:///elsewhere.sqlite")
    assert common.postgresql_url() is None  # SQLite is always measured on a scratch file
