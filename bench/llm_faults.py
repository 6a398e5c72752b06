"""``python -m bench.llm_faults``: reply time of the assistant under each fault of the LLM
endpoint, against the configured per-call timeout and per-request deadline.

The app runs in this process (Flask's test client, a temporary SQLite database, the model the
release pin names) with the LLM path pointed at the fake OpenAI-compatible server the tests use too
(bench/fake_openai.py), driven by the real ``openai`` client. Each fault is scripted on
every call; the breaker is set out of reach so each row measures the retry/deadline bound, and
one last row shows the breaker on. Prints a table and writes ``bench/llm_faults.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "llm_faults.json"
MESSAGE = "what is on my to-do list"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.llm_faults", description=__doc__)
    parser.add_argument("--requests", type=int, default=20, help="requests per fault")
    parser.add_argument("--timeout", type=float, default=1.0, help="SLIPWAY_LLM_TIMEOUT")
    parser.add_argument("--deadline", type=float, default=3.0, help="SLIPWAY_LLM_DEADLINE")
    parser.add_argument("--retries", type=int, default=2, help="SLIPWAY_LLM_MAX_RETRIES")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from app import create_app
    from app.db import engine_of
    from app.db.maintenance import add_user
    from app.db.migrate import upgrade
    from app.settings import AppSettings
    from bench.fake_openai import (
        Step,
        close,
        malformed,
        openai_server,
        status,
        text,
        tool_call,
    )
    from bench.servers import free_port

    tmp = Path(tempfile.mkdtemp(prefix="slipway-llm-bench-"))
    database = f"sqlite:///{tmp / 'assistant.db'}"
    upgrade(database)
    base = AppSettings(
        database_url=database,
        redis_url=None,
        rate_limit="100000/minute",
        llm_turn_limit="100000/minute",
        log_level="ERROR",
        openai_api_key="bench-key",
        llm_timeout=args.timeout,
        llm_deadline=args.deadline,
        llm_max_retries=args.retries,
        llm_max_confidence=1.0,
        llm_breaker_failures=10**6,
    )

    slow = " ".join(["word"] * 20)
    faults: list[tuple[str, Callable[[], list[Step]], str, dict[str, Any]]] = [
        ("none (text answer)", lambda: [text("Your list is empty.")], "/v1/chat", {}),
        ("none (tool call)", lambda: [tool_call("list_todos", {}), text("Empty.")], "/v1/chat", {}),
        ("none (streamed)", lambda: [text("Your list is empty.")], "/v1/chat/stream", {}),
        ("timeout", lambda: [text("late", delay=args.timeout + 1)], "/v1/chat", {}),
        ("429 Retry-After: 1", lambda: [status(429, {"Retry-After": "1"})], "/v1/chat", {}),
        ("500", lambda: [status(500)], "/v1/chat", {}),
        ("malformed JSON", lambda: [malformed()], "/v1/chat", {}),
        ("connection dropped", lambda: [close()], "/v1/chat", {}),
        ("connection refused", lambda: [], "/v1/chat", {"refused": True}),
        (
            "slow stream",
            lambda: [text(slow, gap=args.deadline / 10)],
            "/v1/chat/stream",
            {},
        ),
        ("500, breaker on (5)", lambda: [status(500)], "/v1/chat", {"breaker": 5}),
    ]
    rows: list[dict[str, Any]] = []
    with openai_server() as fake:
        for name, script, route, options in faults:
            url = f"http://127.0.0.1:{free_port()}/v1" if options.get("refused") else fake.url
            settings = base.model_copy(
                update={
                    "openai_base_url": url,
                    "llm_breaker_failures": options.get("breaker", 10**6),
                }
            )
            app = create_app(settings)
            if app.extensions["slipway.model"].model is None:
                print(
                    "llm_faults: no model could be loaded "
                    f"({app.extensions['slipway.model'].error}); run `make run` first or set "
                    "SLIPWAY_MODEL_PATH",
                    file=sys.stderr,
                )
                return 1
            _, token = add_user(database, f"bench{len(rows)}", "UTC", "en")
            client = app.test_client()
            headers = {"Authorization": f"Bearer {token}"}
            times: list[float] = []
            paths: Counter[str] = Counter()
            reasons: Counter[str] = Counter()
            _script(fake, [text("warm-up")])  # first request of an app: not counted
            client.post("/v1/chat", json={"message": MESSAGE}, headers=headers)
            for _ in range(args.requests):
                _script(fake, script())
                started = time.perf_counter()
                r = client.post(route, json={"message": MESSAGE}, headers=headers)
                body = _final(r.get_data(as_text=True), route)
                times.append(time.perf_counter() - started)
                paths[str(body.get("path"))] += 1
                reason = body.get("data", {}).get("fallback_reason")
                if reason:
                    reasons[str(reason)] += 1
            engine_of(app).dispose()
            rows.append(
                {
                    "fault": name,
                    "route": route,
                    "requests": len(times),
                    "paths": dict(paths),
                    "fallback_reasons": dict(reasons),
                    "p50_s": round(statistics.median(times), 3),
                    "p99_s": round(_percentile(times, 99), 3),
                    "max_s": round(max(times), 3),
                    # the deadline bounds the LLM part; the local fallback then answers (≤ 0.25 s)
                    "within_deadline": max(times) <= args.deadline + FALLBACK_ALLOWANCE_S,
                }
            )
            print(f"  {name}: p99 {rows[-1]['p99_s']} s", file=sys.stderr)
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "timeout_s": args.timeout,
        "deadline_s": args.deadline,
        "max_retries": args.retries,
        "requests_per_fault": args.requests,
        "rows": rows,
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    _print(result)
    return 0


FALLBACK_ALLOWANCE_S = 0.25


def _script(fake: Any, steps: list[Any]) -> None:
    fake.script(*steps)
    fake.default = steps[0] if steps else None


def _final(body: str, route: str) -> dict[str, Any]:
    if not route.endswith("/stream"):
        value: dict[str, Any] = json.loads(body)
        return value
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        if lines.get("event") == "done":
            done: dict[str, Any] = json.loads(lines["data"])
            return done
    return {"path": "error"}


def _print(result: dict[str, Any]) -> None:
    print(
        f"LLM faults: {result['requests_per_fault']} requests each; per-call timeout "
        f"{result['timeout_s']} s, deadline {result['deadline_s']} s, "
        f"{result['max_retries']} retries"
    )
    bound = f"≤ {result['deadline_s']}+{FALLBACK_ALLOWANCE_S} s"
    header = f"{'fault':<22} {'p50 s':>7} {'p99 s':>7} {'max s':>7}  {bound:<12} paths"
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        paths = ", ".join(f"{k} {v}" for k, v in sorted(row["paths"].items()))
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(row["fallback_reasons"].items()))
        print(
            f"{row['fault']:<22} {row['p50_s']:>7.3f} {row['p99_s']:>7.3f} {row['max_s']:>7.3f}  "
            f"{'yes' if row['within_deadline'] else 'NO':<12} {paths}"
            + (f" ({reasons})" if reasons else "")
        )
    print(f"written: {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
