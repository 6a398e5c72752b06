"""Drive one target with locust (headless, bounded) and read its figures from the CSV stats."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@dataclass
class LoadResult:
    target: str
    users: int
    seconds: float
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p99_ms: float
    load_avg: float = 0.0  # the machine's one-minute load average at the end of the run
    server_cpu_ms: float = 0.0  # the server's CPU (all its workers) per request, when measured

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_load(
    host: str,
    target: str,
    *,
    users: int = 8,
    seconds: int = 15,
    max_requests: int = 50_000,
    token: str = "",
) -> LoadResult:
    """``locust --headless`` against ``host`` (127.0.0.1 only) for at most ``seconds`` and
    ``max_requests``; returns the aggregated throughput and percentiles."""
    if urlparse(host).hostname != "127.0.0.1":
        raise ValueError(f"load is generated against 127.0.0.1 only, not {host}")
    locust = Path(sys.executable).with_name("locust")
    with tempfile.TemporaryDirectory(prefix="slipway-locust-") as tmp:
        prefix = Path(tmp) / "run"
        env = {
            **os.environ,
            "BENCH_TARGET": target,
            "BENCH_TOKEN": token,
            "BENCH_MAX_REQUESTS": str(max_requests),
        }
        cmd = [
            str(locust),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--only-summary",
            "--skip-log-setup",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--exit-code-on-error",
            "0",
        ]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 120)
        stats = Path(f"{prefix}_stats.csv")
        if proc.returncode != 0 or not stats.exists():
            raise RuntimeError(f"locust failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        history = Path(f"{prefix}_stats_history.csv")
        rows = {row["Name"]: row for row in csv.DictReader(stats.open())}
        total = rows["Aggregated"]
        elapsed = _elapsed(history) or float(seconds)
        requests = int(total["Request Count"])
        return LoadResult(
            target=target,
            users=users,
            seconds=round(elapsed, 1),
            requests=requests,
            failures=int(total["Failure Count"]),
            rps=round(float(total["Requests/s"]), 1),
            p50_ms=float(total["50%"]),
            p99_ms=float(total["99%"]),
            load_avg=round(os.getloadavg()[0], 2),
        )


def _elapsed(history: Path) -> float | None:
    """Seconds between the first and the last row of locust's stats history."""
    if not history.exists():
        return None
    stamps = [int(row["Timestamp"]) for row in csv.DictReader(history.open())]
    return float(max(stamps) - min(stamps)) if len(stamps) > 1 else None
