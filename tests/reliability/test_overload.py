"""Overload: beyond the per-token rate limit the server answers 429 (JSON, quickly) instead of
queueing the work, and ``/healthz`` keeps answering while clients saturate it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from tests.reliability.conftest import FULL, add_users, server_env
from tests.servers import gunicorn_server

LIMIT = 20
CLIENTS = 12
SATURATE_SECONDS = 10.0 if FULL else 3.0


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def test_rate_limited_requests_get_429_and_health_stays_up(  # type: ignore[no-untyped-def]
    trained, release_file: Path, tmp_path: Path, figures: dict[str, Any]
) -> None:
    database_url = f"sqlite:///{tmp_path / 'assistant.db'}"
    token = add_users(database_url, "greedy")["greedy"]
    env = server_env(
        trained, release_file, tmp_path, database_url, SLIPWAY_RATE_LIMIT=f"{LIMIT}/minute"
    )
    statuses: list[int] = []
    limited_ms: list[float] = []
    health_ms: list[float] = []
    health_bad: list[str] = []
    stop = threading.Event()
    with gunicorn_server(env, tmp_path / "gunicorn.log") as (url, _, _):

        def hammer() -> None:
            # A new connection per request: a reused keep-alive connection can be closed by the
            # server (idle timeout) just as the client writes to it, which is the client's
            # race, not an overload failure (the reload test does the same).
            headers = {"Authorization": f"Bearer {token}"}
            while not stop.is_set():
                start = time.perf_counter()
                r = requests.post(
                    f"{url}/v1/chat", json={"message": "hello"}, headers=headers, timeout=30
                )
                elapsed = (time.perf_counter() - start) * 1000
                statuses.append(r.status_code)
                if r.status_code == 429:
                    limited_ms.append(elapsed)
                    assert r.json()["code"] == "rate_limited"

        def probe() -> None:
            while not stop.is_set():
                start = time.perf_counter()
                try:
                    r = requests.get(f"{url}/healthz", timeout=10)
                    if r.status_code != 200:
                        health_bad.append(str(r.status_code))
                except requests.RequestException as exc:
                    health_bad.append(type(exc).__name__)
                health_ms.append((time.perf_counter() - start) * 1000)
                time.sleep(0.1)

        with ThreadPoolExecutor(CLIENTS + 1) as pool:
            futures = [pool.submit(hammer) for _ in range(CLIENTS)] + [pool.submit(probe)]
            time.sleep(SATURATE_SECONDS)
            stop.set()
            for future in futures:
                future.result(timeout=60)
    ok = statuses.count(200)
    figures["overload"] = {
        "requests": len(statuses),
        "ok": ok,
        "limited_429": len(limited_ms),
        "other": len(statuses) - ok - len(limited_ms),
        "p50_429_ms": round(_percentile(limited_ms, 50), 1) if limited_ms else None,
        "p99_429_ms": round(_percentile(limited_ms, 99), 1) if limited_ms else None,
        "health_checks": len(health_ms),
        "health_p99_ms": round(_percentile(health_ms, 99), 1) if health_ms else None,
        "health_failures": len(health_bad),
        "clients": CLIENTS,
        "seconds": SATURATE_SECONDS,
    }
    seen = figures["overload"]
    assert set(statuses) <= {200, 429}, seen
    # In-memory limits are per worker process; Redis makes them global.
    workers = int(env["SLIPWAY_WORKERS"] or 1)
    assert ok <= workers * LIMIT, seen
    assert len(limited_ms) >= len(statuses) - workers * LIMIT, seen
    assert not health_bad, (health_bad, seen)
    assert len(health_ms) >= 3, seen
