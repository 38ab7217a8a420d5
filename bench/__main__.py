"""Run every benchmark module and write bench/results.md.

A benchmark module `bench/bench_<topic>.py` defines `run() -> list[Result]`. Each figure is reported
as a ratio against a baseline measured in the same run on the same machine, so the numbers mean
something on any hardware.
"""

import importlib
import pkgutil
import platform
import sys
import time
from pathlib import Path

from bench.common import BenchSetupError, Result, postgresql_url, require_database, require_wrk

HERE = Path(__file__).resolve().parent


def main(selected: list[str]) -> int:
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_")
    )
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    try:
        _preflight(modules)
    except BenchSetupError as error:
        print(f"make bench: {error}", file=sys.stderr)
        return 2
    sections: list[tuple[str, str, list[Result]]] = []
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        results = module.run()
        elapsed = time.perf_counter() - started
        for result in results:
            print("  " + result.line(), flush=True)
        sections.append((name, (module.__doc__ or "").strip(), results))
        print(f"  ({elapsed:.1f} s)", flush=True)
    write_report(sections)
    return 0


def _preflight(modules: list[str]) -> None:
    """What the selected benchmarks need, checked (or installed) before any of them runs."""
    if "bench_catalogue" in modules:
        require_wrk()
    url = postgresql_url()
    if url:
        require_database(url)
    else:
        print("PostgreSQL: not measured (set BENCH_DATABASE_URL=postgresql://...)", flush=True)


def _previous_sections() -> dict[str, str]:
    """Sections of the last report, so running one benchmark keeps the others' figures."""
    path = HERE / "results.md"
    if not path.exists():
        return {}
    kept: dict[str, str] = {}
    for chunk in path.read_text(encoding="utf-8").split("\n## ")[1:]:
        name = chunk.split("\n", 1)[0].strip()
        kept[name] = "## " + chunk.rstrip() + "\n"
    return kept


def write_report(sections) -> None:
    merged = _previous_sections()
    for name, doc, results in sections:
        rows = [f"## {name}", "", doc, "", Result.header(), Result.rule()]
        rows += [r.row() for r in results]
        merged[name] = "\n".join(rows) + "\n"
    lines = [
        "# Benchmark results",
        "",
        f"Made by `make bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores.",
        "Each figure is compared with a baseline measured in the same run of its benchmark.",
        "",
    ]
    lines += [merged[name] for name in sorted(merged)]
    (HERE / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {HERE / 'results.md'}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
