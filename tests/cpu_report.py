"""Where the test lane's CPU goes: each test's own CPU and its subprocesses', per test and file.

The full lane is CPU-bound on two cores (three xdist workers keep both busy), so its wall time
follows the CPU every test spends, in the worker and in what it starts (servers, CLIs, `dvc
repro`); a test's wall time alone hides both a server's CPU and a sleep. Load it with ``-p``::

    make test PYTEST_ARGS="-p tests.cpu_report --cpu-report .slipway/cpu"
    .venv/bin/python -m tests.cpu_report .slipway/cpu

Each worker appends one JSON line per test to ``DIR/<worker>.jsonl``: the CPU of the worker
(``self``) and of its finished subprocesses (``children``: what it waited for, the servers a
test stopped included, with their own children) while the test's setup, call and teardown ran.
A server a session fixture starts counts in the test whose teardown stops it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections import defaultdict
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any, TextIO

import pytest

_OUT: dict[str, TextIO] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--cpu-report",
        metavar="DIR",
        help="write each test's CPU (its worker's and its subprocesses') to DIR/<worker>.jsonl",
    )


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    folder = item.config.getoption("cpu_report")
    if not folder:
        yield
        return
    own, children = _cpu()
    started = time.monotonic()
    yield
    own_after, children_after = _cpu()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    out = _OUT.get(worker)
    if out is None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        out = _OUT[worker] = (Path(folder) / f"{worker}.jsonl").open("a", encoding="utf-8")
    row = {
        "id": item.nodeid,
        "self": round(own_after - own, 3),
        "children": round(children_after - children, 3),
        "wall": round(time.monotonic() - started, 3),
    }
    out.write(json.dumps(row) + "\n")
    out.flush()


def read(folder: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def report(rows: Iterable[dict[str, Any]], top: int = 30) -> str:
    """The totals, then the files and the tests that spent the most CPU."""
    rows = list(rows)
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for row in rows:
        f = files[row["id"].split("::")[0]]
        f[0] += row["self"]
        f[1] += row["children"]
        f[2] += row["wall"]
        f[3] += 1
    own = sum(r["self"] for r in rows)
    children = sum(r["children"] for r in rows)
    lines = [
        f"{len(rows)} tests: {own + children:.0f} s of CPU ({own:.0f} s in the workers, "
        f"{children:.0f} s in their subprocesses)",
        "",
        "   CPU s  worker  subproc  wall s  tests  file",
    ]
    ranked = sorted(files.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:top]
    for name, (s, c, w, n) in ranked:
        lines.append(f"{s + c:8.1f} {s:7.1f} {c:8.1f} {w:7.1f} {int(n):6d}  {name}")
    lines += ["", "   CPU s  worker  subproc  wall s  test"]
    for row in sorted(rows, key=lambda r: -(r["self"] + r["children"]))[:top]:
        lines.append(
            f"{row['self'] + row['children']:8.1f} {row['self']:7.1f} {row['children']:8.1f} "
            f"{row['wall']:7.1f}  {row['id']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sum a --cpu-report folder per file and test.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=30, help="how many files and tests to list")
    args = parser.parse_args(argv)
    rows = read(args.folder)
    if not rows:
        parser.error(
            f"no test lines in {args.folder}: run pytest with -p tests.cpu_report "
            f"--cpu-report {args.folder} first"
        )
    print(report(rows, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
