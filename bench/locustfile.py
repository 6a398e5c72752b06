"""Locust users for ``bench.load``: one target per run (``BENCH_TARGET``), bounded by duration
(locust's ``-t``) and by a request count (``BENCH_MAX_REQUESTS``), on 127.0.0.1 only."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment

# locust runs this file by path: the repository root on the path for the shared messages
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.messages import MESSAGES

TARGET = os.environ.get("BENCH_TARGET", "hello")
TOKEN = os.environ.get("BENCH_TOKEN", "")
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "50000"))
_counter = itertools.count(1)
_env: Environment | None = None


@events.init.add_listener  # type: ignore[untyped-decorator]
def _init(environment: Environment, **_: Any) -> None:
    global _env
    _env = environment


@events.request.add_listener  # type: ignore[untyped-decorator]
def _count(**_: Any) -> None:
    if next(_counter) == MAX_REQUESTS and _env is not None and _env.runner is not None:
        gevent.spawn(_env.runner.quit)


class BenchUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.messages = itertools.cycle(MESSAGES)
        self.auth = {"Authorization": f"Bearer {TOKEN}"}

    @task
    def hit(self) -> None:
        text = next(self.messages)
        if TARGET == "hello":
            self.client.get("/hello", name="hello")
        elif TARGET in ("intent", "floor", "model"):
            self.client.post("/v1/intent", json={"text": text}, headers=self.auth, name=TARGET)
        elif TARGET == "chat":
            self.client.post("/v1/chat", json={"message": text}, headers=self.auth, name="chat")
        elif TARGET == "mlflow":
            body = {"dataframe_split": {"columns": ["text"], "data": [[text]]}}
            self.client.post("/invocations", json=body, name="mlflow")
        elif TARGET == "mixed":
            self.client.post("/v1/intent", json={"text": text}, headers=self.auth, name="intent")
            self.client.post("/v1/chat", json={"message": text}, headers=self.auth, name="chat")
        else:
            raise RuntimeError(f"unknown BENCH_TARGET {TARGET!r}")
