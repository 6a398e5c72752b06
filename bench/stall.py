"""One slow upstream must never slow another user. Four users chat and write to-dos at full rate
against the assistant under gunicorn (the LLM path on, pointed at the fake OpenAI server) twice
in one run: alone, then while a fifth user's LLM-routed messages stall for the whole deadline,
one after another. On SQLite and on Postgres. Reported: the four users' errors and p99, and the
ratio of their p99 with the stall to without (goal: 0 errors, ratio ≤ 2).

``python -m bench.stall [--seconds 15] [--json bench/stall.json]``"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from bench.fake_openai import Step, openai_server
from bench.servers import gunicorn, postgres_server

USERS = 4
DEADLINE = 4.0
# A scheduling request this long goes to the LLM (SLIPWAY_LLM_FREE_FORM_WORDS below).
STALLED = (
    "could you please book a meeting with Rosa tomorrow at three in the afternoon about the "
    "quarterly budget review and the hiring plan"
)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _user(database_url: str, name: str) -> str:
    from app.db.maintenance import add_user

    _, token = add_user(database_url, name, "America/Lima", "en")
    return token


def _others(url: str, tokens: list[str], seconds: float) -> dict[str, Any]:
    """Each token in its own thread: a chat turn and a to-do write, over and over."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(token: str) -> None:
        auth = {"Authorization": f"Bearer {token}"}
        with requests.Session() as s:
            i = 0
            while time.monotonic() < stop_at:
                i += 1
                calls = (
                    ("/v1/chat", {"message": "what time is it"}),
                    ("/v1/todos", {"text": f"buy milk {i}"}),
                )
                for path, body in calls:
                    started = time.perf_counter()
                    try:
                        r = s.post(url + path, json=body, headers=auth, timeout=60)
                        ok = r.status_code < 300
                        detail = f"{path} {r.status_code}"
                    except requests.RequestException as exc:
                        ok, detail = False, f"{path} {exc!r}"
                    took = time.perf_counter() - started
                    with lock:
                        latencies.append(took)
                        if not ok:
                            errors.append(detail)

    threads = [threading.Thread(target=run, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "p50_ms": round(_percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 99) * 1000, 1),
    }


def _stall(url: str, token: str, stop: threading.Event, out: dict[str, Any]) -> None:
    """The fifth user: one LLM-routed message after another, each stalled until the deadline."""
    auth = {"Authorization": f"Bearer {token}"}
    took: list[float] = []
    paths: list[str] = []
    while not stop.is_set():
        started = time.perf_counter()
        r = requests.post(url + "/v1/chat", json={"message": STALLED}, headers=auth, timeout=60)
        took.append(time.perf_counter() - started)
        paths.append(r.json().get("path", str(r.status_code)) if r.ok else str(r.status_code))
    out.update(
        requests=len(took),
        max_s=round(max(took, default=0.0), 2),
        paths=sorted(set(paths)),
    )


@contextmanager
def _database(kind: str, work: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{work / 'stall.db'}"
        return
    with postgres_server() as pg:
        yield pg.url(pg.create_database("stall"))


def measure(kind: str, seconds: float, work: Path) -> dict[str, Any]:
    from app.db.migrate import upgrade

    with _database(kind, work) as database_url, openai_server() as fake:
        upgrade(database_url)
        tokens = [_user(database_url, f"user{i}") for i in range(USERS)]
        slow = _user(database_url, "stalled")
        fake.default = Step(content="Booked.", delay=DEADLINE + 2)  # past the deadline
        env = {
            "SLIPWAY_DATABASE_URL": database_url,
            "SLIPWAY_DB_UPGRADE_ON_START": "false",
            "SLIPWAY_RATE_LIMIT": "100000000/minute",
            "SLIPWAY_LLM_TURN_LIMIT": "100000000/minute",
            "SLIPWAY_REDIS_URL": "",
            "PROMETHEUS_MULTIPROC_DIR": str(work / f"prom-{kind}"),
            "OPENAI_API_KEY": "bench-key",
            "OPENAI_BASE_URL": fake.url,
            "SLIPWAY_LLM_DEADLINE": str(DEADLINE),
            "SLIPWAY_LLM_TIMEOUT": str(DEADLINE * 3),
            "SLIPWAY_LLM_MAX_RETRIES": "0",
            "SLIPWAY_LLM_MAX_CONFIDENCE": "0",  # only long free-form requests go to the LLM
            "SLIPWAY_LLM_FREE_FORM_WORDS": "12",
        }
        with gunicorn("app:create_app()", env, work / f"stall-{kind}.log") as app:
            _others(app.url, tokens, 2)  # warm up
            alone = _others(app.url, tokens, seconds)
            stop = threading.Event()
            stalled: dict[str, Any] = {}
            staller = threading.Thread(target=_stall, args=(app.url, slow, stop, stalled))
            staller.start()
            time.sleep(0.5)
            beside = _others(app.url, tokens, seconds)
            stop.set()
            staller.join()
    ratio = round(beside["p99_ms"] / alone["p99_ms"], 2) if alone["p99_ms"] else None
    print(
        f"  {kind:<8} alone p99 {alone['p99_ms']} ms ({alone['errors']} errors) | with a stalled "
        f"LLM user p99 {beside['p99_ms']} ms ({beside['errors']} errors) | ratio {ratio} | "
        f"stalled user: {stalled.get('requests')} requests, longest {stalled.get('max_s')} s, "
        f"paths {stalled.get('paths')}"
    )
    return {"alone": alone, "with_stall": beside, "stalled_user": stalled, "p99_ratio": ratio}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    print(f"stall: {USERS} users at full rate, alone and beside an LLM call stalled {DEADLINE} s")
    results: dict[str, Any] = {"users": USERS, "deadline_s": DEADLINE, "seconds": args.seconds}
    with tempfile.TemporaryDirectory(prefix="slipway-stall-") as tmp:
        for kind in args.databases.split(","):
            try:
                results[kind] = measure(kind, args.seconds, Path(tmp))
            except Exception as exc:  # one database failing still reports the other
                results[kind] = {"error": repr(exc)}
                print(f"  {kind}: failed: {exc!r}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    failed = any(
        "error" in r or r["with_stall"]["errors"] or (r["p99_ratio"] or 0) > 2
        for k, r in results.items()
        if isinstance(r, dict) and k in {"sqlite", "postgres"}
    )
    return 1 if failed and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    raise SystemExit(main())
